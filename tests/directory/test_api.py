"""The read API of the directory: GeoJSON, the page's search and order, errors, schema, docs."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import yaml
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from directory.profiles import services
from directory.profiles.models import PeerProfile, PublishedProfile
from directory.search import filters
from epop.territories.models import Commune
from tests.factories import ProfileFactory, published_profile

AMIENS, ABBEVILLE, ALBERT, CORBIE, BORDEAUX = "80021", "80001", "80016", "80212", "33063"
URL = "/api/v1/peer-workers/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    """A high rate, so that the many requests of these tests never meet the throttle."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"peer_workers": "100000/min"},
    }


def commune(code):
    return Commune.objects.get(code=code)


def listed_profile(**kwargs):
    """A listed profile, quickly: a validated working copy published directly (the workflow of
    `published_profile` costs a coordinator and several events per profile)."""
    now = timezone.now()
    profile = ProfileFactory(status=PeerProfile.Status.VALIDATED, confirmed_at=now, **kwargs)
    return services.publish(profile, validated_at=now)


def listed_profiles(count, **kwargs):
    return [listed_profile(**kwargs) for _ in range(count)]


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(data):
    return [feature["properties"]["id"] for feature in data["features"]]


def search_ids(**params):
    """The page's search, fed the query string the page would receive."""
    data = QueryDict(urlencode(params, doseq=True))
    filterset = filters.DirectoryFilterSet(data, queryset=PublishedProfile.objects.listed())
    assert filterset.is_valid(), filterset.errors
    return [profile.pk for profile in filterset.qs]


# --- shape --------------------------------------------------------------------------------------


def test_results_are_a_geojson_feature_collection(client):
    profile = published_profile(display_name="Inès A.")
    data = get(client, commune=AMIENS)
    assert data["type"] == "FeatureCollection"
    assert (data["count"], data["next"], data["previous"]) == (1, None, None)
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["properties"] == {
        "id": profile.pk,
        "display_name": "Inès A.",
        "commune": "Amiens",
        "department": "80",
        "distance_km": 0.0,
        "url": f"http://testserver{reverse('directory:profile', args=[profile.pk])}",
    }


def test_geometry_is_the_commune_centre_and_nothing_more_precise(client):
    published_profile(home_commune=commune(CORBIE))
    [feature] = get(client)["features"]
    centre = commune(CORBIE).centre
    assert feature["geometry"] == {"type": "Point", "coordinates": [centre.x, centre.y]}


def test_distance_is_given_only_with_a_place_rounded_to_a_tenth(client):
    published_profile(home_commune=commune(ALBERT), travel_radius_km=60)
    [without_place] = get(client)["features"]
    assert "distance_km" not in without_place["properties"]

    [around_amiens] = get(client, commune=AMIENS, radius_km=50)["features"]
    distance = around_amiens["properties"]["distance_km"]
    assert 25 < distance < 30  # Amiens to Albert: about 26 km
    assert distance == round(distance, 1)

    [around_a_point] = get(client, lat="49.9", lon="2.3")["features"]
    assert "distance_km" in around_a_point["properties"]


# --- the page's search ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"commune": AMIENS},
        {"commune": AMIENS, "radius_km": "50"},
        {"commune": ABBEVILLE, "radius_km": "10", "intervention": ["mediation"]},
        {"lat": "49.92", "lon": "2.33", "radius_km": "20", "remote": "true"},
        {"commune": AMIENS, "format": "presentiel", "language": "fr"},
    ],
    ids=["france", "amiens", "amiens-50", "abbeville-filter", "point-remote", "two-filters"],
)
def test_same_people_in_the_same_order_as_the_page_search(client, params):
    places = [AMIENS, ABBEVILLE, ALBERT, CORBIE, BORDEAUX]
    for index, code in enumerate(places * 5):
        listed_profile(
            home_commune=commune(code),
            travel_radius_km=[0, 10, 30, 60][index % 4],
            intervention_types=[["mediation"], ["sensibilisation"]][index % 2],
            remote=index % 3 == 0,
        )
    expected = search_ids(**params)
    assert len(expected) > 1
    first = get(client, **params)
    found = ids(first)
    if first["next"]:
        found += ids(get(client, **params, page=2))
    assert found == expected
    assert first["count"] == len(expected)


def test_multi_valued_filters_repeat_the_parameter(client):
    published_profile(display_name="A", intervention_types=["sensibilisation"])
    published_profile(display_name="B", intervention_types=["mediation"])
    published_profile(display_name="C", intervention_types=["recherche"])
    response = client.get(
        f"{URL}?commune={AMIENS}&intervention=sensibilisation&intervention=mediation"
    )
    names = {feature["properties"]["display_name"] for feature in response.json()["features"]}
    assert names == {"A", "B"}


def test_format_is_a_filter_not_a_renderer_override(client):
    published_profile(display_name="Sur place", formats=["presentiel"])
    published_profile(display_name="En visio", formats=["distanciel"])
    data = get(client, format="presentiel")
    assert [f["properties"]["display_name"] for f in data["features"]] == ["Sur place"]


@pytest.mark.parametrize(
    ("value", "included"),
    [("true", True), ("1", True), ("on", True), ("false", False), ("0", False), ("non", False)],
)
def test_remote_reads_the_usual_spellings_of_yes_and_no(client, value, included):
    remote = listed_profile(home_commune=commune(BORDEAUX), travel_radius_km=10, remote=True)
    found = ids(get(client, commune=AMIENS, remote=value))
    assert found == ([remote.pk] if included else [])


