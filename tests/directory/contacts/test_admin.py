"""The admin (issue 13): contact requests as metadata only, needs, organisations, one « Comptes »
section, « Acceptations de la charte »."""

import re
from html import escape

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from directory.contacts.models import ContactRequest
from tests.directory.test_contacts import send
from tests.directory.test_needs import publish_need
from tests.factories import CoordinatorFactory, make_employer, published_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        email="admin@example.org", password="un mot de passe assez long"
    )


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_one_accounts_section_and_no_typo(superuser):
    html = admin_client(superuser).get(reverse("admin:index")).content.decode()
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert sections.count("Comptes") == 1, sections
    assert "Adresses e-mail" in html and "Structures" in html
    assert "chartes" not in html
    assert "Acceptations de la charte" in html


def test_contact_requests_show_metadata_never_messages(superuser):
    peer = published_profile()
    contact = send(make_employer(), peer, message="Texte privé du fil", description="Privé aussi")
    client = admin_client(superuser)
    listing = client.get(reverse("admin:contacts_contactrequest_changelist")).content.decode()
    assert "Foyer de vie Les Glycines" in listing
    page = client.get(
        reverse("admin:contacts_contactrequest_change", args=[contact.pk])
    ).content.decode()
    assert "Envoyée" in page
    assert "Texte privé du fil" not in page and "Privé aussi" not in page
    assert client.post(
        reverse("admin:contacts_contactrequest_delete", args=[contact.pk])
    ).status_code in (403, 302)
    assert ContactRequest.objects.filter(pk=contact.pk).exists()


def test_a_regional_coordinator_sees_only_their_regions_requests():
    peer = published_profile()  # Amiens, Hauts-de-France (32)
    send(make_employer(), peer)
    elsewhere = CoordinatorFactory(regions=["84"], is_staff=True)
    elsewhere.user_permissions.add(Permission.objects.get(codename="view_contactrequest"))
    listing = admin_client(elsewhere).get(reverse("admin:contacts_contactrequest_changelist"))
    assert "Foyer de vie Les Glycines" not in listing.content.decode()
    here = CoordinatorFactory(regions=["32"], is_staff=True)
    here.user_permissions.add(Permission.objects.get(codename="view_contactrequest"))
    listing = admin_client(here).get(reverse("admin:contacts_contactrequest_changelist"))
    assert "Foyer de vie Les Glycines" in listing.content.decode()


def test_needs_and_organisations_are_listed(superuser):
    need = publish_need(make_employer())
    client = admin_client(superuser)
    listing = client.get(reverse("admin:alerts_need_changelist")).content.decode()
    assert escape(need.title) in listing
    assert client.get(reverse("admin:alerts_need_change", args=[need.pk])).status_code == 200
    listing = client.get(reverse("admin:accounts_organisation_changelist")).content.decode()
    assert "Foyer de vie Les Glycines" in listing
    assert client.get(reverse("admin:accounts_accountemailaddress_changelist")).status_code == 200
