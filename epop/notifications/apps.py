from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "epop.notifications"
    label = "notifications"
    verbose_name = "Notifications"
