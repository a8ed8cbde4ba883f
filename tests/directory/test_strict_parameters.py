"""Invalid booleans and empty values get the 400 naming them (issue 7, item 13)."""

import pytest
from django.urls import reverse

from tests.factories import published_profile

PEER_WORKERS = reverse("api:peer-worker-list")
COMMUNES = reverse("api:commune-list")


@pytest.mark.parametrize("value", ["maybe", "peut-être", "2", "vrai"])
def test_remote_that_is_neither_yes_nor_no_is_refused(client, value):
    published_profile(remote=True)
    response = client.get(PEER_WORKERS, {"commune": "80021", "remote": value})
    assert response.status_code == 400
    assert list(response.json()) == ["remote"]
    assert "oui ou par non" in response.json()["remote"][0]


@pytest.mark.parametrize("name", ["remote", "commune", "radius_km", "theme"])
def test_an_empty_parameter_is_refused_by_name(client, name):
    response = client.get(f"{PEER_WORKERS}?{name}=")
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_an_empty_limit_is_refused(client):
    response = client.get(COMMUNES, {"q": "amiens", "limit": ""})
    assert response.status_code == 400
    assert response.json() == {"limit": ["Le nombre de résultats doit être un nombre entier."]}


def test_the_search_page_reads_maybe_as_an_error_not_as_yes(client):
    response = client.get(reverse("directory:home"), {"commune": "80021", "remote": "maybe"})
    assert response.status_code == 200
    assert "oui ou par non" in response.content.decode()
