"""A peer worker writes their profile in Chromium: every step (one with the keyboard only), the
commune autocomplete, the preview, the charter and the submission; axe-core on every page and
state, reflow at 320 px, and the commune field without JavaScript."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from directory.profiles.charter_v1 import create_charter
from directory.profiles.models import CharterAcceptance, CharterVersion, PeerProfile
from epop.notifications.models import OutboxMessage
from tests.factories import CoordinatorFactory, PeerWorkerFactory

from .helpers import fits_horizontally, log_in, overflowing_elements

OVERVIEW = "/annuaire/mon-profil/"


def step(slug):
    return f"{OVERVIEW}etape/{slug}/"


@pytest.fixture
def charter_v1(transactional_db):
    """The migrated charter; transactional tests empty the tables, so write it again if gone."""

    if CharterVersion.current() is None:
        create_charter(CharterVersion)
    return CharterVersion.current()


@pytest.fixture
def peer_worker(transactional_db):
    # A fresh address each run: allauth rate-limits by address.
    return PeerWorkerFactory(email=f"camille.{uuid.uuid4().hex[:10]}@example.org")


def save_and_continue(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()


def test_a_peer_worker_fills_every_step_previews_and_submits(
    page, live_server, assert_accessible, peer_worker, charter_v1
):
    amiens_team = CoordinatorFactory(regions=["32"])
    log_in(page, peer_worker.email)

    # Overview of a new profile.
    page.goto(OVERVIEW)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil d'intervenant·e-pair")
    expect(page.locator(".profile-status")).to_contain_text("Brouillon")
    assert_accessible(page)

    # Step 1 with an error first: an empty display name, then the summary takes the focus.
    page.get_by_role("link", name=re.compile(r"^1\. Présentation")).first.click()
    expect(page).to_have_url(re.compile(r"/etape/presentation/$"))
    nav = page.get_by_role("navigation", name="Étapes du profil")
    expect(nav.locator('[aria-current="step"]')).to_contain_text("Présentation")
    assert_accessible(page)
    save_and_continue(page)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    display_name = page.get_by_label("Nom affiché (obligatoire)")
    expect(display_name).to_have_attribute("aria-invalid", "true")
    expect(display_name).to_have_accessible_description(re.compile("Erreur : ce champ est"))
    assert_accessible(page)

    # Step 1 with the keyboard only: Tab, typing, Space on a checkbox, Enter to submit.
    summary.get_by_role("link").click()
    expect(display_name).to_be_focused()
    page.keyboard.type("Camille R.")
    page.keyboard.press("Tab")  # the photo field
    expect(page.get_by_label("Photo (facultative)")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Présentation courte")).to_be_focused()
    page.keyboard.type("Je forme les équipes à l'accueil des personnes sourdes.")
    page.keyboard.press("Tab")
    page.keyboard.type("Formatrice paire")
    page.keyboard.press("Tab")
    first_role = page.get_by_role("checkbox", name="Intervenant·e-pair")
    expect(first_role).to_be_focused()
    page.keyboard.press("Space")
    expect(first_role).to_be_checked()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_label("Intitulé exact de votre activité (facultatif)")).to_be_focused()
    page.keyboard.press("Enter")  # the form's first button: « Enregistrer et continuer »

    # Step 2: nothing required; the choice of readers is kept.
    expect(page).to_have_url(re.compile(r"/etape/experience/$"))
    expect(page.get_by_role("status")).to_contain_text("Étape « Présentation » enregistrée.")
    expect(page.get_by_text("Rien n'est obligatoire sur cette page.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Votre expérience vécue, avec vos mots (facultatif)").fill(
        "J'ai grandi en institution ; j'en parle pour que l'accueil change."
    )
    expect(page.get_by_role("radio", name="L'équipe de coordination seulement")).to_be_checked()
    page.get_by_role("radio", name="Les employeurs connectés seulement").check()
    page.get_by_role("checkbox", name="Vie en établissement").check()
    save_and_continue(page)

    # Step 3: the offer.
    expect(page).to_have_url(re.compile(r"/etape/offre/$"))
    assert_accessible(page)
    page.get_by_role("checkbox", name="Sensibilisation (équipes, élèves, grand public)").check()
    page.get_by_role("checkbox", name="Langue des signes française (LSF)").check()
    page.get_by_role("checkbox", name="En présentiel").check()
    page.get_by_role("radio", name="Formation EPoP suivie").check()
    page.get_by_role("radio", name="Tarif indicatif").check()
    page.get_by_label("Précisions sur le tarif (facultatif)").fill("550 € la journée")
    # « Étape précédente » saves too, and the first step kept its values.
    page.get_by_role("button", name="Étape précédente").click()
    expect(page).to_have_url(re.compile(r"/etape/experience/$"))
    expect(page.get_by_role("radio", name="Les employeurs connectés seulement")).to_be_checked()
    page.goto(step("offre"))
    expect(page.get_by_role("checkbox", name="Langue des signes française (LSF)")).to_be_checked()
    save_and_continue(page)

    # Step 4: the commune autocomplete, then the zone.
    expect(page).to_have_url(re.compile(r"/etape/lieu/$"))
    assert_accessible(page)
    commune = page.get_by_role("combobox", name="Votre commune")
    expect(commune).to_have_accessible_description(re.compile("jamais votre adresse"))
    commune.click()
    commune.press_sequentially("Amien", delay=60)
    option = page.get_by_role("option", name="Amiens (80000)")
    expect(option).to_be_visible()
    expect(commune).to_have_attribute("aria-expanded", "true")
    # The library's live region (two alternating elements) counts the suggestions in French.
    expect(
        page.locator(".autocomplete__wrapper [role=status]", has_text="proposition")
    ).to_have_count(1)
    assert_accessible(page)  # with the list open
    page.keyboard.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(commune).to_have_value("Amiens (80000)")
    expect(page).to_have_url(re.compile(r"/etape/lieu/$"))  # choosing never submits
    page.get_by_label("Jusqu'où vous déplacez-vous ?").select_option("50")
    page.locator("summary", has_text="Hauts-de-France").click()
    page.get_by_role("checkbox", name="Somme (80)").check()
    page.get_by_role("checkbox", name="J'interviens aussi à distance, partout en France").check()

    # Reflow on this step (the widest): nothing scrolls sideways at 320 CSS px.
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits_horizontally(page), overflowing_elements(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    save_and_continue(page)

    # Preview: the public partial, the note on who reads the statement, the charter.
    expect(page).to_have_url(re.compile(r"/apercu/$"))
    preview = page.locator(".profile-preview")
    expect(preview.get_by_role("heading", level=2)).to_have_text("Camille R.")
    expect(preview).to_contain_text("Amiens (80)")
    expect(preview).to_contain_text("Langue des signes française (LSF)")
    expect(preview).not_to_contain_text("J'ai grandi en institution")
    expect(page.get_by_text("seuls les employeurs connectés")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="charte EPoP (version 1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(charter_v1.title)
    falc = page.locator("section.falc")
    expect(falc.get_by_role("heading", name="En bref, facile à lire")).to_be_visible()
    expect(page.get_by_text("Version 1, en vigueur depuis le")).to_be_visible()
    assert_accessible(page)
    page.go_back()

    page.get_by_role("checkbox", name="J'ai lu et j'accepte la charte EPoP (version 1)").check()
    page.get_by_role("button", name="Envoyer mon profil pour validation").click()

    # Back on the overview, with what happens next in a status message.
    expect(page).to_have_url(re.compile(r"/mon-profil/$"))
    expect(page.get_by_role("status")).to_contain_text("Votre profil est envoyé pour validation")
    expect(page.get_by_role("status")).to_contain_text("région Hauts-de-France")
    expect(page.locator(".profile-status")).to_contain_text("En attente de validation")
    assert_accessible(page)

    profile = PeerProfile.objects.get(user=peer_worker)
    assert profile.status == PeerProfile.Status.SUBMITTED
    assert profile.display_name == "Camille R."
    assert profile.peer_roles == ["intervenant_pair"]
    assert profile.experience_visibility == "employeurs"
    assert profile.languages == ["lsf"]
    assert profile.home_commune_id == "80021"
    assert (profile.travel_radius_km, profile.zone_departments, profile.remote) == (
        50,
        ["80"],
        True,
    )
    assert CharterAcceptance.objects.filter(user=peer_worker, version=charter_v1).count() == 1
    assert OutboxMessage.objects.filter(to=[amiens_team.email]).count() == 1


def test_availability_page_is_accessible(page, assert_accessible, peer_worker):
    log_in(page, peer_worker.email)
    page.goto(f"{OVERVIEW}disponibilite/")
    assert_accessible(page)
    page.get_by_role("radio", name="En pause", exact=True).check()
    page.get_by_label("Date de retour (facultative)").fill("2000-01-01")
    page.get_by_role("button", name="Enregistrer ma disponibilité").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)


def test_an_ambiguous_commune_offers_a_choice_in_an_accessible_page(
    page, assert_accessible, peer_worker
):
    log_in(page, peer_worker.email)
    page.goto(step("lieu"))
    commune = page.get_by_role("combobox", name="Votre commune")
    commune.fill("Sainte-Marie")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    group = page.get_by_role("group", name="Plusieurs communes portent ce nom")
    expect(group.get_by_role("radio")).to_have_count(3)
    assert_accessible(page)


def test_the_commune_field_works_without_javascript(new_page, peer_worker):
    page = new_page(java_script_enabled=False)
    log_in(page, peer_worker.email)
    page.goto(step("lieu"))
    commune = page.get_by_role("textbox", name="Votre commune")
    expect(commune).to_have_attribute("autocomplete", "address-level2")
    expect(page.get_by_role("combobox", name="Votre commune")).to_have_count(0)

    # Ambiguous: a list of radio buttons appears in the form; nothing is saved yet.
    commune.fill("Sainte-Marie")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/etape/lieu/$"))
    expect(page.locator(".error-summary")).to_contain_text("choisissez votre commune")
    assert PeerProfile.objects.get(user=peer_worker).home_commune_id is None
    page.get_by_role("radio", name="Sainte-Marie (35600) – Ille-et-Vilaine").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/apercu/$"))
    assert PeerProfile.objects.get(user=peer_worker).home_commune_id == "35294"

    # Unknown: a French error, and the commune already saved stays.
    page.goto(step("lieu"))
    expect(page.get_by_role("textbox", name="Votre commune")).to_have_value("Sainte-Marie (35600)")
    page.get_by_role("textbox", name="Votre commune").fill("Qwxyzville")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Erreur : aucune commune trouvée pour « Qwxyzville »")).to_have_count(1)
    assert PeerProfile.objects.get(user=peer_worker).home_commune_id == "35294"

    # A unique name is used at once.
    page.get_by_role("textbox", name="Votre commune").fill("Tarbes")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée")
    assert PeerProfile.objects.get(user=peer_worker).home_commune_id == "65440"
