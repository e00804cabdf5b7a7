from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "scorecard.web.accounts"
    label = "accounts"
    verbose_name = "People and their roles"
