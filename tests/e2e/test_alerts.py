"""Alerts and needs in Chromium: an employer saves a search as an alert by keyboard, a matching
profile is validated, the digest mail's links work (profile, one-click unsubscribe page). axe-core
on every page and state: alerts list, create form (initial and error), unsubscribe pages, needs.
"""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.http import QueryDict
from django.utils import timezone
from playwright.sync_api import expect

from directory.alerts import criteria as alert_criteria
from directory.alerts import digests as alert_digests
from directory.alerts import matching as alert_matching
from directory.alerts import services as alert_services
from directory.alerts.models import Alert, AlertFrequency, Need
from epop.notifications.models import OutboxMessage
from epop.territories.models import Commune
from tests.factories import EmployerFactory, published_profile

from .helpers import focus_state, log_in

CREATE = "/annuaire/alertes/nouvelle/?commune=80021&radius_km=30&intervention=sensibilisation"
ALERTS = "/annuaire/alertes/"
NEEDS = "/annuaire/besoins/"


def unique_email(local):
    # allauth rate-limits logins per address: a fresh address per test and per run.
    return f"{local}.{uuid.uuid4().hex[:10]}@example.org"


@pytest.fixture
def site_url(settings, live_server):
    """Mail links point at the live server, so the test follows them as a person would."""
    settings.SITE_URL = live_server.url
    return live_server.url


