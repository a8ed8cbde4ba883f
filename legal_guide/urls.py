from django.urls import path

from . import views

app_name = "legal_guide"

urlpatterns = [
    path("", views.home, name="home"),
]
