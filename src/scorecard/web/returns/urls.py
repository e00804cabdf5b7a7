from django.urls import path

from scorecard.web.returns import listing, owners, views

app_name = "returns"
urlpatterns = [
    path("plans/<slug:plan_id>/returns/", listing.return_list, name="list"),
    path("plans/<slug:plan_id>/returns/approve/", listing.approve, name="approve"),
    path("plans/<slug:plan_id>/owners/", owners.owners, name="owners"),
    path("plans/<slug:plan_id>/owners/<slug:metric>/", owners.edit_owner, name="owner"),
    path("plans/<slug:plan_id>/history/", owners.history, name="history"),
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
