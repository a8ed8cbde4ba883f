from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "epop.territories"
    label = "territories"
    verbose_name = "Territoires"
