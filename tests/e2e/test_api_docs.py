"""The API documentation page in Chromium: axe-core, no third-party request, no CSP violation.

Swagger UI (drf-spectacular's sidecar files, split view) was tried first and failed: see
docs/decisions/0007. The page is ours, rendered from the generated schema.
"""

from playwright.sync_api import expect

from .helpers import fits_horizontally, overflowing_elements, set_display_preferences

NARROW = {"width": 320, "height": 640}


def test_api_docs_page(page, live_server, assert_accessible):
    page.goto("/api/v1/docs/")
    expect(page.locator("h1")).to_have_text("Documentation de l'API")
    expect(page.locator("h2#peer_workers_search")).to_have_text("Chercher des intervenant·es-pairs")
    # Every parameter of the search is documented, with its allowed values and their labels.
    section = page.locator("section[aria-labelledby=peer_workers_search]")
    for name in ("commune", "lat", "lon", "radius_km", "remote", "intervention", "page"):
        expect(section.locator("h4 code", has_text=name).first).to_be_visible()
    expect(section.get_by_text("Sensibilisation (équipes, élèves, grand public)")).to_be_visible()
    expect(section.locator("pre").first).to_contain_text("/api/v1/peer-workers/?commune=33063")
    # No script of its own: the only scripts are the site's.
    sources = page.eval_on_selector_all("script", "nodes => nodes.map(n => n.src)")
    assert all(src.startswith(live_server.url + "/static/") for src in sources), sources
    assert_accessible(page)

    # The table of contents leads to each endpoint.
    page.get_by_role("link", name="Chercher des intervenant·es-pairs").click()
    expect(page).to_have_url(f"{live_server.url}/api/v1/docs/#peer_workers_search")

    # Long examples scroll inside their own focusable region; the page itself never scrolls
    # sideways at 320 CSS px, even with 200 % text.
    page.set_viewport_size(NARROW)
    assert fits_horizontally(page), overflowing_elements(page)
    set_display_preferences(page, live_server.url, {"texte": "200"})
    page.goto("/api/v1/docs/")
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)
