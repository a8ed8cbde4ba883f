"""The signed-in home page: what each kind of account can do."""

from urllib.parse import urlparse

from django.urls import reverse

from epop.accounts.models import User
from epop.territories.models import Region

from .helpers import page

DASHBOARD = reverse("accounts:dashboard")


def test_dashboard_requires_login(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("account_login")


def dashboard_of(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return page(response)


def test_dashboard_greets_and_links_to_account_settings(client, verified_user):
    user = verified_user(first_name="Léa")

    html = dashboard_of(client, user)

    assert html.title == "Mon espace – EPoP"
    assert html.h1 == ["Mon espace"]
    assert f"Bonjour Léa, vous êtes connecté·e avec l'adresse {user.email}." in html.main_text
    assert html.find("a", href=reverse("account_email"))
    assert html.find("a", href=reverse("account_change_password"))


def test_dashboard_links_to_notification_preferences_when_they_exist(client, verified_user):
    from django.urls import NoReverseMatch

    html = dashboard_of(client, verified_user())

    try:
        preferences = reverse("notifications:preferences")
    except NoReverseMatch:
        # Until the notifications app routes its page, no dead link is shown.
        assert "Choisir les messages que je reçois" not in html.main_text
    else:
        assert html.find("a", href=preferences)


def test_peer_worker_is_invited_to_write_a_profile(client, verified_user):
    html = dashboard_of(client, verified_user(kind=User.Kind.PEER_WORKER))

    assert "Créer ou modifier mon profil" in html.main_text
    assert html.find("a", href=reverse("directory:edit"), **{"class": "button"})
    assert "Chercher un·e intervenant·e-pair" not in html.main_text


def test_employer_is_invited_to_search_the_directory(client, verified_user):
    html = dashboard_of(client, verified_user(kind=User.Kind.EMPLOYER))

    assert "Chercher un·e intervenant·e-pair" in html.main_text
    assert "Créer ou modifier mon profil" not in html.main_text


def test_coordinator_without_region_is_told_why_nothing_is_available(client, verified_user):
    html = dashboard_of(client, verified_user(kind=User.Kind.COORDINATOR))

    assert "L'équipe nationale ne vous a pas encore attribué de région." in html.main_text
    assert "Créer ou modifier mon profil" not in html.main_text


def test_regional_coordinator_sees_its_regions(client, verified_user):
    user = verified_user(kind=User.Kind.COORDINATOR)
    user.regions.set(
        [
            Region.objects.create(code="T2", name="Région test B", has_regional_team=True),
            Region.objects.create(code="T1", name="Région test A", has_regional_team=True),
        ]
    )

    html = dashboard_of(client, user)

    assert "Vous coordonnez ces régions : Région test A Région test B" in html.main_text
    assert "pas encore attribué de région" not in html.main_text


def test_national_coordinator_is_reminded_of_its_scope(client, verified_user):
    html = dashboard_of(client, verified_user(kind=User.Kind.COORDINATOR, is_staff=True))

    assert "régions qui n'ont pas d'équipe régionale" in html.main_text
    assert "pas encore attribué de région" not in html.main_text