def test_only_listed_profiles_ever_appear(client):
    visible = published_profile(display_name="Visible")
    stale = published_profile(display_name="Pas confirmé depuis 9 mois")
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - timedelta(days=280)
    )
    paused = published_profile(display_name="En pause masquée")
    services.update_availability(
        paused,
        {"availability": "en_pause", "paused_until": None, "pause_display": "masquer"},
        paused.user,
    )
    deactivated = published_profile(display_name="Compte désactivé")
    deactivated.user.is_active = False
    deactivated.user.save()
    ProfileFactory(display_name="Brouillon", status=PeerProfile.Status.DRAFT)
    ProfileFactory(display_name="En attente", status=PeerProfile.Status.SUBMITTED)

    for params in ({}, {"commune": AMIENS}, {"commune": AMIENS, "remote": "true"}):
        data = get(client, **params)
        assert ids(data) == [visible.pk]
        assert data["count"] == 1


# --- pagination ---------------------------------------------------------------------------------


def test_twenty_per_page_with_links_that_keep_the_search(client):
    listed_profiles(25, intervention_types=["mediation"])
    first = get(client, commune=AMIENS, intervention="mediation")
    assert first["count"] == 25
    assert len(first["features"]) == 20
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert "intervention=mediation" in first["next"]
    assert "commune=80021" in first["next"]

    second = client.get(first["next"]).json()
    assert len(second["features"]) == 5
    assert second["next"] is None
    assert second["previous"].startswith("http://testserver/api/v1/peer-workers/?")
    assert not set(ids(first)) & set(ids(second))


def test_an_empty_search_is_an_empty_first_page(client):
    data = get(client, commune=BORDEAUX)
    assert data == {"type": "FeatureCollection", "count": 0, "next": None, "previous": None,
                    "features": []}  # fmt: skip


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("radius_km=0", "radius_km"),
        ("radius_km=4", "radius_km"),
        ("radius_km=201", "radius_km"),
        ("radius_km=loin", "radius_km"),
        ("lat=abc&lon=2.3", "lat"),
        ("lat=49.9&lon=est", "lon"),
        ("lat=95&lon=2.3", "lat"),
        ("lat=49.9&lon=200", "lon"),
        ("lat=49.9", "lon"),
        ("lon=2.3", "lat"),
        ("commune=99999", "commune"),
        ("commune=800211", "commune"),
        ("commune=Amiens", "commune"),
        ("intervention=inconnu", "intervention"),
        ("intervention=mediation&intervention=inconnu", "intervention"),
        ("theme=inconnu", "theme"),
        ("audience=inconnu", "audience"),
        ("format=inconnu", "format"),
        ("work_mode=inconnu", "work_mode"),
        ("language=klingon", "language"),
        ("availability=en_pause", "availability"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=2", "page"),
        ("page=99999999999999999999", "page"),
        ("commune=80021&page=3", "page"),
    ],
)
def test_each_invalid_parameter_is_a_400_naming_it_in_french(client, query, parameter):
    published_profile()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == [parameter]
    [message] = body[parameter]
    # French, and never Django's or DRF's English.
    assert re.search(r"[a-zàâçéèêëîïôûù]", message)
    assert not re.search(r"\b(the|must|valid|invalid|page number)\b", message, re.IGNORECASE)


def test_a_page_past_the_end_says_how_many_pages_there_are(client):
    listed_profiles(21)
    response = client.get(URL, {"page": 3})
    assert response.status_code == 400
    assert "2 pages" in response.json()["page"][0]


def test_the_api_is_read_only(client):
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(URL).status_code == 405


def test_anonymous_clients_are_throttled(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"peer_workers": "2/min"},
    }
    cache.delete("throttle_peer_workers_127.0.0.1")
    try:
        assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        cache.delete("throttle_peer_workers_127.0.0.1")


# --- queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [20, 100])
def test_query_count_does_not_grow_with_the_results(client, count, django_assert_num_queries):
    listed_profiles(count)
    client.get(URL, {"commune": AMIENS})  # the first request loads GDAL's reference systems
    # The commune of the search, the capped count (which also reads the distances that bound
    # the page), the page (decision 0015): a number that does not depend on the results.
    with django_assert_num_queries(3):
        data = get(client, commune=AMIENS)
    assert len(data["features"]) == 20
    assert data["count"] == count
    # Without a place: the capped count and the page.
    with django_assert_num_queries(2):
        get(client)


# --- schema and docs ----------------------------------------------------------------------------


def schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3_with_every_parameter(client):
    document = schema(client)
    validate_schema(document)
    assert document["openapi"].startswith("3.")
    operation = document["paths"]["/api/v1/peer-workers/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "commune", "lat", "lon", "radius_km", "remote", "intervention", "theme", "audience",
        "format", "work_mode", "language", "availability", "page",
    }  # fmt: skip
    assert all(parameter["description"] for parameter in parameters.values())
    intervention = parameters["intervention"]
    assert intervention["explode"] is True
    assert "sensibilisation" in intervention["schema"]["items"]["enum"]
    assert parameters["radius_km"]["schema"]["maximum"] == filters.MAX_RADIUS_KM
    assert set(operation["responses"]) >= {"200", "400"}


def test_docs_page_has_no_external_address(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "peer-workers" in html
    external = [url for url in re.findall(r"""(?:src|href)=["']([^"']+)""", html)
                if url.startswith(("http:", "https:", "//"))]  # fmt: skip
    assert external == []
