"""The coordination dashboard in Chromium: a regional coordinator of Hauts-de-France logs in,
finds the waiting profile, records the first exchange with the keyboard and validates it.
axe-core runs on every state; the review page must reflow at 320 px."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.profiles import services
from directory.profiles.models import PeerProfile, PublishedProfile
from tests.factories import PASSWORD, CoordinatorFactory, ProfileFactory, charter

from .helpers import fits_horizontally, focus_state, overflowing_elements

QUEUE = "/annuaire/coordination/"
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def coordinator(transactional_db):
    # allauth rate-limits logins per address: a fresh address per run.
    return CoordinatorFactory(
        regions=["32"],
        email=f"ines.lefebvre.{uuid.uuid4().hex[:8]}@example.org",
        first_name="Inès",
        last_name="Lefebvre",
    )


@pytest.fixture
def waiting_profile(transactional_db):
    profile = ProfileFactory(
        display_name="Awa Koné",
        job_title="Formatrice pair",
        experience_statement="Je raconte mon parcours en ESAT aux équipes.",
        training="equivalence",
    )
    services.submit_profile(profile, profile.user, charter())
    PeerProfile.objects.filter(pk=profile.pk).update(
        submitted_at=timezone.now() - timedelta(days=12)
    )
    return profile


def log_in(page, coordinator):
    page.goto(QUEUE)
    # Anonymous: the login form, which brings back to the dashboard afterwards.
    expect(page).to_have_url(re.compile(r"/compte/login/\?next=/annuaire/coordination/"))
    page.get_by_label("Adresse e-mail").fill(coordinator.email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_regional_coordinator_validates_a_profile(
    page, live_server, assert_accessible, coordinator, waiting_profile
):
    log_in(page, coordinator)

    # The queue.
    expect(page).to_have_url(live_server.url + QUEUE)
    expect(page).to_have_title("Coordination – Annuaire – EPoP")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordination de l'annuaire")
    item = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Awa Koné"))
    expect(item).to_contain_text("En attente depuis 12 jours")
    expect(item).to_contain_text("Amiens (80)")
    expect(item).to_contain_text("Hauts-de-France")
    expect(item).to_contain_text("Formation équivalente reconnue")
    expect(item).to_contain_text("Acceptée (version 1)")
    assert_accessible(page)

    # The review page.
    page.get_by_role("link", name="Awa Koné").click()
    expect(page).to_have_title("Profil de Awa Koné – Coordination – Annuaire – EPoP")
    expect(page.get_by_role("main")).to_contain_text("Nouveau profil")
    expect(page.get_by_role("main")).to_contain_text("Je raconte mon parcours en ESAT")
    expect(page.get_by_role("table", name=re.compile("Historique du profil"))).to_contain_text(
        "Envoi pour validation"
    )
    assert_accessible(page)

    # Reflow: nothing scrolls sideways at 320 CSS px (the history table scrolls in its region).
    page.set_viewport_size(NARROW)
    assert fits_horizontally(page), overflowing_elements(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Error state: validating before the first exchange changes nothing and says why.
    decision = page.get_by_role("group", name="Votre décision (obligatoire)")
    decision.get_by_role("radio", name=re.compile("^Valider")).check()
    page.get_by_role("button", name="Envoyer ma décision").click()
    expect(page).to_have_title(re.compile("^Erreur : Profil de Awa Koné"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(summary).to_contain_text("Enregistrez d'abord le premier échange avec la personne")
    assert_accessible(page)
    assert PeerProfile.objects.get(pk=waiting_profile.pk).status == PeerProfile.Status.SUBMITTED

    # The first exchange, with the keyboard only: date, notes, training, submit.
    day = timezone.localdate() - timedelta(days=1)
    date = page.get_by_role("textbox", name="Date du premier échange (obligatoire)")
    expect(date).to_have_accessible_description(re.compile("^Exemple : 12/03/2026"))
    date.focus()
    page.keyboard.type(day.strftime("%d/%m/%Y"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox", name="Résultat de l'échange")).to_be_focused()
    page.keyboard.type("Projet clair, joignable par téléphone.")
    page.keyboard.press("Tab")
    # The group starts from what the person declared; the keyboard enters it on that radio.
    declared = page.get_by_role("radio", name="Formation équivalente reconnue")
    expect(declared).to_be_focused()
    expect(declared).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("radio", name="Formation EPoP suivie")).to_be_checked()
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Enregistrer le premier échange")
    expect(submit).to_be_focused()
    assert focus_state(page)["ring"]
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        f"Premier échange du {day:%d/%m/%Y} enregistré"
    )
    expect(page.get_by_role("main")).to_contain_text("Projet clair, joignable par téléphone.")

    # Validation.
    page.get_by_role("group", name="Votre décision (obligatoire)").get_by_role(
        "radio", name=re.compile("^Valider")
    ).check()
    page.get_by_role("button", name="Envoyer ma décision").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Profil validé : il est publié dans l'annuaire"
    )
    expect(page.get_by_role("main")).to_contain_text("Ce profil n'attend pas de décision")
    expect(page.get_by_role("table", name=re.compile("Historique du profil"))).to_contain_text(
        "Validation et publication"
    )
    assert_accessible(page)

    profile = PeerProfile.objects.get(pk=waiting_profile.pk)
    assert profile.status == PeerProfile.Status.VALIDATED
    assert profile.first_exchange_on == day
    assert profile.training_status == "formation_epop"
    assert PublishedProfile.objects.listed().filter(pk=profile.pk).exists()

    # Back on the dashboard, the queue is empty and the profile is followed as validated.
    page.get_by_role("link", name="Coordination de l'annuaire").click()
    expect(page.get_by_role("main")).to_contain_text("Aucun profil n'attend votre validation")
    expect(page.get_by_role("link", name="Validés (1)")).to_be_visible()
