"""The API's addresses under /api/v1/ (docs/api.md); anything else under /api/ is a 404
problem, never the site's HTML page."""

from django.urls import path, re_path

from scorecard.web.api import views

app_name = "api"
PLAN = "api/v1/plans/<str:plan_id>"
RELEASE = PLAN + "/releases/<str:period>"
urlpatterns = [
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("api/v1/plans", views.plans, name="plans"),
    path(PLAN, views.plan, name="plan"),
    path(PLAN + "/metrics", views.metrics, name="metrics"),
    path(PLAN + "/metrics/<path:slug>", views.metric, name="metric"),  # "1/2.1" as well
    path(PLAN + "/figures", views.figures, name="figures"),
    path(PLAN + "/assessments", views.assessments, name="assessments"),
    path(PLAN + "/releases", views.releases, name="releases"),
    path(RELEASE, views.release, name="release"),
    path(RELEASE + "/versions/<str:number>", views.version, name="version"),
    # [\s\S]: an address holding a line break (%0A) is the API's too, not the site's HTML page
    re_path(r"^api(?:/(?P<rest>[\s\S]*))?$", views.unknown, name="unknown"),
]
