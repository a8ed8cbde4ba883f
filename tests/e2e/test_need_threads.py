"""Needs and conversations (issue 13) on a phone: the need form's commune is the shared
autocomplete, an ambiguous name offers the choice list; a peer worker sees who asks and their
answer opens a conversation. axe-core on every page and state."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from directory.alerts import matching as alert_matching
from directory.alerts.models import Need
from directory.contacts.models import ContactRequest
from tests.factories import make_employer, published_profile

from .helpers import fits_horizontally, log_in, overflowing_elements
from .test_contact import unique_email

PHONE = {"width": 390, "height": 844}


def test_need_published_answered_and_discussed_on_a_phone(
    new_page, live_server, assert_accessible, transactional_db
):
    employer = make_employer(email=unique_email("claire"))
    page = new_page(viewport=PHONE)
    log_in(page, employer.email)
    page.goto("/annuaire/besoins/nouveau/")
    # The autocomplete replaced the text field, with the same label.
    expect(page.locator("[data-commune-autocomplete] .autocomplete__wrapper")).to_be_attached()
    assert_accessible(page)
    page.get_by_label("Titre du besoin (obligatoire)").fill("Témoignage en réunion d'équipe")
    page.get_by_label("Sensibilisation (équipes, élèves, grand public)").check()
    page.get_by_label("Description (obligatoire)").fill("Deux heures avec notre équipe.")
    commune = page.get_by_label("Commune de l'intervention")
    commune.fill("Sainte-Marie")
    page.keyboard.press("Escape")
    day = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Date de l'intervention (obligatoire)").fill(day.isoformat())
    page.get_by_role("button", name="Publier le besoin").click()
    # Ambiguous: a list to choose from, one « Erreur : » per message.
    expect(page).to_have_title(re.compile("^Erreur : Publier un besoin"))
    choices = page.get_by_role("group", name=re.compile("Plusieurs communes portent ce nom"))
    expect(choices).to_be_visible()
    assert "Erreur : Erreur" not in page.content()
    assert fits_horizontally(page), overflowing_elements(page)
    assert_accessible(page)
    choices.get_by_role("radio").first.check()
    page.get_by_role("button", name="Publier le besoin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Témoignage en réunion d'équipe")
    need = Need.objects.get()
    assert need.commune.name == "Sainte-Marie"

    # The peer worker: who asks, and the answer opens a conversation.
    Need.objects.filter(pk=need.pk).update(commune_id="80021", remote=True)
    profile = published_profile(display_name="Inès A.", remote=True)
    profile.user.email = unique_email("ines")
    profile.user.save()
    profile.user.emailaddress_set.update(email=profile.user.email)
    alert_matching.match_need(need.pk)
    peer_page = new_page(viewport=PHONE)
    log_in(peer_page, profile.user.email)
    peer_page.goto(f"/annuaire/besoins/{need.pk}/")
    expect(peer_page.locator(".lead")).to_contain_text("Foyer de vie Les Glycines")
    assert_accessible(peer_page)
    peer_page.get_by_label("Votre message à l'employeur (obligatoire)").fill("Je suis disponible.")
    peer_page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(peer_page.get_by_text("Objet : votre réponse au besoin")).to_be_visible()
    assert fits_horizontally(peer_page), overflowing_elements(peer_page)
    assert_accessible(peer_page)
    contact = ContactRequest.objects.get()
    assert contact.need_id == need.pk

    # The employer sees it waiting, and answers in the thread.
    page.goto("/compte/tableau-de-bord/")
    expect(page.get_by_role("heading", name="En attente de vous")).to_be_visible()
    page.get_by_role("link", name=re.compile("Votre demande à Inès A.")).click()
    expect(page.get_by_text("Je suis disponible.")).to_be_visible()
    assert_accessible(page)
