"""The directory issue's whole journey in Chromium, with the real pages only:

a new user signs up as a peer worker, confirms the address from the mail, fills and submits a
profile; a coordinator of that region validates it; an employer finds it by searching a commune
40 km away (Abbeville) that lies inside the peer worker's 50 km travel radius from Amiens.
axe-core runs on every page of the journey."""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlparse

from django.utils import timezone
from playwright.sync_api import expect

from directory.profiles.models import PeerProfile, PublishedProfile
from epop.notifications.models import OutboxMessage
from tests.factories import PASSWORD, CoordinatorFactory

from .helpers import log_in

SIGNUP = "/compte/signup/"


def test_sign_up_submit_validate_and_be_found_40_km_away(page, new_page, assert_accessible):
    coordinator = CoordinatorFactory(
        email=f"coordination.{uuid.uuid4().hex[:8]}@example.org", regions=["32"]
    )
    email = f"camille.{uuid.uuid4().hex[:10]}@example.org"

    # 1. Sign up as a peer worker, then confirm the address with the link of the mail.
    page.goto(SIGNUP)
    page.get_by_role("radio", name="Intervenant·e-pair").check()
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe (obligatoire)").fill(PASSWORD)
    assert_accessible(page)
    page.get_by_role("button", name="Créer mon compte").click()
    mail = OutboxMessage.objects.get(to=[email])
    (link,) = [url for url in re.findall(r"https?://\S+", mail.body) if "confirm" in url]
    page.goto(urlparse(link).path)
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer mon adresse e-mail").click()

    # 2. Fill the profile: each step saved, the commune from the autocomplete, 50 km.
    page.goto("/annuaire/mon-profil/etape/presentation/")
    page.get_by_label("Nom affiché (obligatoire)").fill("Camille R.")
    page.get_by_label("Présentation courte").fill("Je forme les équipes à l'accueil des pairs.")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/etape/experience/$"))
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/etape/offre/$"))
    page.get_by_role("checkbox", name="Sensibilisation (équipes, élèves, grand public)").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/etape/lieu/$"))
    commune = page.get_by_role("combobox", name="Votre commune")
    commune.click()
    commune.press_sequentially("Amien", delay=60)
    page.get_by_role("option", name="Amiens (80000)").click()
    page.get_by_label("Jusqu'où vous déplacez-vous ?").select_option("50")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page).to_have_url(re.compile(r"/apercu/$"))
    assert_accessible(page)
    page.get_by_role("checkbox", name=re.compile("J'ai lu et j'accepte la charte EPoP")).check()
    page.get_by_role("button", name="Envoyer mon profil pour validation").click()
    expect(page.get_by_role("status")).to_contain_text("Votre profil est envoyé pour validation")
    profile = PeerProfile.objects.get(user__email=email)
    assert profile.status == PeerProfile.Status.SUBMITTED
    assert not PublishedProfile.objects.filter(pk=profile.pk).exists()

    # 3. The coordinator of Hauts-de-France validates it (first exchange, then decision).
    team = new_page()
    log_in(team, coordinator.email)
    team.goto("/annuaire/coordination/")
    assert_accessible(team)
    team.get_by_role("link", name="Camille R.").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    team.get_by_role("textbox", name="Date du premier échange (obligatoire)").fill(
        yesterday.strftime("%d/%m/%Y")
    )
    team.get_by_role("radio", name="Formation EPoP suivie").check()
    team.get_by_role("button", name="Enregistrer le premier échange").click()
    expect(team.get_by_role("status")).to_contain_text("Premier échange du")
    team.get_by_role("group", name="Votre décision (obligatoire)").get_by_role(
        "radio", name=re.compile("^Valider")
    ).check()
    team.get_by_role("button", name="Envoyer ma décision").click()
    expect(team.get_by_role("status")).to_contain_text("Profil validé")
    assert_accessible(team)

    # 4. An employer (here without an account) searches Abbeville within 10 km: the peer
    #    worker from Amiens, 40 km away, is found because Abbeville is inside their 50 km zone.
    employer = new_page()
    employer.goto("/annuaire/")
    place = employer.get_by_role("combobox", name="Commune ou code postal")
    place.click()
    place.press_sequentially("Abbe", delay=60)
    employer.get_by_role("option", name=re.compile(r"^Abbeville \(80100\)")).click()
    employer.locator("#id_radius_km").select_option("10")
    employer.locator("#bouton-rechercher").click()
    results = employer.locator("#liste-resultats")
    expect(results).to_contain_text("Camille R.")
    expect(results).to_contain_text("Amiens")
    assert_accessible(employer)
    results.get_by_role("link", name=re.compile("Camille R.")).first.click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Camille R.")
    assert_accessible(employer)
