"""The page skeleton on every registered page (RGAA 8.3-8.6, 12.1-12.7): language, a unique title,
one h1, the skip links in order, landmarks, and a CSP that no inline code or style could need."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from epop.core import pages
from epop.territories.models import Region

from .markup import parse

FEATURE_APPS = ("directory", "toolbox", "legal_guide", "forum")
PUBLIC = [page for page in pages.all_pages() if not page.login_required]
SKIP_LINKS = [
    ("#contenu", "Aller au contenu"),
    ("#menu", "Aller au menu"),
    ("#recherche", "Aller à la recherche"),
]
# Pages rendered in more than one state: each state must pass the same checks.
EXTRA_URLS = [
    "/recherche/?q=accessibilite",
    "/recherche/?q=mot-qui-nexiste-nulle-part",
    "/recherche/?q=le",
]


def public_urls():
    return [page.url for page in PUBLIC] + EXTRA_URLS


def assert_skeleton(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    page = parse(response.content)
    assert page.lang == "fr"
    assert page.title.endswith(" – EPoP"), page.title
    assert len(page.h1) == 1, page.h1
    assert [(link.href, link.text) for link in page.skip_links[:3]] == SKIP_LINKS
    assert "contenu" in page.landmarks.get("main", [])
    assert "menu" in page.landmarks.get("nav", [])
    assert "recherche" in page.landmarks.get("form", [])
    assert not page.duplicate_ids, page.duplicate_ids
    # The CSP forbids inline code: anything inline would be blocked in the browser.
    assert page.inline_scripts == 0
    assert page.style_elements == 0
    assert page.style_attributes == [], page.style_attributes
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    return page


@pytest.mark.parametrize("url", public_urls())
def test_skeleton(client, url):
    assert_skeleton(client.get(url))


def test_titles_are_unique(client):
    titles = [parse(client.get(url).content).title for url in public_urls()]
    assert len(titles) == len(set(titles)), sorted(titles)


@pytest.mark.parametrize(
    "page",
    [p for p in PUBLIC if p.url_name.split(":")[0] in {"core", *FEATURE_APPS}],
    ids=lambda page: page.url_name,
)
def test_title_and_description_come_from_the_registry(client, page):
    response = client.get(page.url)
    assert parse(response.content).title == f"{page.title} – EPoP"
    description = escape(page.description)
    assert f'<meta name="description" content="{description}">' in response.content.decode()


def test_pages_behind_login_redirect_to_login(client):
    for page in pages.all_pages():
        if page.login_required:
            response = client.get(page.url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))


def test_display_preferences_reach_every_page(client):
    client.cookies["affichage"] = (
        "texte:200|espacement:large|police:opendyslexic|contraste:renforce"
    )
    for url in public_urls():
        page = assert_skeleton(client.get(url))
        assert page.html_attributes["data-texte"] == "200"
        assert page.html_attributes["data-police"] == "opendyslexic"


def test_chosen_font_stylesheet_is_loaded_only_when_chosen(client):
    assert b"font-opendyslexic.css" not in client.get("/").content
    client.cookies["affichage"] = "police:opendyslexic"
    content = client.get("/").content
    assert b"font-opendyslexic.css" in content
    assert b"font-atkinson.css" not in content


def test_menu_marks_the_current_section(client):
    for name in FEATURE_APPS:
        content = client.get(reverse(f"{name}:home")).content.decode()
        marked = [line for line in content.splitlines() if 'aria-current="page"' in line]
        assert len(marked) == 1 and reverse(f"{name}:home") in marked[0], marked
    assert (
        'aria-current="page"'
        not in client.get(reverse("core:sitemap"))
        .content.decode()
        .split('id="menu"')[1]
        .split("</nav>")[0]
    )


def test_home_explains_the_programme_and_links_the_areas(client):
    content = client.get("/").content.decode()
    for text in (
        "Trouver un·e intervenant·e-pair",
        "En bref, facile à lire",
        "Accessibilité : non conforme",
        "L'approche individuelle",
        "L'approche collective",
        "La participation et la conception",
    ):
        assert text in content.replace("&#x27;", "'"), text
    for name in ("directory:home", "toolbox:home", "legal_guide:home", "forum:home"):
        assert f'href="{reverse(name)}"' in content
    assert f'href="{reverse("core:accessibility")}"' in content


def test_home_lists_the_regions_with_a_team_from_the_data(client):
    Region.objects.update_or_create(
        code="76", defaults={"name": "Occitanie", "has_regional_team": True}
    )
    Region.objects.update_or_create(
        code="84", defaults={"name": "Auvergne-Rhône-Alpes", "has_regional_team": False}
    )
    content = client.get("/").content.decode()
    assert "Occitanie" in content
    assert "Auvergne-Rhône-Alpes" not in content


def test_easy_read_version_comes_first_when_chosen(client):
    def positions(content):
        return content.index("En bref, facile à lire"), content.index("Par où commencer")

    falc, start = positions(client.get("/").content.decode())
    assert start < falc
    client.cookies["affichage"] = "falc:oui"
    falc, start = positions(client.get("/").content.decode())
    assert falc < start


def test_accessibility_statement_has_the_mandatory_sections(client):
    content = client.get(reverse("core:accessibility")).content.decode().replace("&#x27;", "'")
    for text in (
        "article 47 de la loi n° 2005-102 du 11 février 2005",
        "<h2>État de conformité</h2>",
        "non conforme</strong> avec le RGAA 4.1.2",
        "<h2>Résultats des tests</h2>",
        "<h2>Contenus non accessibles</h2>",
        "<h2>Établissement de cette déclaration</h2>",
        "<h2>Retour d'information et contact</h2>",
        "<h2>Voies de recours</h2>",
        "Libre réponse 71120",
        "75342 Paris CEDEX 07",
        "contact@epop.example.org",
    ):
        assert text in content, text


def test_help_link_is_at_the_same_place_on_every_page(client):
    """WCAG 3.2.6: the help link comes at the same point of the header on every page."""
    orders = set()
    for url in public_urls():
        content = client.get(url).content.decode()
        header = content.split('<header class="site-header">')[1].split("</header>")[0]
        orders.add(header.index(reverse("core:help")) > header.index(reverse("core:display")))
        assert reverse("core:help") in header
    assert orders == {True}


def test_not_found_page(client):
    response = client.get("/cette-page-nexiste-pas/")
    assert response.status_code == 404
    page = parse(response.content)
    assert page.title == "Page introuvable – EPoP"
    assert page.h1 == ["Page introuvable"]
    assert page.lang == "fr"
    assert page.inline_scripts == 0 and not page.style_attributes


def test_server_error_page_needs_no_request_and_no_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = parse(response.content)
    assert page.lang == "fr"
    assert page.title == "Erreur du site – EPoP"
    assert len(page.h1) == 1
    assert page.inline_scripts == 0 and page.style_elements == 0 and not page.style_attributes
