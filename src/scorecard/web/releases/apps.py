from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "scorecard.web.releases"
    label = "releases"
    verbose_name = "Releases"
    default_auto_field = "django.db.models.BigAutoField"
