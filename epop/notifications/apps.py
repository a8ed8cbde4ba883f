from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "epop.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Every app declares its notification types in a `notifications.py` module; importing
        # them here, once the models are loaded, fills the registry in every process (web,
        # worker, beat) without relying on which module some other code happened to import.
        from epop.core.discovery import import_local_submodules

        import_local_submodules("notifications")
