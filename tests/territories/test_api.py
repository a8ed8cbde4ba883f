import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from epop.territories.models import Commune
from epop.territories.search import search_communes
from epop.territories.serializers import CommuneSerializer
from epop.territories.text import fold
from epop.territories.validation import postcode_prefixes

from .conftest import fixture_commune

URL = reverse("api:commune-list")


def search(client, q=None, **params):
    if q is not None:
        params["q"] = q
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(client, q, **params):
    return [row["nom"] for row in search(client, q, **params)]


def codes(client, q, **params):
    return [row["code"] for row in search(client, q, **params)]


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["evreux", "EVREUX", "Évreux", "éVREUX", "evr"])
def test_name_is_accent_and_case_insensitive(client, q):
    assert names(client, q)[0] == "Évreux"


@pytest.mark.parametrize(
    "q", ["L'Haÿ-les-Roses", "l’haÿ les roses", "l hay", "L-HAY-LES", "l'hay les roses"]
)
def test_apostrophes_hyphens_and_diaeresis_do_not_matter(client, q):
    assert codes(client, q)[0] == "94038"


def test_typo_finds_the_intended_commune(client):
    # Grun-Bordas is in the fixture on purpose: by word similarity alone it beats Bordeaux.
    assert names(client, "bordaux")[0] == "Bordeaux"
    assert names(client, "carcasonne")[0] == "Carcassonne"
    assert names(client, "strasbourh")[0] == "Strasbourg"


def test_prefix_matches_come_before_typo_matches(client):
    # "tarbe" is a prefix of Tarbes and only similar to anything else.
    assert names(client, "tarbe")[0] == "Tarbes"


def test_larger_communes_first_for_an_ambiguous_prefix(client):
    assert names(client, "tou") == ["Toulouse", "Tourcoing"]
    assert codes(client, "saint") == [
        "42218",  # Saint-Étienne, 173,136 inhabitants
        "97411",  # Saint-Denis (La Réunion), 155,634
        "93066",  # Saint-Denis (Seine-Saint-Denis), 149,077
        "97228",  # Sainte-Marie (Martinique), 14,756
        "35294",  # Sainte-Marie (Ille-et-Vilaine), 2,247
        "33394",  # Saint-Émilion, 1,608
        "25523",  # Sainte-Marie (Doubs), 648
    ]
    # Homonyms: the same name, the larger first.
    assert codes(client, "montdidier") == ["80561", "57478"]
    assert codes(client, "sainte marie") == ["97228", "35294", "25523"]


def test_exact_name_comes_before_longer_names(client):
    # Albertville is twice as big as Albert, but "albert" is Albert's whole name.
    assert names(client, "albert")[:2] == ["Albert", "Albertville"]


def test_a_word_inside_the_name_matches(client):
    assert names(client, "etienne")[0] == "Saint-Étienne"
    assert names(client, "roses")[0] == "L'Haÿ-les-Roses"


def test_saint_abbreviation(client):
    assert names(client, "st etienne")[0] == "Saint-Étienne"
    assert names(client, "ste marie")[0] == "Sainte-Marie"
    # Alone, "st" is the start of a word being typed: Strasbourg, not every Saint-.
    assert names(client, "st") == ["Strasbourg"]


def test_suggestion_label_sent_back_finds_that_commune(client):
    assert codes(client, "Montdidier (80500)") == ["80561"]


# --- Codes ---------------------------------------------------------------------------------------


def test_postcode_finds_the_commune(client):
    assert names(client, "80000") == ["Amiens"]
    assert names(client, "80080") == ["Amiens"]  # a secondary postcode
    assert names(client, "80 000") == ["Amiens"]


def test_postcode_prefix_lists_communes_largest_first(client):
    assert names(client, "80") == [
        "Amiens",
        "Abbeville",
        "Albert",
        "Péronne",
        "Corbie",
        "Montdidier",
        "Doullens",
    ]
    assert names(client, "33") == [
        "Bordeaux",
        "Libourne",
        "Arcachon",
        "Langon",
        "Blaye",
        "Saint-Émilion",
    ]
    assert names(client, "8008") == ["Amiens"]  # prefix of a secondary postcode (80080)


def test_insee_code_finds_the_commune(client):
    assert names(client, "80021") == ["Amiens"]
    assert names(client, "2a004") == ["Ajaccio"]


def test_postcode_comes_before_the_same_insee_code(client):
    """« 23200 » is Aubusson's postcode and Saint-Goussaud's INSEE code: people type postcodes,
    so the communes with that postcode come first, the INSEE code after."""

    def commune(code, name, postcodes, population):
        return Commune.objects.create(
            code=code,
            name=name,
            search_name=fold(name),
            department_id="23",
            region_id="75",
            postcodes=postcodes,
            postcode_prefixes=list(postcode_prefixes(postcodes)),
            population=population,
            centre=Point(2.0, 46.0),
        )

    commune("23200", "Saint-Goussaud", ["23430"], 180)
    commune("23008", "Aubusson", ["23200"], 3300)
    commune("23176", "Saint-Pardoux-le-Neuf", ["23200"], 300)
    assert names(client, "23200") == ["Aubusson", "Saint-Pardoux-le-Neuf", "Saint-Goussaud"]
    # The INSEE code alone still finds its commune.
    assert names(client, "23430") == ["Saint-Goussaud"]


