from django.urls import path

from scorecard.web.returns import views

app_name = "returns"
urlpatterns = [
    path("plans/<slug:plan_id>/returns/", views.return_list, name="list"),
    path("plans/<slug:plan_id>/returns/upload/", views.upload, name="upload"),
    path(
        "plans/<slug:plan_id>/returns/template.<str:kind>",
        views.upload_template,
        name="template",
    ),
    path(
        "plans/<slug:plan_id>/returns/<slug:metric>/<str:period>/",
        views.return_page,
        name="return",
    ),
]
