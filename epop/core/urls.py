from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("facile-a-lire/", views.home, name="easy_read"),
    path("parametres-affichage/", views.home, name="display"),
    path("aide/", views.home, name="help"),
    path("recherche/", views.home, name="search"),
    path("accessibilite/", views.home, name="accessibility"),
    path("plan-du-site/", views.home, name="sitemap"),
    path("mentions-legales/", views.home, name="legal_notice"),
    path("donnees-personnelles/", views.home, name="privacy"),
]
