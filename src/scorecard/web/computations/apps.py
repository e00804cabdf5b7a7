from django.apps import AppConfig


class ComputationsConfig(AppConfig):
    name = "scorecard.web.computations"
    label = "computations"
    verbose_name = "Computations"
