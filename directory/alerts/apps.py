from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "directory.alerts"
    label = "alerts"
    verbose_name = "Annuaire : alertes et besoins"
