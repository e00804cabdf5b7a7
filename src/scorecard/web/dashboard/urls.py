"""Stable, shareable addresses: the plan and the month are in the path; a metric by its
web-safe id ("1/2.1" → "1-2-1")."""

from django.urls import path, register_converter

from scorecard.web.dashboard import views


class MonthConverter:
    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(MonthConverter, "month")

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("plans/<slug:plan_id>/", views.plan_latest, name="plan"),
    path("plans/<slug:plan_id>/month/", views.choose_month, name="choose-month"),
    path("plans/<slug:plan_id>/definitions/", views.definitions, name="definitions"),
    path("plans/<slug:plan_id>/symbols/", views.symbols, name="symbols"),
    path("plans/<slug:plan_id>/<month:period>/", views.overview, name="overview"),
    path("plans/<slug:plan_id>/<month:period>/areas/<int:area_id>/", views.area, name="area"),
    path("plans/<slug:plan_id>/<month:period>/metrics/<slug:metric>/", views.metric, name="metric"),
]
