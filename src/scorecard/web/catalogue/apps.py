from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "scorecard.web.catalogue"
    label = "catalogue"
    verbose_name = "Plan catalogue"
