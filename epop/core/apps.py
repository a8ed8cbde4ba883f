from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "epop.core"
    label = "core"
    verbose_name = "Socle"
