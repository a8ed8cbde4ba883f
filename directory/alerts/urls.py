"""Alerts (saved searches) and needs, included in the "directory" namespace under /annuaire/."""

from django.urls import path

from . import views

urlpatterns = [
    path("alertes/", views.alerts, name="alerts"),
    path("alertes/nouvelle/", views.alert_create, name="alert_create"),
    path("alertes/<int:pk>/modifier/", views.alert_edit, name="alert_edit"),
    path("alertes/<int:pk>/supprimer/", views.alert_delete, name="alert_delete"),
    path("alertes/desabonnement/<str:token>/", views.alert_unsubscribe, name="alert_unsubscribe"),
    path("besoins/", views.needs, name="needs"),
    path("besoins/nouveau/", views.need_create, name="need_create"),
    path("besoins/<int:pk>/", views.need_detail, name="need"),
    path("besoins/<int:pk>/fermer/", views.need_close, name="need_close"),
]
