"""The admin pages added for issue 13 (contact requests as metadata, needs, organisations, the one
« Comptes » section), through axe-core."""

import pytest
from playwright.sync_api import expect

from tests.directory.test_contacts import send
from tests.directory.test_needs import publish_need
from tests.factories import PASSWORD, make_employer, published_profile

from .test_contact import unique_email


@pytest.fixture
def superuser(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser(
        email=unique_email("admin"), password=PASSWORD
    )


def test_admin_pages_pass_axe(page, assert_accessible, superuser):
    employer = make_employer()
    contact = send(employer, published_profile())
    need = publish_need(employer)
    page.goto("/gestion/login/")
    page.get_by_label("Adresse e-mail").fill(superuser.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.locator("#content h1")).to_be_visible()
    assert page.locator("caption a.section", has_text="Comptes").count() == 1
    assert_accessible(page)
    for path in (
        "/gestion/contacts/contactrequest/",
        f"/gestion/contacts/contactrequest/{contact.pk}/change/",
        "/gestion/alerts/need/",
        f"/gestion/alerts/need/{need.pk}/change/",
        "/gestion/accounts/organisation/",
    ):
        page.goto(path)
        expect(page.locator("#content h1")).to_be_visible()
        assert_accessible(page)
