from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "directory.coordination"
    label = "directory_coordination"
    verbose_name = "Annuaire : coordination"
