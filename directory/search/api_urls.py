from django.urls import path

from . import api

urlpatterns = [
    path("peer-workers/", api.PeerWorkerListView.as_view(), name="peer-worker-list"),
]
