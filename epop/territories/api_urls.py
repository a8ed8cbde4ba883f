from django.urls import path

from . import api

urlpatterns = [
    path("communes/", api.CommuneListView.as_view(), name="commune-list"),
    path("communes/<str:code>/", api.CommuneDetailView.as_view(), name="commune-detail"),
]
