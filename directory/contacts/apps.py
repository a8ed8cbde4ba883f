from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "directory.contacts"
    label = "contacts"
    verbose_name = "Annuaire : mises en relation"
