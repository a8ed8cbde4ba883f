"""The directory search in Chromium: keyboard and autocomplete, htmx updates, the map's keyboard
paths, axe-core in every state, reflow at 320 px, and the same search without JavaScript."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from epop.territories.models import Commune
from tests.factories import published_profile

from .helpers import (
    fits_horizontally,
    overflowing_elements,
    set_display_preferences,
    tab_stops,
)

STATUS = "#statut-recherche"
FOUND = "1 intervenant·e-pair trouvé·e à moins de 10 km d'Abbeville (80)."
NASTY = "Zoé <img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.fixture
def ines(transactional_db):
    """A peer worker from Amiens who travels 50 km: Abbeville (40 km) is in her zone."""
    return published_profile(display_name="Inès A.", travel_radius_km=50)


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def wait_for_map(page):
    expect(page.locator("[data-results-map][data-map-ready]")).to_have_count(1)


def test_keyboard_search_with_the_autocomplete_and_htmx(page, live_server, assert_accessible, ines):
    page.goto("/annuaire/")
    expect(page.locator("h1")).to_have_text("Annuaire des intervenant·es-pairs")
    assert_accessible(page)

    # The commune field is a combobox; choosing a suggestion fills the hidden INSEE code and
    # never submits the form.
    field = page.get_by_role("combobox", name="Commune ou code postal")
    field.focus()
    page.keyboard.type("Abbe")
    option = page.get_by_role("option", name=re.compile(r"^Abbeville \(80100\)"))
    expect(option).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(field).to_have_value("Abbeville (80100)")
    expect(page.locator("#id_commune")).to_have_value("80001")
    expect(page).to_have_url(re.compile(r"/annuaire/$"))

    # Tab to the distance, choose 10 km with the arrow keys.
    for _ in range(4):
        page.keyboard.press("Tab")
        if focused_id(page) == "id_radius_km":
            break
    assert focused_id(page) == "id_radius_km"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_radius_km")).to_have_value("10")

    # The button sends the search; htmx replaces the results, focus stays on the button, the
    # count is announced in the status region and the address bar can be shared.
    page.locator("#bouton-rechercher").focus()
    page.keyboard.press("Enter")
    expect(page.locator(STATUS)).to_have_text(FOUND)
    expect(page.locator(".result-name")).to_have_text(["Inès A."])
    expect(page.locator("#bouton-rechercher")).to_be_focused()
    query = parse_qs(urlparse(page.url).query)
    assert query["commune"] == ["80001"] and query["radius_km"] == ["10"]
    expect(page).to_have_title("Autour d'Abbeville (80) – Annuaire des intervenant·es-pairs – EPoP")
    wait_for_map(page)
    assert_accessible(page)

    # The pushed address gives the same page when loaded directly.
    page.goto(page.url)
    expect(page.locator(STATUS)).to_have_text(FOUND)
    expect(page.get_by_role("combobox", name="Commune ou code postal")).to_have_value(
        "Abbeville (80100)"
    )


def test_htmx_errors_and_a_typed_place(page, live_server, assert_accessible, ines):
    page.goto("/annuaire/")
    field = page.get_by_role("combobox", name="Commune ou code postal")
    field.fill("Xyzzyville")
    page.locator("#bouton-rechercher").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("aucune commune ne correspond à « Xyzzyville »")
    expect(page.locator("#id_lieu_error")).to_contain_text("Erreur : aucune commune")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    assert_accessible(page)
    # The summary's link leads to the field.
    summary.get_by_role("link").click()
    expect(field).to_be_focused()

    # A name typed without choosing a suggestion is resolved by the server.
    field.fill("Abbeville")
    page.keyboard.press("Escape")
    page.locator("#id_radius_km").select_option("10")
    page.locator("#bouton-rechercher").click()
    expect(page.locator(STATUS)).to_have_text(FOUND)
    expect(page.locator("#id_lieu_error")).to_be_empty()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_commune")).to_have_value("80001")
    assert_accessible(page)


def test_around_me(page, live_server, ines):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 49.8941, "longitude": 2.2958})
    page.goto("/annuaire/?lieu=Abbeville")
    page.get_by_role("button", name="Autour de moi").click()
    expect(page.locator(STATUS)).to_have_text(
        "1 intervenant·e-pair trouvé·e à moins de 30 km de votre position."
    )
    expect(page.locator("[data-geolocate-status]")).to_have_text(
        "Position trouvée : recherche autour de vous."
    )
    expect(page.get_by_role("combobox", name="Commune ou code postal")).to_have_value("")
    # About a kilometre of precision in the shared address, and no commune left over.
    query = parse_qs(urlparse(page.url).query)
    assert query["lat"] == ["49.89"] and query["lon"] == ["2.30"]
    assert "commune" not in query and "lieu" not in query


def test_errors_on_a_loaded_page(page, live_server, assert_accessible):
    page.goto("/annuaire/?radius_km=0&intervention=inconnu")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_radius_km")).to_have_accessible_description(
        re.compile("Erreur : choisissez une distance entre 5 et 200 km")
    )
    assert_accessible(page)
    # The combobox describes its error and help text too (its hint is all it may point to).
    page.goto("/annuaire/?lieu=Xyzzyville")
    field = page.get_by_role("combobox", name="Commune ou code postal")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        re.compile(r"^Erreur : aucune commune ne correspond à « Xyzzyville ».*Exemple : Amiens")
    )
    assert_accessible(page)


def test_map_keyboard_paths(page, live_server, assert_accessible, ines):
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    wait_for_map(page)
    region = page.get_by_role(
        "region", name="Carte des résultats. La liste contient les mêmes informations."
    )
    expect(region).to_be_visible()
    expect(page.get_by_role("button", name="Zoom avant")).to_be_visible()
    expect(page.get_by_role("button", name="Déplacer la carte vers le nord")).to_be_visible()

    # « Passer la carte » jumps past the map.
    skip = page.get_by_role("link", name="Passer la carte")
    skip.focus()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#fin-carte")).to_be_focused()
    expect(page.locator("#fin-carte")).to_have_text("Revenir à la liste")

    # Enter on a marker opens its popup and focuses its heading; Escape closes it and returns
    # focus to the marker.
    marker = page.get_by_role("button", name="Inès A., Amiens")
    marker.focus()
    page.keyboard.press("Enter")
    heading = page.locator(".leaflet-popup h3")
    expect(heading).to_be_focused()
    expect(heading).to_have_text("Inès A.")
    expect(page.locator(".leaflet-popup").get_by_role("link")).to_have_text(
        "Voir le profil de Inès A."
    )
    expect(page.get_by_role("button", name="Fermer la fiche")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(marker).to_be_focused()

    # The pan buttons move the map with single clicks (WCAG 2.5.7).
    before = page.evaluate("document.querySelector('.leaflet-map-pane').style.transform")
    page.get_by_role("button", name="Déplacer la carte vers l'est").click()
    page.wait_for_function(
        "before => document.querySelector('.leaflet-map-pane').style.transform !== before",
        arg=before,
    )


def test_several_people_in_a_commune_and_clusters(page, live_server, assert_accessible):
    for name in ("Inès A.", "Jules B.", "Léa C."):
        published_profile(display_name=name)
    published_profile(display_name="Zoé D.", home_commune=Commune.objects.get(code="80016"))
    page.goto("/annuaire/?commune=80021&radius_km=50")
    wait_for_map(page)
    # Three people in Amiens: one badge named by its count; nearby Albert may cluster with it.
    badges = page.locator(".leaflet-marker-icon")
    expect(badges.first).to_be_visible()
    names = [badges.nth(i).inner_text() for i in range(badges.count())]
    assert any("intervenant·es-pairs" in name for name in names), names
    first = badges.first
    first.focus()
    page.keyboard.press("Enter")
    # Either a cluster (zooms, focus moves to a member) or the commune's popup (heading focused).
    page.wait_for_function(
        "() => document.activeElement && (document.activeElement.matches('.leaflet-popup h3')"
        " || document.activeElement.classList.contains('leaflet-marker-icon'))"
    )
    assert_accessible(page)


def test_popups_show_names_as_text(page, live_server, transactional_db):
    published_profile(display_name=NASTY)
    page.goto("/annuaire/?commune=80021")
    expect(page.locator(".result-name")).to_have_text([NASTY])
    wait_for_map(page)
    marker = page.get_by_role("button", name=f"{NASTY}, Amiens")
    marker.focus()
    page.keyboard.press("Enter")
    heading = page.locator(".leaflet-popup h3")
    expect(heading).to_have_text(NASTY)
    expect(page.locator(".leaflet-popup img, .leaflet-popup script")).to_have_count(0)
    expect(page.locator("main img[src='x'], main script")).to_have_count(0)


def test_profile_page(page, live_server, assert_accessible, ines):
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    page.get_by_role("link", name="Inès A.").click()
    expect(page).to_have_title("Inès A., intervenant·e-pair – Annuaire – EPoP")
    expect(page.locator("h1")).to_have_text("Inès A.")
    contact = page.get_by_role("link", name="Contacter Inès A.")
    expect(contact).to_have_attribute("href", re.compile(r"\?next=%2Fannuaire%2Fintervenant%2F"))
    assert_accessible(page)


def test_pagination_with_htmx_moves_focus_to_the_results(page, live_server, assert_accessible):
    for index in range(21):
        published_profile(display_name=f"Pair {index:02d}")
    page.goto("/annuaire/?commune=80021")
    expect(page.locator(".result-name")).to_have_count(20)
    next_link = page.get_by_role("link", name="Page suivante")
    next_link.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".result-name")).to_have_count(1)
    expect(page.locator("#titre-resultats")).to_be_focused()
    expect(page.locator(STATUS)).to_contain_text("Page 2 sur 2.")
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Page 2")
    assert "page=2" in page.url
    assert_accessible(page)


def test_every_tab_stop_shows_its_focus(page, live_server, ines):
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    wait_for_map(page)
    stops = tab_stops(page, 80)
    names = [stop["name"] for stop in stops]
    assert "Passer la carte" in names and "Revenir à la liste" in names, names
    assert any(stop["tag"] == "img" for stop in stops), stops  # the marker, named by its alt
    assert all(stop["ring"] for stop in stops), [s for s in stops if not s["ring"]]


def test_reflow_at_320_px(page, live_server, ines):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    # Narrow: the list, and the map behind « Carte » (built only when shown).
    page.get_by_role("button", name="Carte", exact=True).click()
    wait_for_map(page)
    assert fits_horizontally(page), overflowing_elements(page)
    page.get_by_role("button", name="Liste", exact=True).click()
    page.get_by_role("combobox", name="Commune ou code postal").fill("Ami")
    expect(page.get_by_role("option").first).to_be_visible()
    assert fits_horizontally(page), overflowing_elements(page)
    # The largest text with the widest spacing, results and map shown.
    set_display_preferences(page, live_server.url, {"texte": "200", "espacement": "large"})
    page.goto("/annuaire/?lieu=Abbeville&radius_km=10")
    page.get_by_role("button", name="Carte", exact=True).click()
    wait_for_map(page)
    assert fits_horizontally(page), overflowing_elements(page)


def test_the_search_works_without_javascript(new_page, ines):
    page = new_page(java_script_enabled=False)
    page.goto("/annuaire/")
    # No map and no « Autour de moi » without JavaScript: nothing unusable is shown.
    expect(page.get_by_role("button", name="Autour de moi")).to_be_hidden()
    page.get_by_label("Commune ou code postal").fill("Abbeville")
    page.get_by_label("Distance autour de ce lieu").select_option("10")
    page.locator("#bouton-rechercher").click()
    expect(page.locator(STATUS)).to_have_text(FOUND)
    expect(page.locator(".result-name")).to_have_text(["Inès A."])
    expect(page.get_by_role("region", name=re.compile("Carte des résultats"))).to_be_hidden()
    assert parse_qs(urlparse(page.url).query)["lieu"] == ["Abbeville"]

    # An ambiguous name: a list of communes to choose from, then the results.
    page.get_by_label("Commune ou code postal").fill("Montdidier")
    page.get_by_label("Distance autour de ce lieu").select_option("50")
    page.locator("#bouton-rechercher").click()
    expect(page.locator(STATUS)).to_contain_text("Plusieurs communes correspondent")
    page.get_by_role("link", name="Montdidier (80500)").click()
    expect(page.locator(STATUS)).to_have_text(
        "1 intervenant·e-pair trouvé·e à moins de 50 km de Montdidier (80)."
    )
    expect(page.get_by_label("Commune ou code postal")).to_have_value("Montdidier (80500)")
