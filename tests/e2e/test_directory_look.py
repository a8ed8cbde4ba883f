"""The directory's look in Chromium (issue 13): the map drawn from our own outlines, beside the
list on wide screens and behind « Liste / Carte » on narrow ones, filters and menu folded on a
phone, the search kept on the way to a profile and back, postcodes first, « Autour de moi » in one
click, and EPoP's own identity with zero axe violations in every display preference.

Screenshots of the search page at 390 and 1280 px go to test-results/directory-look/ (ignored by
git); each test prints their path and records it as a property of the test (JUnit reports)."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from epop.territories.models import Commune
from epop.territories.text import fold
from epop.territories.validation import postcode_prefixes
from tests.factories import published_profile

from .helpers import (
    clear_display_preferences,
    fits_horizontally,
    overflowing_elements,
    set_display_preferences,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "directory-look"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CONTOURS = "/static/geo/france-contours.json"
STATUS = "#statut-recherche"
PEOPLE = [
    ("Inès A.", "80021"),  # Amiens
    ("Jules B.", "80001"),  # Abbeville
    ("Léa C.", "80016"),  # Albert
    ("Marc D.", "59350"),  # Lille
    ("Nora E.", "76540"),  # Rouen
    ("Paul F.", "97411"),  # Saint-Denis, La Réunion
]


@pytest.fixture
def people(transactional_db):
    return {
        name: published_profile(
            display_name=name, home_commune=Commune.objects.get(code=code), travel_radius_km=50
        )
        for name, code in PEOPLE
    }


def screenshot(page, name, record_property) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    record_property(f"screenshot-{name}", str(path))
    print(f"screenshot: {path}")
    return path


def contour_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: CONTOURS in request.url and requests.append(request.url))
    return requests


def wait_for_outlines(page):
    expect(page.locator("[data-results-map][data-map-ready]")).to_have_count(1)
    # Arrow functions: Playwright polls a bare expression through eval(), which our CSP refuses
    # whenever the first check fails (seen in CI).
    page.wait_for_function(
        "() => document.querySelectorAll('#carte path.map-outline-departement').length >= 96"
    )


# --- 1 and 2: the map without tiles, beside the list ---------------------------------------------


def test_wide_screen_map_beside_the_list_drawn_from_our_outlines(
    page, live_server, assert_accessible, people, record_property
):
    page.set_viewport_size(DESKTOP)
    requests = contour_requests(page)
    page.goto("/annuaire/?intervention=sensibilisation")
    wait_for_outlines(page)
    assert len(requests) == 1  # one download, only because the map is shown
    # Departments and regions make the background; the attribution names the source.
    assert page.locator("#carte path.map-outline-region").count() == 13
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "Contours : IGN Admin Express, Licence Ouverte"
    )
    # Beside the list, no switch; the list comes first in reading order.
    expect(page.locator("[data-view-switch]")).to_be_hidden()
    cards = page.locator("#liste-resultats").bounding_box()
    block = page.locator("[data-map-block]").bounding_box()
    assert block["x"] >= cards["x"] + cards["width"]
    assert page.evaluate(
        "document.querySelector('#liste-resultats').compareDocumentPosition("
        "document.querySelector('#carte')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    screenshot(page, "recherche-1280", record_property)
    assert_accessible(page)

    # Kept in view while the list scrolls.
    page.mouse.wheel(0, 1200)
    page.wait_for_function("() => window.scrollY > 600")
    box = page.locator("#carte").bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"] / 2, box

    # The overseas departments are one click away; Paul lives in La Réunion.
    page.get_by_role("button", name="La Réunion").click()
    expect(page.get_by_role("button", name="Paul F., Saint-Denis")).to_be_in_viewport()
    page.get_by_role("button", name="France métropolitaine").click()
    expect(page.get_by_role("button", name="Paul F., Saint-Denis")).not_to_be_in_viewport()


def test_profile_links_on_the_map_keep_the_search(page, live_server, people):
    page.set_viewport_size(DESKTOP)
    page.goto("/annuaire/?commune=80001&radius_km=10")
    expect(page.locator("[data-results-map][data-map-ready]")).to_have_count(1)
    page.get_by_role("button", name="Jules B., Abbeville").focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Voir le profil de Jules B.")
    query = parse_qs(urlparse(link.get_attribute("href")).query)
    assert query == {"commune": ["80001"], "radius_km": ["10"]}


# --- 2 and 3: phones ---------------------------------------------------------------------------


def test_phone_list_first_then_the_map_behind_a_switch(
    page, live_server, assert_accessible, people, record_property
):
    page.set_viewport_size(PHONE)
    requests = contour_requests(page)
    page.goto("/annuaire/?intervention=sensibilisation")

    # The header: the mark and « Menu »; the navigation is folded.
    menu = page.locator("summary", has_text="Menu")
    expect(menu).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    # The filters fold behind « Filtres (1) »; the results follow the place closely.
    filters = page.locator("summary.filters-summary")
    expect(filters).to_have_accessible_name(re.compile(r"^Filtres \(1 actif ?\)$"))
    expect(page.get_by_role("group", name="Types d'intervention")).to_be_hidden()
    place = page.locator("#id_lieu").bounding_box()
    first = page.locator(".result-card").first.bounding_box()
    assert first["y"] - place["y"] < PHONE["height"], (place, first)
    assert first["y"] < 2 * PHONE["height"]

    # The list alone; the switch says which view is shown; no outlines downloaded yet.
    switch = page.get_by_role("group", name="Affichage des résultats")
    liste, carte = (
        switch.get_by_role("button", name="Liste"),
        switch.get_by_role("button", name="Carte"),
    )
    expect(liste).to_have_attribute("aria-pressed", "true")
    expect(carte).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#liste-resultats")).to_be_visible()
    expect(page.locator("#carte")).to_be_hidden()
    assert requests == []
    screenshot(page, "recherche-390", record_property)
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)

    # « Carte »: the map alone, drawn from the outlines; focus stays on the button.
    carte.click()
    expect(carte).to_have_attribute("aria-pressed", "true")
    expect(liste).to_have_attribute("aria-pressed", "false")
    expect(carte).to_be_focused()
    expect(carte).to_have_accessible_name("Carte")  # the tick is decoration, not name
    wait_for_outlines(page)
    expect(page.locator("#liste-resultats")).to_be_hidden()
    assert len(requests) == 1
    screenshot(page, "recherche-390-carte", record_property)
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)

    # The choice survives a new search (htmx replaces the results only).
    page.locator("#bouton-rechercher").click()
    expect(page.locator(STATUS)).to_contain_text("6 intervenant·es-pairs")
    expect(page.locator("#carte")).to_be_visible()
    # « Revenir à la liste » goes back to the list.
    page.get_by_role("link", name="Revenir à la liste").click()
    expect(liste).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#liste-resultats")).to_be_visible()

    # The menu opens and closes by keyboard; its content passes axe.
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    expect(menu).to_be_focused()
    # The filters open too.
    filters.click()
    expect(page.get_by_role("group", name="Types d'intervention")).to_be_visible()
    assert_accessible(page)


def test_phone_skip_links_open_the_menu(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto("/annuaire/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller au menu")
    page.keyboard.press("Enter")
    expect(page.locator("#menu")).to_be_focused()
    expect(page.get_by_role("link", name="Boîte à outils")).to_be_visible()


def test_phone_without_javascript(new_page, people):
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto("/annuaire/")
    # Menu and filters are <details>: they open without JavaScript.
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    page.locator("summary", has_text="Menu").click()
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    page.locator("summary.filters-summary").click()
    page.get_by_role("group", name="Formats").get_by_label("En présentiel").check()
    page.locator("#bouton-rechercher").click()
    expect(page.locator("summary.filters-summary")).to_contain_text("Filtres (1")
    # The list, complete; no switch and no map (the map needs JavaScript).
    expect(page.locator(".result-card")).to_have_count(6)
    expect(page.locator("[data-view-switch]")).to_be_hidden()
    expect(page.get_by_role("region", name=re.compile("Carte des résultats"))).to_be_hidden()


# --- 4: « Retour à l'annuaire » ----------------------------------------------------------------


def test_back_to_the_directory_keeps_the_search(page, live_server, assert_accessible, people):
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    status = page.locator(STATUS).inner_text()
    page.get_by_role("link", name="Jules B.").click()
    expect(page.locator("h1")).to_have_text("Jules B.")
    assert_accessible(page)
    page.get_by_role("link", name="Retour à l'annuaire").click()
    expect(page.locator(STATUS)).to_have_text(status)
    expect(page.get_by_role("combobox", name="Commune ou code postal")).to_have_value(
        "Abbeville (80100)"
    )
    expect(page.locator("#id_radius_km")).to_have_value("10")


# --- 5: postcodes first ------------------------------------------------------------------------


def test_a_postcode_suggests_its_communes_before_an_insee_code(page, live_server, transactional_db):
    for code, name, postcodes, population in (
        ("23200", "Saint-Goussaud", ["23430"], 180),
        ("23008", "Aubusson", ["23200"], 3300),
        ("23176", "Saint-Pardoux-le-Neuf", ["23200"], 300),
    ):
        Commune.objects.create(
            code=code,
            name=name,
            search_name=fold(name),
            department_id="23",
            region_id="75",
            postcodes=postcodes,
            postcode_prefixes=list(postcode_prefixes(postcodes)),
            population=population,
        )
    page.goto("/annuaire/")
    field = page.get_by_role("combobox", name="Commune ou code postal")
    field.fill("23200")
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Aubusson (23200)")
    names = [text.split(" (")[0] for text in options.all_inner_texts()]
    assert names[:3] == ["Aubusson", "Saint-Pardoux-le-Neuf", "Saint-Goussaud"], names
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#id_commune")).to_have_value("23008")


# --- 6: « Autour de moi » ----------------------------------------------------------------------


def test_around_me_searches_at_once(page, live_server, people):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 50.10, "longitude": 1.83})  # Abbeville
    page.set_viewport_size(PHONE)
    page.goto("/annuaire/")
    page.get_by_role("button", name="Autour de moi").click()
    # One click: the position, then the results, each announced in a status region.
    expect(page.locator("[data-geolocate-status]")).to_have_text(
        "Position trouvée : recherche autour de vous."
    )
    expect(page.locator(STATUS)).to_have_text(
        re.compile(r"intervenant·es-pairs trouvé·es à moins de 30 km de votre position\.")
    )
    query = parse_qs(urlparse(page.url).query)
    assert query["lat"] == ["50.10"] and query["lon"] == ["1.83"]


# --- 7: identity, in every display preference --------------------------------------------------

PREFERENCES = [
    {},
    {"texte": "200"},
    {"contraste": "renforce"},
    {"police": "opendyslexic"},
    {"texte": "200", "contraste": "renforce", "police": "opendyslexic", "espacement": "large"},
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_display_preference_passes_axe(page, live_server, assert_accessible, people, scheme):
    page.emulate_media(color_scheme=scheme)
    profile = people["Inès A."]
    for preferences in PREFERENCES:
        clear_display_preferences(page, live_server.url)
        set_display_preferences(page, live_server.url, preferences)
        for viewport in (PHONE, DESKTOP):
            page.set_viewport_size(viewport)
            page.goto("/annuaire/?lieu=Amiens&radius_km=100")
            # Narrow (a phone, or 200 % text on a desktop): the map is behind « Carte ».
            carte = page.get_by_role("button", name="Carte", exact=True)
            if carte.is_visible():
                carte.click()
            wait_for_outlines(page)
            assert fits_horizontally(page), (preferences, viewport, overflowing_elements(page))
            assert_accessible(page)
        page.goto(f"/annuaire/intervenant/{profile.pk}/?lieu=Amiens")
        assert_accessible(page)
        page.goto("/")
        assert_accessible(page)


def test_identity(page, live_server, people):
    page.goto("/annuaire/")
    # The mark is decorative: the link is named in text.
    expect(
        page.get_by_role("link", name=re.compile(r"^EPoP L'intervention par les pairs"))
    ).to_be_visible()
    expect(page.locator(".brand svg")).to_have_attribute("aria-hidden", "true")
    # /favicon.ico answers (no 404 in the logs), as does the SVG icon the pages link to.
    icon = page.request.get("/favicon.ico")
    assert icon.ok and icon.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert page.request.get(
        page.locator("link[rel=icon][type='image/svg+xml']").get_attribute("href")
    ).ok
    # Cards without a photo show initials, hidden from assistive technologies (the name is text).
    initials = page.locator(".result-initials")
    expect(initials).to_have_count(6)
    expect(initials.first).to_have_attribute("aria-hidden", "true")
    # The partners, named in text.
    footer = page.locator("footer")
    for partner in ("Croix-Rouge française", "GAPAS", "Trisomie 21 France", "FISAF", "LADAPT"):
        expect(footer.get_by_role("listitem").filter(has_text=partner)).to_have_count(1)
    expect(footer.locator("img")).to_have_count(0)
