"""What waits for you (issue 13): the count on « Mon espace » and the dashboard's list, on a phone
and a desktop, in light and dark schemes and reinforced contrast; axe-core on each."""

import pytest
from playwright.sync_api import expect

from directory.contacts.models import ContactRequest
from tests.directory.test_contacts import send
from tests.factories import make_employer, published_profile

from .helpers import fits_horizontally, log_in, overflowing_elements, set_display_preferences
from .test_contact import unique_email


@pytest.fixture
def peer(transactional_db):
    profile = published_profile(display_name="Inès A.")
    profile.user.email = unique_email("ines")
    profile.user.save()
    profile.user.emailaddress_set.update(email=profile.user.email)
    return profile


@pytest.mark.parametrize(
    "viewport,scheme,preferences",
    [
        ({"width": 390, "height": 844}, "light", {}),
        ({"width": 1280, "height": 900}, "dark", {}),
        ({"width": 320, "height": 640}, "light", {"contraste": "renforce", "texte": "200"}),
    ],
)
def test_peer_worker_sees_what_waits(
    new_page, live_server, assert_accessible, peer, viewport, scheme, preferences
):
    send(make_employer(), peer)
    page = new_page(viewport=viewport)
    page.emulate_media(color_scheme=scheme)
    set_display_preferences(page, live_server.url, preferences)
    log_in(page, peer.user.email)
    expect(page.get_by_role("heading", name="En attente de vous")).to_be_visible()
    expect(page.get_by_text("dont 1 demande de contact à accepter ou décliner")).to_be_visible()
    badge = page.locator(".count-badge")
    expect(badge).to_have_text("1 élément en attente")
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)
    page.get_by_role("link", name="Demande de Foyer de vie Les Glycines").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert ContactRequest.objects.get().status == ContactRequest.Status.READ
