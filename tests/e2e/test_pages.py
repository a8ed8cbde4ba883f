"""Every page of the registry in Chromium: axe-core, keyboard, reflow and display preferences.

Each page is checked in one test (one page load per state) to keep the file fast; the browser is
shared by the whole session (tests/e2e/conftest.py).
"""

import pytest
from playwright.sync_api import expect

from epop.core import display, pages

from .helpers import (
    clear_display_preferences,
    clipped_elements,
    fits_horizontally,
    overflowing_elements,
    set_display_preferences,
    small_targets,
    tab_stops,
)

PUBLIC = [page for page in pages.all_pages() if not page.login_required]
SKIP_LINKS = ["Aller au contenu", "Aller au menu", "Aller à la recherche"]
NARROW = {"width": 320, "height": 640}
# The heaviest reflow case: the largest text, the widest spacing and the widest font together.
WORST_CASE = {"texte": "200", "espacement": "large", "police": "opendyslexic"}


@pytest.mark.parametrize("registered", PUBLIC, ids=lambda page: page.url_name)
def test_page(page, live_server, assert_accessible, registered):
    page.goto(registered.url)
    assert_accessible(page)

    # Keyboard from a fresh page: the first stops are the skip links, the very first one visible
    # on screen, and every stop shows a focus ring.
    stops = tab_stops(page, 12)
    assert [stop["name"] for stop in stops[:3]] == SKIP_LINKS
    assert len(stops) == 12
    assert all(stop["ring"] and stop["visible"] for stop in stops), stops
    # Enter on « Aller au contenu » moves focus into main (not only the scroll position).
    page.locator(".skip-links a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()

    # Reflow at 320 CSS px (WCAG 1.4.10): default display, 200 % text, then 200 % text with large
    # spacing (WCAG 1.4.12) and the widest font. Large spacing at 100 % is strictly narrower than
    # at 200 %, so it needs no page load of its own. Nothing may scroll sideways or be clipped.
    page.set_viewport_size(NARROW)
    assert fits_horizontally(page), overflowing_elements(page)
    # Each state is also checked by axe: reinforced contrast changes every colour.
    for preferences in ({"texte": "200", "contraste": "renforce"}, WORST_CASE):
        set_display_preferences(page, live_server.url, preferences)
        page.goto(registered.url)
        for key, value in preferences.items():
            expect(page.locator("html")).to_have_attribute(f"data-{key}", value)
        assert fits_horizontally(page), (preferences, overflowing_elements(page))
        assert clipped_elements(page) == [], preferences
        assert_accessible(page)


# Every setting that changes colours or layout, alone, then all of them together. One test (one
# browser context) for all: each state is a page load and an axe run, nothing more.
HOME_STATES = [
    {"contraste": "renforce"},
    {"texte": "200"},
    {"espacement": "large"},
    {"police": "atkinson"},
    {"police": "opendyslexic"},
    {"falc": "oui"},
    {"texte": "200", "espacement": "large", "police": "opendyslexic", "contraste": "renforce"},
]
FONT_FAMILIES = {"atkinson": '"Atkinson Hyperlegible"', "opendyslexic": "OpenDyslexic"}


def test_home_with_each_display_preference(page, live_server, assert_accessible):
    html = page.locator("html")
    for preferences in HOME_STATES:
        clear_display_preferences(page, live_server.url)
        set_display_preferences(page, live_server.url, preferences)
        page.goto("/")
        for key, value in preferences.items():
            expect(html).to_have_attribute(f"data-{key}", value)
        if "police" in preferences:
            # The chosen font is really used, downloaded from our own server.
            family = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert family.startswith(FONT_FAMILIES[preferences["police"]]), family
            assert page.evaluate(
                "document.fonts.ready.then(fonts => [...fonts].some(f => f.status === 'loaded'))"
            ), preferences
        assert_accessible(page)
        stops = tab_stops(page, 4)
        assert all(stop["ring"] for stop in stops), (preferences, stops)


def test_dark_system_theme(page, live_server, assert_accessible):
    """The system's dark theme is followed, alone and with reinforced contrast."""
    page.emulate_media(color_scheme="dark")
    for contrast in ("defaut", "renforce"):
        set_display_preferences(page, live_server.url, {"contraste": contrast})
        for url in ("/", "/parametres-affichage/", "/recherche/?q=contrat"):
            page.goto(url)
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background != "rgb(255, 255, 255)", (contrast, url)
            assert_accessible(page)


CONTROLS = (
    ".site-header a, .site-header button, .site-header input, .site-footer a,"
    " main button, main input[type=search], .entry-points a, .link-list > li > a"
)


def test_targets_are_large_enough(page):
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for url in ("/", "/parametres-affichage/", "/plan-du-site/", "/recherche/?q=guide"):
            page.goto(url)
            assert small_targets(page, CONTROLS) == [], (width, url)
            # Each radio's whole label is the target.
            assert small_targets(page, "fieldset label") == [], (width, url)


def test_reduced_motion_and_forced_colors(page, live_server, assert_accessible):
    page.emulate_media(reduced_motion="reduce", forced_colors="active")
    set_display_preferences(page, live_server.url, {"animations": "reduites"})
    page.goto("/parametres-affichage/")
    assert page.evaluate("document.getAnimations().length") == 0
    border = page.evaluate("getComputedStyle(document.querySelector('main button')).borderTopStyle")
    assert border == "solid"
    assert_accessible(page)


def test_display_preferences_by_keyboard_only(page, assert_accessible):
    page.goto("/parametres-affichage/")
    # Skip to the content: the first focusable control is the checked radio of the first group.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator(":focus")
    expect(first).to_have_attribute("name", "texte")
    expect(first).to_be_checked()
    # Arrow keys move within the group and select: 100 → 125 → 150.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_texte_2")).to_be_focused()
    expect(page.locator("#id_texte_2")).to_be_checked()
    # Tab leaves the group: one stop per group, then « Enregistrer ».
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "espacement")
    page.keyboard.press("ArrowDown")
    for _ in range(len(display.CHOICES) - 1):  # the four other groups, then the button
        page.keyboard.press("Tab")
    save = page.locator(":focus")
    expect(save).to_have_text("Enregistrer")
    page.keyboard.press("Enter")

    page.wait_for_url("**/parametres-affichage/")
    html = page.locator("html")
    expect(html).to_have_attribute("data-texte", "150")
    expect(html).to_have_attribute("data-espacement", "large")
    status = page.locator(".messages[role=status]")
    expect(status).to_be_visible()
    expect(status).to_contain_text("Vos paramètres d'affichage sont enregistrés")
    expect(page.locator("#id_texte_2")).to_be_checked()
    assert_accessible(page)

    # « Réinitialiser » by keyboard too: focus it, press Enter, everything is back to default.
    page.locator("button", has_text="Réinitialiser").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(html).to_have_attribute("data-texte", "100")
    expect(status).to_contain_text("rétablis")


