"""A contact request in Chromium, by keyboard: the employer sends it, the peer worker accepts it
in the thread, the employer reads « acceptée ». axe-core on every page and state on the way."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.contacts import safety as contact_safety
from directory.contacts.models import ContactRequest
from epop.accounts.models import Organisation
from tests.factories import published_profile

from .helpers import fits_horizontally, log_in, overflowing_elements

INBOX = "/annuaire/messages/"
ORGANISATION = "/compte/organisation/"


def unique_email(local):
    # allauth rate-limits logins per address: a fresh address per test and per run.
    return f"{local}.{uuid.uuid4().hex[:10]}@example.org"


@pytest.fixture
def peer(transactional_db):
    profile = published_profile(display_name="Inès A.")
    profile.user.email = unique_email("ines")
    profile.user.save()
    profile.user.emailaddress_set.update(email=profile.user.email)
    return profile


def type_into(scope, label, text, exact=False):
    """Focus a field of `scope` (a page or a form) and type, as a keyboard user would."""
    field = scope.get_by_label(label, exact=exact)
    field.focus()
    field.page.keyboard.type(text)


def press_on(page, locator, key):
    locator.focus()
    page.keyboard.press(key)


def date_typing_format(page) -> str:
    """Chromium orders the segments of a date input by the system's locale, not the page's:
    type into a throwaway input to learn the order (01/02/2030 is unambiguous)."""
    page.evaluate(
        """() => { const probe = document.createElement("input");
                   probe.type = "date"; probe.id = "sonde-date"; document.body.append(probe); }"""
    )
    page.locator("#sonde-date").focus()
    page.keyboard.type("01022030")
    value = page.locator("#sonde-date").input_value()
    page.evaluate("() => document.getElementById('sonde-date').remove()")
    return {"2030-02-01": "%d%m%Y", "2030-01-02": "%m%d%Y"}.get(value, "%Y%m%d")


def type_date(page, label, day, order):
    """Type a date segment by segment, as a keyboard user does, over any previous value."""
    page.get_by_label(label).focus()
    page.keyboard.type(day.strftime(order))


def test_employer_sends_and_peer_worker_accepts(page, new_page, assert_accessible, peer, employer):
    contact_path = f"/annuaire/intervenant/{peer.pk}/contacter/"

    # --- The employer writes, by keyboard ------------------------------------------------------
    log_in(page, employer.email)
    page.goto(contact_path)
    expect(page).to_have_title("Contacter Inès A. – Annuaire – EPoP")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contacter Inès A.")
    assert_accessible(page)

    select = page.get_by_label("Type d'intervention (obligatoire)")
    select.focus()
    page.keyboard.type("Sensibilisation")
    expect(select).to_have_value("sensibilisation")
    # Tab order follows the reading order: the description comes next.
    page.keyboard.press("Tab")
    expect(page.get_by_label("Décrivez l'intervention (obligatoire)")).to_be_focused()
    page.keyboard.type("Une matinée de sensibilisation pour 15 éducateurs.")
    # The sector was guessed from the organisation (an ESSMS): medico-social.
    expect(page.get_by_label("Secteur", exact=True)).to_have_value("medico_social")
    press_on(page, page.get_by_label("Professionnels de l'accompagnement et du soin"), "Space")
    press_on(page, page.get_by_label("En présentiel"), "Space")
    press_on(page, page.get_by_label("Dans une commune"), "Space")
    type_into(page, "Commune", "Amiens", exact=True)
    yesterday = timezone.localdate() - timedelta(days=1)
    order = date_typing_format(page)
    type_date(page, "À partir du", yesterday, order)
    press_on(page, page.get_by_label("Je propose un montant"), "Space")
    type_into(page, "Montant proposé, en euros", "550")
    type_into(page, "Votre message (obligatoire)", "Bonjour, pouvons-nous en parler ?")
    press_on(page, page.get_by_role("button", name="Envoyer la demande"), "Enter")

    # --- Error state: past date ------------------------------------------------------------------
    expect(page).to_have_title("Erreur : Contacter Inès A. – Annuaire – EPoP")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("cette date est déjà passée")
    date_input = page.get_by_label("À partir du")
    expect(date_input).to_have_accessible_description(
        "Exemple : 14/03/2027. Laissez vide si vous décrivez les dates plus bas. "
        "Erreur : cette date est déjà passée. Choisissez aujourd'hui ou une date à venir."
    )
    assert_accessible(page)
    assert not ContactRequest.objects.exists()

    # The summary links to the field; the fix is typed over the wrong date.
    press_on(page, summary.get_by_role("link"), "Enter")
    expect(date_input).to_be_focused()
    page.keyboard.type((timezone.localdate() + timedelta(days=30)).strftime(order))
    press_on(page, page.get_by_role("button", name="Envoyer la demande"), "Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande à Inès A.")
    expect(page.get_by_role("status")).to_contain_text("Votre demande est envoyée")
    expect(page.get_by_text("État de la demande : envoyée")).to_be_visible()
    contact = ContactRequest.objects.get()
    assert contact.commune_id == "80021" and contact.budget_amount == 550
    assert_accessible(page)
    page.goto(INBOX)
    expect(page.get_by_role("link", name="Votre demande à Inès A.")).to_be_visible()
    assert_accessible(page)

    # --- The peer worker answers, in another browser ------------------------------------------
    other = new_page()
    log_in(other, peer.user.email)
    other.goto(INBOX)
    expect(other.get_by_text("1 message non lu")).to_be_visible()
    assert_accessible(other)
    link = other.get_by_role("link", name="Demande de Foyer de vie Les Glycines")
    press_on(other, link, "Enter")
    expect(other.get_by_text("État de la demande : lue")).to_be_visible()
    expect(other.get_by_role("main")).not_to_contain_text(employer.email)
    assert_accessible(other)

    accept_form = other.locator(f'form[action="/annuaire/messages/{contact.pk}/accepter/"]')
    type_into(accept_form, "Un mot pour l'employeur", "Avec plaisir ! Appelons-nous.")
    press_on(other, accept_form.get_by_role("button", name="Accepter la demande"), "Enter")
    expect(other.get_by_role("status")).to_contain_text("Vous avez accepté la demande")
    expect(other.get_by_text("État de la demande : acceptée")).to_be_visible()
    assert_accessible(other)

    # --- The employer reads the answer ---------------------------------------------------------
    page.goto(f"/annuaire/messages/{contact.pk}/")
    expect(page.get_by_text("État de la demande : acceptée")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Avec plaisir ! Appelons-nous.")
    assert_accessible(page)
    page.goto(INBOX)
    expect(page.get_by_text("1 message non lu")).to_have_count(0)
    assert_accessible(page)


def test_the_organisation_page(page, assert_accessible, employer):
    Organisation.objects.filter(user=employer).delete()
    log_in(page, employer.email)
    page.goto(ORGANISATION)
    expect(page).to_have_title("Ma structure – Mon compte – EPoP")
    assert_accessible(page)

    type_into(page, "Nom de la structure (obligatoire)", "Mairie d'Amiens")
    page.get_by_label("Type de structure (obligatoire)").focus()
    page.keyboard.type("Mairie")
    type_into(page, "Numéro SIRET", "732 829 320 00075")
    press_on(page, page.get_by_role("button", name="Enregistrer ma structure"), "Enter")

    expect(page).to_have_title("Erreur : Ma structure – Mon compte – EPoP")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_role("alert")).to_contain_text("un chiffre est sans doute mal recopié")
    assert_accessible(page)

    siret = page.get_by_label("Numéro SIRET")
    siret.fill("")
    siret.focus()
    page.keyboard.type("732 829 320 00074")
    press_on(page, page.get_by_role("button", name="Enregistrer ma structure"), "Enter")
    expect(page.get_by_role("status")).to_contain_text("sont enregistrées")
    assert Organisation.objects.get(user=employer).siret == "73282932000074"


def test_the_request_form_reflows_at_320_px(page, peer, employer):
    log_in(page, employer.email)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/annuaire/intervenant/{peer.pk}/contacter/")
    assert fits_horizontally(page), overflowing_elements(page)


def test_coordinator_pages(page, assert_accessible, peer, employer):
    from directory.contacts import services as contact_services
    from tests.factories import CoordinatorFactory

    team = CoordinatorFactory(email=unique_email("coordination"), regions=["32"])
    data = {
        "intervention_type": "sensibilisation",
        "description": "Une matinée.",
        "sector": "medico_social",
        "audiences": ["grand_public"],
        "format": "distanciel",
        "place": "distance",
        "commune": None,
        "dates_text": "En mars",
        "budget_amount": None,
        "message": "Un message <b>déplacé</b>",
    }
    contact = contact_services.send_request(employer, peer.pk, data, uuid.uuid4()).request
    contact_services.accept(peer.user, contact.pk, "D'accord", uuid.uuid4())
    contact_safety.report_message(
        peer.user, contact.pk, contact.messages.first().pk, "irrespect", "Ton agressif"
    )

    log_in(page, team.email)
    page.goto("/annuaire/coordination/indicateurs/")
    expect(page).to_have_title("Indicateurs des mises en relation – Coordination – EPoP")
    table = page.get_by_role("table", name="Mises en relation par mois, région et secteur")
    expect(table.get_by_role("row")).to_have_count(3)  # header, one row, total
    assert_accessible(page)
    page.goto("/annuaire/coordination/signalements/")
    expect(page.get_by_role("main")).to_contain_text("Un message <b>déplacé</b>")
    assert_accessible(page)
