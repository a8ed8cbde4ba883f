"""Contact requests (« mises en relation »), included in the "directory" namespace."""

from django.urls import path

from . import need_views, views

urlpatterns = [
    path("intervenant/<int:pk>/contacter/", views.request_form, name="contact_request"),
    path("messages/", views.inbox, name="contact_inbox"),
    path("messages/<int:pk>/", views.thread, name="contact_thread"),
    path("messages/<int:pk>/repondre/", views.reply, name="contact_reply"),
    path("messages/<int:pk>/accepter/", views.accept, name="contact_accept"),
    path("messages/<int:pk>/decliner/", views.decline, name="contact_decline"),
    path("messages/<int:pk>/suivi/", views.outcome, name="contact_outcome"),
    path("messages/<int:pk>/bloquer/", views.block, name="contact_block"),
    path("messages/<int:pk>/debloquer/", views.unblock, name="contact_unblock"),
    path("messages/<int:pk>/signaler/<int:message_pk>/", views.report, name="contact_report"),
    path("besoins/<int:pk>/repondre/", need_views.need_answer, name="need_answer"),
    path("coordination/indicateurs/", views.indicators, name="contact_indicators"),
    path("coordination/signalements/", views.reports, name="contact_reports"),
]
