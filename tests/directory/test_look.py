"""The directory's look, server side (issue 13): the outline file behind the map, the search kept
on profile links, « Filtres (n) », initials on cards, the favicon."""

import gzip
import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.http import QueryDict

from directory.search.templatetags.directory_search import initials, search_query
from tests.factories import published_profile

ROOT = Path(__file__).resolve().parents[2]
CONTOURS = ROOT / "static" / "geo" / "france-contours.json"


def hrefs(response, text: str) -> list[str]:
    html = response.content.decode()
    return [unescape(href) for href in re.findall(rf'<a href="([^"]*)">{text}</a>', html)]


# --- The map's own background ------------------------------------------------------------------


def test_outline_file_is_small_and_complete():
    payload = CONTOURS.read_bytes()
    assert len(gzip.compress(payload, 9)) <= 150 * 1024
    data = json.loads(payload)
    kinds = [feature["properties"]["kind"] for feature in data["features"]]
    assert kinds.count("departement") == 96  # every metropolitan department, Corsica included
    assert kinds.count("region") == 13
    codes = {feature["properties"]["code"] for feature in data["features"]}
    assert {"2A", "2B", "75", "80", "11", "84"} <= codes
    assert data["attribution"] == "Contours : IGN Admin Express, Licence Ouverte"
    for feature in data["features"]:
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_the_map_is_given_the_outline_file(client, transactional_db):
    published_profile(display_name="Inès A.")
    html = client.get("/annuaire/").content.decode()
    assert 'data-contours="/static/geo/france-contours.json"' in html
    assert "La Réunion" in html and "Mayotte" in html and "Guyane" in html


# --- The search kept on the way to a profile and back ------------------------------------------


def test_search_query_keeps_only_the_search_parameters():
    query = QueryDict(
        "lieu=Amiens&radius_km=10&intervention=sensibilisation&page=2"
        "&next=https://evil.example&redirect=//evil.example&format=%00x"
    )
    assert parse_qs(search_query(query)) == {
        "intervention": ["sensibilisation"],
        "lieu": ["Amiens"],
        "page": ["2"],
        "radius_km": ["10"],
    }
    assert search_query(QueryDict("lieu=" + "a" * 101)) == ""


@pytest.mark.django_db
def test_result_links_carry_the_search_and_the_profile_links_back(client):
    profile = published_profile(display_name="Inès A.")
    search = client.get("/annuaire/", {"commune": "80021", "radius_km": "10"})
    (link,) = hrefs(search, "Inès A.")
    path, query = link.split("?")
    assert path == f"/annuaire/intervenant/{profile.pk}/"
    assert parse_qs(query) == {"commune": ["80021"], "radius_km": ["10"]}

    page = client.get(link)
    html = page.content.decode()
    (back,) = hrefs(page, "Retour à l&#x27;annuaire") or hrefs(page, "Retour à l'annuaire")
    assert urlparse(back).path == "/annuaire/"
    assert parse_qs(urlparse(back).query) == {"commune": ["80021"], "radius_km": ["10"]}
    # The profile stays one page for search engines, whatever search led there.
    assert f'rel="canonical" href="http://testserver/annuaire/intervenant/{profile.pk}/"' in html


@pytest.mark.django_db
def test_the_back_link_is_never_an_open_redirect(client):
    profile = published_profile(display_name="Inès A.")
    page = client.get(
        f"/annuaire/intervenant/{profile.pk}/",
        {"next": "https://evil.example", "lieu": "//evil.example", "radius_km": "10"},
    )
    html = page.content.decode()
    (back,) = re.findall(r'<a href="([^"]*)">Retour à l', html)
    back = unescape(back)
    assert back.startswith("/annuaire/?")
    assert "next=" not in back
    assert parse_qs(urlparse(back).query)["lieu"] == ["//evil.example"]  # a value, not a target


@pytest.mark.django_db
def test_without_a_search_the_back_link_is_the_directory(client):
    profile = published_profile(display_name="Inès A.")
    html = client.get(f"/annuaire/intervenant/{profile.pk}/").content.decode()
    assert '<a href="/annuaire/">Retour à l' in html


# --- Filters, cards, identity ------------------------------------------------------------------


@pytest.mark.django_db
def test_filters_say_how_many_are_active(client):
    html = client.get(
        "/annuaire/",
        {"intervention": ["sensibilisation", "formation_professionnels"], "format": "presentiel"},
    ).content.decode()
    summary = re.search(r'<summary class="filters-summary">(.*?)</summary>', html, re.S)[1]
    assert re.sub(r"<[^>]+>|\s+", "", summary) == "Filtres(3actifs)"
    # Folded (no `open`) unless a filter has an error.
    tag = re.search(r'<details class="filters"[^>]*>', html)[0]
    assert "open" not in tag, tag
    html = client.get("/annuaire/", {"intervention": "inconnu"}).content.decode()
    assert "open" in re.search(r'<details class="filters"[^>]*>', html)[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Inès A.", "IA"), ("jean-marc D.", "JM"), ("Zoé", "Z"), ("", ""), ("<b> x", "X")],
)
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.django_db
def test_cards_show_initials_when_there_is_no_photo(client):
    profile = published_profile(display_name="Inès A.")
    html = client.get("/annuaire/").content.decode()
    assert '<span class="result-initials" aria-hidden="true">IA</span>' in html
    html = client.get(f"/annuaire/intervenant/{profile.pk}/").content.decode()
    assert '<span class="profile-initials" aria-hidden="true">IA</span>' in html


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    assert (ROOT / "static" / "img" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_footer_names_the_partners(client):
    html = client.get("/").content.decode()
    for partner in ("Croix-Rouge française", "GAPAS", "Trisomie 21 France", "FISAF", "LADAPT"):
        assert f"<li>{partner}</li>" in html
