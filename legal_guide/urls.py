from django.urls import path

from . import simulator_views, tree_views, views

app_name = "legal_guide"

# Fixed addresses first: a situation's slug can never take one of them (models.RESERVED_SLUGS).
urlpatterns = [
    path("", views.home, name="home"),
    path("orientation/", tree_views.orientation, name="tree"),
    path("orientation/resultat.pdf", tree_views.orientation_pdf, name="tree_pdf"),
    path("simulateur/", simulator_views.simulator, name="simulator"),
    path("facile-a-lire/", views.easy_read_index, name="easy_read"),
    path("<slug:slug>/", views.situation, name="situation"),
    path("<slug:slug>/facile-a-lire/", views.situation_falc, name="situation_falc"),
]
