"""/annuaire/carte.json: the list's search aggregated as GeoJSON, per commune or per grid cell."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache

from directory.profiles import services
from directory.profiles.models import PublishedProfile
from directory.search import map_data
from epop.territories.models import Commune
from tests.factories import published_profile

AMIENS, ABBEVILLE, ALBERT, BORDEAUX, LILLE = "80021", "80001", "80016", "33063", "59350"
URL = "/annuaire/carte.json"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def commune(code):
    return Commune.objects.get(code=code)


def fetch(client, params=None, **headers):
    response = client.get(URL, params or {}, headers=headers)
    return response, json.loads(response.content) if response.content else None


def by_code(data):
    return {feature["properties"]["code"]: feature for feature in data["features"]}


def test_one_point_per_commune_at_its_centre_with_its_people(client):
    first = published_profile(display_name="Inès A.")
    published_profile(display_name="Jules B.")
    published_profile(display_name="Zoé C.", home_commune=commune(ALBERT))
    response, data = fetch(client, {"commune": AMIENS})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert data["type"] == "FeatureCollection" and data["mode"] == "communes"
    assert data["total"] == 3
    features = by_code(data)
    assert set(features) == {AMIENS, ALBERT}
    amiens = features[AMIENS]
    centre = commune(AMIENS).centre
    assert amiens["geometry"] == {
        "type": "Point",
        "coordinates": [round(centre.x, 4), round(centre.y, 4)],
    }
    properties = amiens["properties"]
    assert properties["commune"] == "Amiens" and properties["dep"] == "80"
    assert properties["count"] == 2
    assert {person["name"] for person in properties["people"]} == {"Inès A.", "Jules B."}
    person = next(p for p in properties["people"] if p["name"] == "Inès A.")
    assert person == {
        "id": first.pk,
        "name": "Inès A.",
        "url": f"/annuaire/intervenant/{first.pk}/",
    }
    # The nearest commune comes first, as in the list.
    assert data["features"][0]["properties"]["code"] == AMIENS


def test_at_most_five_people_per_commune_in_the_lists_order(client):
    for index in range(7):
        published_profile(display_name=f"P{index}")
    _, data = fetch(client, {"commune": AMIENS})
    properties = by_code(data)[AMIENS]["properties"]
    assert properties["count"] == 7
    assert len(properties["people"]) == map_data.PEOPLE_PER_COMMUNE
    page = client.get("/annuaire/", {"commune": AMIENS}).content.decode()
    listed = [page.index(f">{person['name']}<") for person in properties["people"]]
    assert listed == sorted(listed), "the map's first five are not the list's first five"


def test_the_same_filters_and_visibility_as_the_list(client):
    published_profile(display_name="Formatrice", intervention_types=["formation_professionnels"])
    published_profile(display_name="Médiateur", intervention_types=["mediation"])
    hidden = published_profile(display_name="Masquée", intervention_types=["mediation"])
    services.update_availability(
        hidden,
        {"availability": "en_pause", "paused_until": None, "pause_display": "masquer"},
        hidden.user,
    )
    stale = published_profile(display_name="Ancien", intervention_types=["mediation"])
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=stale.published.confirmed_at - timedelta(days=300)
    )
    _, data = fetch(client, {"commune": AMIENS, "intervention": "mediation"})
    names = [p["name"] for f in data["features"] for p in f["properties"]["people"]]
    assert names == ["Médiateur"]
    assert data["total"] == 1


def test_zone_matching_and_the_typed_place_work_as_in_the_list(client):
    published_profile(display_name="Inès A.", travel_radius_km=50)
    _, data = fetch(client, {"lieu": "Abbeville", "radius_km": "10"})
    assert [f["properties"]["code"] for f in data["features"]] == [AMIENS]
    _, data = fetch(client, {"lieu": "Abbeville", "radius_km": "10", "intervention": "recherche"})
    assert data["features"] == [] and data["total"] == 0


def test_search_url_keeps_the_filters_but_not_the_place(client):
    _, data = fetch(client, {"commune": AMIENS, "radius_km": "50", "format": "presentiel"})
    assert data["search_url"] == "/annuaire/?format=presentiel&radius_km=50"


@pytest.mark.parametrize(
    "params",
    [
        {"radius_km": "0"},
        {"intervention": "inconnu"},
        {"commune": "99999"},
        {"lieu": "Xyzzy"},
        {"lieu": "Montdidier"},
    ],  # fmt: skip
)
def test_invalid_searches_answer_400_with_french_errors(client, params):
    response, data = fetch(client, params)
    assert response.status_code == 400
    messages = [message for field in data["errors"].values() for message in field]
    assert messages and all(message.startswith("Erreur : ") for message in messages)


def test_big_answers_are_grid_cells_with_counts_and_no_names(client, monkeypatch):
    monkeypatch.setattr(map_data, "MAX_COMMUNE_FEATURES", 2)
    published_profile(display_name="Inès A.")
    published_profile(display_name="Jules B.")
    published_profile(display_name="Zoé C.", home_commune=commune(ABBEVILLE))
    published_profile(display_name="Léo D.", home_commune=commune(BORDEAUX))
    published_profile(display_name="Léa E.", home_commune=commune(LILLE))
    response, data = fetch(client)
    assert data["mode"] == "grid" and data["total"] == 5
    cells = data["features"]
    assert sum(cell["properties"]["count"] for cell in cells) == 5
    # Amiens and Abbeville are 40 km apart: different cells; the biggest cell comes first.
    assert cells[0]["properties"] == {"code": AMIENS, "commune": "Amiens", "dep": "80", "count": 2}
    assert "people" not in json.dumps(data) and "Inès" not in json.dumps(data)
    x, y = cells[0]["geometry"]["coordinates"]
    centre = commune(AMIENS).centre
    assert (x, y) == (round(centre.x, 3), round(centre.y, 3))


def test_grid_answers_are_cached_briefly_and_revalidated_by_etag(client, monkeypatch):
    monkeypatch.setattr(map_data, "MAX_COMMUNE_FEATURES", 0)
    published_profile(display_name="Inès A.")
    response, data = fetch(client)
    assert data["mode"] == "grid"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    etag = response["ETag"]
    published_profile(display_name="Jules B.")
    # Served from the cache for a few minutes: counts only, the same for everyone.
    _, cached = fetch(client)
    assert cached == data
    again, _ = fetch(client, None, **{"If-None-Match": etag})
    assert again.status_code == 304


def test_people_answers_are_never_cached_on_the_server(client):
    published_profile(display_name="Inès A.")
    _, before = fetch(client)
    hidden = published_profile(display_name="Jules B.")
    _, after = fetch(client)
    assert after["total"] == before["total"] + 1
    services.update_availability(
        hidden,
        {"availability": "en_pause", "paused_until": None, "pause_display": "masquer"},
        hidden.user,
    )
    _, last = fetch(client)
    assert "Jules B." not in json.dumps(last, ensure_ascii=False)


def test_names_travel_as_json_text(client):
    nasty = 'Zoé <img src=x onerror="alert(1)">'
    published_profile(display_name=nasty)
    response, data = fetch(client)
    assert data["features"][0]["properties"]["people"][0]["name"] == nasty
    assert response["Content-Type"] == "application/json"
