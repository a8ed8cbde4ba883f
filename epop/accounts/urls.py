from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("organisation/", views.organisation, name="organisation"),
]
