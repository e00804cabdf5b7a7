from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "scorecard.web.returns"
    label = "returns"
    verbose_name = "Returns: collecting the figures"