def test_site_search_by_keyboard(page, assert_accessible):
    page.goto("/")
    # Third skip link: « Aller à la recherche », then into the field.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Aller à la recherche")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    field = page.locator(":focus")
    expect(field).to_have_attribute("id", "site-search-q")
    page.keyboard.type("accessibilite")
    page.keyboard.press("Enter")

    page.wait_for_url("**/recherche/?q=accessibilite")
    status = page.locator(".search-status[role=status]")
    expect(status).to_contain_text("trouvée")
    expect(status).to_contain_text("« accessibilite »")
    first_result = page.locator(".search-results a").first
    expect(first_result).to_have_text("Déclaration d'accessibilité")
    assert_accessible(page)

    # Follow the first result with the keyboard.
    first_result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibilite/")
    expect(page.locator("h1")).to_have_text("Déclaration d'accessibilité")


def test_search_states_are_accessible(page, assert_accessible):
    for query in ("", "zygomatique"):
        page.goto(f"/recherche/?q={query}")
        expect(page.locator(".search-status")).not_to_be_empty()
        assert_accessible(page)


def test_not_found_page_is_accessible(page, page_problems, assert_accessible):
    response = page.goto("/cette-page-nexiste-pas/")
    assert response.status == 404
    # Chromium reports the 404 of the page itself in the console: expected here, nothing else is.
    page_problems.console_errors[:] = [
        error for error in page_problems.console_errors if "404" not in error
    ]
    assert_accessible(page)
