from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "scorecard.web.dashboard"
    label = "dashboard"
    verbose_name = "Scorecard pages"
