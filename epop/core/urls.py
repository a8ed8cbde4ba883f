from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("facile-a-lire/", views.easy_read, name="easy_read"),
    path("parametres-affichage/", views.display_preferences, name="display"),
    path("aide/", views.help_page, name="help"),
    path("recherche/", views.search, name="search"),
    path("apercu-markdown/", views.markdown_preview, name="markdown_preview"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    # No trailing slash: probes call it as is, and a redirect would hide the answer.
    path("healthz", views.healthz, name="healthz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says: no 404 in the logs.
    path("favicon.ico", views.favicon, name="favicon"),
]
