"""The coordinator knows what waits (issue 13): the queue's size on « Mon espace » and the
dashboard; the queue says new profile or modification and what changed. A peer worker who edits
a published profile is not told about a first exchange. Phone-sized, axe-core on each page."""

import pytest
from playwright.sync_api import expect

from directory.profiles import services
from directory.profiles.models import PeerProfile
from tests.factories import CoordinatorFactory, ProfileFactory, charter, published_profile

from .helpers import fits_horizontally, log_in, overflowing_elements
from .test_contact import unique_email

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator(transactional_db):
    return CoordinatorFactory(regions=["32"], email=unique_email("coordination"))


@pytest.fixture
def queue_of_two(transactional_db):
    new = ProfileFactory(display_name="Awa Koné")
    services.submit_profile(new, new.user, charter())
    changed = published_profile(display_name="Inès A.")
    changed.user.email = unique_email("ines")
    changed.user.save()
    changed.user.emailaddress_set.update(email=changed.user.email)
    changed.refresh_from_db()
    changed.pitch = "Une présentation revue."
    changed.status = PeerProfile.Status.DRAFT
    changed.save()
    services.submit_profile(changed, changed.user, charter())
    return new, changed


def test_coordinator_sees_queue_size_and_kinds(
    new_page,
    assert_accessible,
    coordinator,
    queue_of_two,
):
    page = new_page(viewport=PHONE)
    log_in(page, coordinator.email)
    expect(page.get_by_text("2 profils attendent votre validation.")).to_be_visible()
    expect(page.locator(".count-badge")).to_have_text("2 éléments en attente")
    assert_accessible(page)
    page.get_by_role("link", name="Profils à valider et suivi").click()
    items = page.locator(".queue-kind")
    expect(items.filter(has_text="Nouveau profil")).to_have_count(1)
    expect(
        items.filter(has_text="Modification d'un profil publié : Présentation courte")
    ).to_have_count(1)
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)


def test_a_modification_is_not_told_about_a_first_exchange(
    new_page, assert_accessible, queue_of_two
):
    _, changed = queue_of_two
    page = new_page(viewport=PHONE)
    log_in(page, changed.user.email)
    page.goto("/annuaire/mon-profil/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Modifications en attente de validation")
    expect(main).not_to_contain_text("premier échange")
    assert_accessible(page)
