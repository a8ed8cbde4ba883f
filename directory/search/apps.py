from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "directory.search"
    label = "directory_search"
    verbose_name = "Annuaire : recherche"
