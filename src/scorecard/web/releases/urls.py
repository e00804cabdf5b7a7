"""Stable addresses for every release and version, and a "latest" address for each plan."""

from django.urls import path

# The dashboard's addresses register the <month:...> converter these use.
from scorecard.web.dashboard import urls as dashboard_urls
from scorecard.web.releases import views

MONTH = dashboard_urls.MonthConverter.regex

app_name = "releases"
VERSION = "plans/<slug:plan_id>/releases/<month:period>/v<int:number>/"
urlpatterns = [
    path("plans/<slug:plan_id>/releases/", views.release_list, name="list"),
    path("plans/<slug:plan_id>/releases/latest/", views.latest, name="latest"),
    path("plans/<slug:plan_id>/releases/prepare/", views.prepare_release, name="prepare"),
    path("plans/<slug:plan_id>/releases/<month:period>/", views.month_latest, name="month"),
    path(VERSION, views.version_page, name="version"),
    path(VERSION + "board-pack.pdf", views.board_pack, name="board-pack"),
    path(VERSION + "<str:action>/", views.act, name="act"),
    path(VERSION + "files/<str:filename>", views.download, name="file"),
]
