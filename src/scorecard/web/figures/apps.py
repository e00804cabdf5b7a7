from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "scorecard.web.figures"
    label = "figures"
    verbose_name = "Figures"