def path_of(url):
    parsed = urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def test_an_employer_saves_an_alert_by_keyboard_and_the_digest_links_work(
    page, live_server, site_url, assert_accessible, employer
):
    log_in(page, employer.email)
    page.goto(CREATE)
    expect(page).to_have_title("Créer une alerte – Annuaire – EPoP")
    expect(page.locator(".alert-criteria")).to_contain_text(
        "Sensibilisation, à moins de 30 km d'Amiens (80)"
    )
    assert_accessible(page)

    # By keyboard only: the name, then Tab to the frequency (weekly is checked), then the button.
    name = page.get_by_label("Nom de l'alerte (obligatoire)")
    name.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Sensibilisation près d'Amiens")
    page.keyboard.press("Tab")
    weekly = page.get_by_label("Un e-mail par semaine au plus")
    expect(weekly).to_be_focused()
    expect(weekly).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Enregistrer l'alerte")).to_be_focused()
    assert focus_state(page)["ring"]
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + ALERTS)
    expect(page.get_by_role("status")).to_contain_text(
        "L'alerte « Sensibilisation près d'Amiens » est enregistrée."
    )
    expect(page.get_by_role("heading", level=3)).to_have_text("Sensibilisation près d'Amiens")
    assert_accessible(page)
    alert = Alert.objects.get(owner=employer)
    assert (alert.frequency, alert.radius_km, alert.commune_id) == ("weekly", 30, "80021")

    # A matching profile is validated; the matching and the weekly digest run.
    profile = published_profile(
        display_name="Inès A.",
        home_commune=Commune.objects.get(code="80212"),  # Corbie, 15 km from Amiens
        intervention_types=["sensibilisation"],
    )
    assert alert_matching.match_profile(profile.pk).alerts == 1
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 1
    mail = OutboxMessage.objects.get(to=[employer.email])
    assert mail.subject == "1 nouveau profil pour vos alertes EPoP"
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    profile_url = re.search(r"^\s*(http\S+/annuaire/intervenant/\d+/)$", mail.body, re.M)[1]
    page.goto(path_of(profile_url))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inès A.")

    alerts_url = re.search(r"^(http\S+/annuaire/alertes/)$", mail.body, re.M)[1]
    page.goto(path_of(alerts_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")

    # The header's one-click address also answers a person: a confirmation page, then done.
    unsubscribe_url = mail.headers["List-Unsubscribe"].strip("<>")
    page.goto(path_of(unsubscribe_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Se désabonner")
    assert_accessible(page)
    alert.refresh_from_db()
    assert alert.active  # a GET changes nothing
    button = page.get_by_role("button", name="Confirmer : ne plus recevoir ces e-mails")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Désabonnement confirmé")
    expect(page.get_by_role("status")).to_contain_text("vos alertes ne vous enverront plus")
    assert_accessible(page)
    alert.refresh_from_db()
    assert not alert.active


def test_create_form_error_state(page, live_server, assert_accessible, employer):
    log_in(page, employer.email)
    page.goto(CREATE)
    page.get_by_label("Nom de l'alerte (obligatoire)").fill("")
    page.get_by_role("button", name="Enregistrer l'alerte").click()
    expect(page).to_have_title("Erreur : Créer une alerte – Annuaire – EPoP")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(page.get_by_label("Nom de l'alerte (obligatoire)")).to_have_accessible_description(
        re.compile("Erreur : donnez un nom à l'alerte")
    )
    assert_accessible(page)
    assert not Alert.objects.exists()


def test_edit_delete_and_invalid_unsubscribe_pages(
    page, live_server, assert_accessible, employer, page_problems
):
    criteria, _ = alert_criteria.parse_search(QueryDict(CREATE.split("?", 1)[1]))
    alert = alert_services.create_alert(employer, criteria, name="Amiens", frequency="weekly")
    log_in(page, employer.email)
    page.goto(f"/annuaire/alertes/{alert.pk}/modifier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier l'alerte « Amiens »")
    assert_accessible(page)
    page.goto(f"/annuaire/alertes/{alert.pk}/supprimer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer l'alerte « Amiens » ?")
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer l'alerte").click()
    expect(page).to_have_url(live_server.url + ALERTS)
    expect(page.get_by_role("main")).to_contain_text("Vous n'avez pas encore d'alerte.")
    assert_accessible(page)

    response = page.goto("/annuaire/alertes/desabonnement/faux-jeton/")
    assert response.status == 400
    # Chromium logs every 4xx document; this one is the expected answer, not a page error.
    page_problems.console_errors[:] = [
        error for error in page_problems.console_errors if "status of 400" not in error
    ]
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ce lien de désabonnement ne fonctionne pas"
    )
    assert_accessible(page)


def test_needs_pages_for_the_employer_and_the_peer_worker(
    page, live_server, assert_accessible, page_problems
):
    employer = EmployerFactory(email=unique_email("claire"))
    log_in(page, employer.email)
    page.goto(NEEDS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes besoins d'intervention")
    assert_accessible(page)

    page.get_by_role("link", name="Publier un besoin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier un besoin")
    assert_accessible(page)
    page.get_by_role("button", name="Publier le besoin").click()
    expect(page).to_have_title(re.compile("^Erreur : Publier un besoin"))
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Titre du besoin (obligatoire)").fill("Témoignage en réunion d'équipe")
    page.get_by_label("Sensibilisation (équipes, élèves, grand public)").check()
    page.get_by_label("Description (obligatoire)").fill("Deux heures avec notre équipe.")
    page.get_by_label("Commune de l'intervention").fill("Amiens")
    day = timezone.localdate() + timedelta(days=20)
    page.get_by_label("Date de l'intervention (obligatoire)").fill(day.isoformat())
    page.get_by_role("button", name="Publier le besoin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Témoignage en réunion d'équipe")
    need = Need.objects.get()
    assert need.commune_id == "80021"

    profile = published_profile(display_name="Inès A.", remote=True)
    profile.user.email = unique_email("ines")
    profile.user.save()
    profile.user.emailaddress_set.update(email=profile.user.email)
    alert_matching.match_need(need.pk)
    alert_services.answer_need(profile.user, need, "Je suis disponible ce jour-là.")
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Je suis disponible ce jour-là.")
    assert_accessible(page)
    page.get_by_role("link", name="Fermer ce besoin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fermer le besoin")
    assert_accessible(page)

    # The peer worker's side: the list of needs that fit, and a need's page with the answer form.
    other = publish_other_need(employer)
    page.context.clear_cookies()
    log_in(page, profile.user.email)
    page.goto(NEEDS)
    expect(page.get_by_role("heading", level=1)).to_have_text("Besoins d'employeurs")
    expect(page.get_by_role("heading", level=2)).to_have_text("2 besoins ouverts pour vous")
    assert_accessible(page)
    page.get_by_role("link", name=other.title).click()
    expect(page.get_by_role("heading", name="Répondre à ce besoin")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)

    # Alerts are for employers: a peer worker gets a French 403 page.
    response = page.goto(ALERTS)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Page réservée aux comptes employeurs"
    )
    assert_accessible(page)
    page_problems.console_errors[:] = [
        error for error in page_problems.console_errors if "status of 403" not in error
    ]


def publish_other_need(employer):
    need = alert_services.create_need(
        employer,
        {
            "title": "Conférence sur l'emploi",
            "intervention_types": ["sensibilisation"],
            "description": "Une table ronde, en visio.",
            "date": timezone.localdate() + timedelta(days=30),
            "commune": None,
            "remote": True,
        },
    )
    alert_matching.match_need(need.pk)
    return need