# --- Parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("q", [None, "", " ", "a", "é", "8", "'-", "l'"])
def test_query_shorter_than_two_characters_gives_an_empty_list(client, q):
    assert search(client, q) == []


def test_query_longer_than_100_characters_is_refused_in_french(client):
    assert search(client, "a" * 100) == []

    response = client.get(URL, {"q": "a" * 101})

    assert response.status_code == 400
    assert response.json() == {"q": ["La recherche est trop longue : 100 caractères au plus."]}


@pytest.fixture
def many_communes():
    # Fifteen homonyms, so that limits can bite.
    Commune.objects.bulk_create(
        Commune(
            code=f"80{900 + index}",
            name=f"Villers-Essai-{index:02d}",
            search_name=f"villers essai {index:02d}",
            department_id="80",
            region_id="32",
            population=100 + index,
            centre=Point(2.3, 49.9, srid=4326),
        )
        for index in range(25)
    )


def test_default_limit_is_ten(client, many_communes):
    assert len(search(client, "villers essai")) == 10


def test_limit_is_honoured_up_to_twenty(client, many_communes):
    assert len(search(client, "villers essai", limit=3)) == 3
    result = search(client, "villers essai", limit=20)
    assert len(result) == 20
    # Most populated first.
    assert [row["population"] for row in result] == sorted(
        (row["population"] for row in result), reverse=True
    )


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        (0, "Le nombre de résultats doit être au moins 1."),
        (21, "Le nombre de résultats ne peut pas dépasser 20."),
        ("dix", "Le nombre de résultats doit être un nombre entier."),
    ],
)
def test_limit_out_of_bounds_is_refused(client, limit, message):
    response = client.get(URL, {"q": "amiens", "limit": limit})
    assert response.status_code == 400
    assert response.json() == {"limit": [message]}


# --- Response ------------------------------------------------------------------------------------


def test_response_fields(client):
    source = fixture_commune("80021")
    lon, lat = source["centre"]["coordinates"]

    (amiens,) = search(client, "amiens")

    assert amiens == {
        "code": "80021",
        "nom": "Amiens",
        "code_postal": "80000",
        "codes_postaux": ["80000", "80080", "80090"],
        "departement": "80",
        "departement_nom": "Somme",
        "region": "32",
        "population": source["population"],
        "centre": {"lat": lat, "lon": lon},
        "label": "Amiens (80000)",
    }


def test_commune_without_centre_or_postcode(client):
    (oie,) = search(client, "l oie")
    assert oie["centre"] is None
    assert oie["label"] == "L'Oie (85140)"

    (kerguelen,) = search(client, "kerguelen")
    assert kerguelen["code_postal"] == ""
    assert kerguelen["codes_postaux"] == []
    assert kerguelen["label"] == "Archipel des Kerguelen"


def test_answers_are_public_and_cacheable(client):
    response = client.get(URL, {"q": "amiens"})
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]


def test_queries_are_bounded(client, django_assert_max_num_queries):
    # One query per search step, department names included (a subquery, not a query per
    # commune); the typo step adds its threshold, and here the test transaction's savepoints.
    with django_assert_max_num_queries(6):
        assert names(client, "bordaux")[0] == "Bordeaux"
    with django_assert_max_num_queries(1):
        assert len(search(client, "80")) == 7


# --- Detail --------------------------------------------------------------------------------------


def test_detail(client):
    response = client.get(reverse("api:commune-detail", args=["2a004"]))
    assert response.status_code == 200
    assert response.json()["nom"] == "Ajaccio"
    assert response.json()["departement_nom"] == "Corse-du-Sud"


def test_detail_of_unknown_code_is_a_json_404(client):
    response = client.get(reverse("api:commune-detail", args=["99999"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucune commune ne porte ce code INSEE."}


# --- Index use -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "index"),
    [
        ("amie", "commune_search_trgm"),  # prefix
        ("roses", "commune_search_trgm"),  # word prefix
        ("bordaux", "commune_search_trgm"),  # typo
        ("800", "commune_postcode_prefix_gin"),  # postcode prefix
    ],
)
def test_search_queries_can_use_the_gin_indexes(q, index):
    """With a few dozen rows the planner rightly scans the table (or walks the population index
    and filters). With both disabled only bitmap scans remain, which need an index condition: the
    plan fails as soon as a filter stops being indexable (a function around search_name, a LIKE
    built the wrong way…)."""
    with CaptureQueriesContext(connection) as captured:
        search_communes(q)
    selects = [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "territories_commune"' in query["sql"]
    ]
    assert selects
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for sql in selects:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


def test_openapi_documents_the_parameters(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"][URL]["get"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}
    assert parameters["q"]["maxLength"] == 100
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 20)
    assert parameters["limit"]["default"] == 10


def test_serializer_also_accepts_a_plain_commune(django_assert_num_queries):
    commune = Commune.objects.get(code="80021")  # not annotated by the search
    with django_assert_num_queries(1):
        assert CommuneSerializer(commune).data["departement_nom"] == "Somme"
