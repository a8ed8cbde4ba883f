from django.urls import path

from . import community_views, path_views, quote_views, views

app_name = "toolbox"

urlpatterns = [
    path("", views.home, name="home"),
    # Resources
    path("ressources/", views.resources, name="resources"),
    path("ressources/<slug:slug>/", views.resource, name="resource"),
    path(
        "ressources/<slug:slug>/telecharger/<str:fmt>/",
        views.download,
        name="download",
    ),
    path("ressources/<slug:slug>/sous-titres.vtt", views.captions, name="captions"),
    # Orientation paths
    path("parcours/devenir/", path_views.overview, {"slug": "devenir"}, name="path_become"),
    path("parcours/faire-appel/", path_views.overview, {"slug": "faire-appel"}, name="path_hire"),
    path("parcours/<slug:slug>/etape/<int:position>/", path_views.step, name="path_step"),
    path("parcours/<slug:slug>/passer-a-l-action/", path_views.end, name="path_end"),
    path("parcours/<slug:slug>/recommencer/", path_views.reset, name="path_reset"),
    # Quotes and invoices
    path("devis/", quote_views.quotes, name="quotes"),
    path("devis/nouveau/", quote_views.quote_create, name="quote_create"),
    path("devis/<int:pk>/", quote_views.quote_detail, name="quote"),
    path("devis/<int:pk>/modifier/", quote_views.quote_edit, name="quote_edit"),
    path("devis/<int:pk>/pdf/", quote_views.quote_pdf, name="quote_pdf"),
    path("devis/<int:pk>/facture.pdf", quote_views.invoice_pdf, name="invoice_pdf"),
    path("devis/<int:pk>/dupliquer/", quote_views.quote_duplicate, name="quote_duplicate"),
    path("devis/<int:pk>/accepter/", quote_views.quote_accept, name="quote_accept"),
    path("devis/<int:pk>/facturer/", quote_views.quote_invoice, name="quote_invoice"),
    path("devis/<int:pk>/supprimer/", quote_views.quote_delete, name="quote_delete"),
    # Experience reports
    path("retours-d-experience/", community_views.reports, name="reports"),
    path("retours-d-experience/nouveau/", community_views.report_create, name="report_create"),
    path("retours-d-experience/<int:pk>/", community_views.report, name="report"),
    path(
        "retours-d-experience/<int:pk>/retirer/",
        community_views.report_withdraw,
        name="report_withdraw",
    ),
    # Trainings, news and events
    path("formations/", community_views.trainings, name="trainings"),
    path("evenements/", community_views.events, name="events"),
    path("evenements/region/<str:code>.ics", community_views.region_feed, name="region_feed"),
    path("evenements/<slug:slug>/", community_views.event, name="event"),
    path("evenements/<slug:slug>.ics", community_views.event_ics, name="event_ics"),
]
