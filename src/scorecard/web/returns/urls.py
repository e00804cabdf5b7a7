from django.urls import path

from scorecard.web.returns import views

app_name = "returns"
urlpatterns = [
    path("plans/<slug:plan_id>/returns/", views.return_list, name="list"),
    path(
        "plans/<slug:plan_id>/returns/<slug:metric>/<str:period>/",
        views.return_page,
        name="return",
    ),
]
