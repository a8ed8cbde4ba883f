"""A typed commune is checked for length before any query (issue 7, item 5): 100 KB typed in
the profile's place step, the contact form or the need form costs no query on the communes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from epop.accounts.models import Organisation
from tests.factories import EmployerFactory, ProfileFactory, published_profile

HUGE = "Amiens " * 15_000  # about 100 KB


def _commune_queries(captured) -> list[str]:
    """Queries that look a typed commune up (by name, postcode or with the typed text)."""
    return [
        q["sql"][:200]
        for q in captured.captured_queries
        if "Amiens Amiens" in q["sql"]
        or '"search_name" IN' in q["sql"]
        or "search_name LIKE" in q["sql"]
        or '"postcodes" @>' in q["sql"]
    ]


@pytest.fixture
def employer(client):
    user = EmployerFactory()
    Organisation.objects.create(user=user, name="Structure", kind="association")
    client.force_login(user)
    return user


def test_profile_place_step(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/annuaire/mon-profil/etape/lieu/", {"commune": HUGE, "travel_radius_km": "30"}
        )
    assert response.status_code == 200
    assert "trop long" in response.content.decode()
    assert _commune_queries(captured) == []
    profile.refresh_from_db()
    assert profile.home_commune.code == "80021"


def test_contact_form(client, employer):
    profile = published_profile()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/annuaire/intervenant/{profile.pk}/contacter/",
            {"place": "commune", "commune": HUGE, "description": "Bonjour"},
        )
    assert response.status_code == 200
    assert "trop long" in response.content.decode()
    assert _commune_queries(captured) == []


def test_need_form(client, employer):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            "/annuaire/besoins/nouveau/",
            {"title": "Besoin", "description": "Texte", "commune": HUGE},
        )
    assert response.status_code == 200
    assert _commune_queries(captured) == []


def test_the_commune_search_refuses_before_querying():
    from epop.territories.search import search_communes

    with CaptureQueriesContext(connection) as captured:
        assert search_communes(HUGE) == []
        assert search_communes("Amiens\x00") == []
    assert captured.captured_queries == []
