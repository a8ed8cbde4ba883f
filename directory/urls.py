from django.urls import include, path

from directory.coordination import views as coordination_views
from directory.profiles import charter_views
from directory.profiles import views as edit_views
from directory.search import views as search_views

app_name = "directory"

urlpatterns = [
    # Employers and visitors
    path("", search_views.search, name="home"),
    path("carte.json", search_views.map_data, name="map_data"),
    path("intervenant/<int:pk>/", search_views.profile_detail, name="profile"),
    path("charte/", charter_views.charter, name="charter"),
    # Peer workers: their own profile
    path("mon-profil/", edit_views.overview, name="edit"),
    path("mon-profil/etape/<slug:step>/", edit_views.step, name="edit_step"),
    path("mon-profil/apercu/", edit_views.preview, name="preview"),
    path("mon-profil/envoyer/", edit_views.submit, name="submit"),
    path("mon-profil/disponibilite/", edit_views.availability, name="availability"),
    path("mon-profil/confirmer/", edit_views.confirm, name="confirm"),
    # Contact requests and conversations; saved searches, alerts and needs
    path("", include("directory.contacts.urls")),
    path("", include("directory.alerts.urls")),
    # Coordinators
    path("coordination/", coordination_views.queue, name="coordination"),
    path("coordination/profil/<int:pk>/", coordination_views.review, name="coordination_profile"),
    path(
        "coordination/profil/<int:pk>/premier-echange/",
        coordination_views.first_exchange,
        name="coordination_exchange",
    ),
    path(
        "coordination/profil/<int:pk>/decision/",
        coordination_views.decision,
        name="coordination_decision",
    ),
]
