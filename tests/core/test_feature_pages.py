"""The four areas' home pages: real content, the current section marked in the menu, and the
forum's access rule told to each visitor."""

import pytest
from django.urls import reverse

from epop.accounts.models import User

from .markup import parse

AREAS = {
    "directory:home": "Annuaire des intervenant·es-pairs",
    "toolbox:home": "Boîte à outils",
    "legal_guide:home": "Guide juridique",
    "forum:home": "Forum des intervenant·es-pairs",
}


@pytest.mark.parametrize(("url_name", "h1"), AREAS.items())
def test_area_home(client, url_name, h1):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert parse(response.content).h1 == [h1]
    content = response.content.decode()
    menu = content.split('id="menu"')[1].split("</nav>")[0]
    current = [line for line in menu.splitlines() if "aria-current" in line]
    assert len(current) == 1
    assert f'href="{reverse(url_name)}" aria-current="page"' in current[0]


def test_forum_states_the_rule_to_visitors(client):
    content = client.get(reverse("forum:home")).content.decode()
    assert "réservé aux intervenant·es-pairs dont le profil a été validé" in content
    assert f'href="{reverse("account_signup")}"' in content


def test_forum_tells_a_signed_in_employer_it_has_no_access(client):
    user = User.objects.create_user("structure@example.org", "mot-de-passe-long", kind="employeur")
    client.force_login(user)
    content = client.get(reverse("forum:home")).content.decode().replace("&#x27;", "'")
    assert "Votre compte n'a pas accès au forum" in content


def test_forum_welcomes_a_peer_worker_with_access(client, monkeypatch):
    # Validation belongs to the directory; here only the page's answer to the predicate matters.
    monkeypatch.setattr("forum.views.can_access_forum", lambda user: True)
    monkeypatch.setattr("forum.access.can_access_forum", lambda user: True)
    user = User.objects.create_user(
        "pair@example.org", "mdp-long-123", kind="intervenant_pair", first_name="Inès"
    )
    client.force_login(user)
    content = client.get(reverse("forum:home")).content.decode().replace("&#x27;", "'")
    # The forum itself opens: categories, and the member's pseudonym.
    assert "Bienvenue, @ines" in content
    assert "Thèmes nationaux" in content
