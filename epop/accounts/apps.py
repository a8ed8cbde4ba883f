from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "epop.accounts"
    label = "accounts"
    verbose_name = "Comptes"
