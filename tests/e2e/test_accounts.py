"""Account pages in Chromium: axe-core in every state, keyboard, focus rings and reflow."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from epop.accounts.models import User

from .helpers import (
    fits_horizontally,
    focus_state,
    overflowing_elements,
    set_display_preferences,
)

LOGIN = "/compte/login/"
SIGNUP = "/compte/signup/"
RESET = "/compte/password/reset/"
DASHBOARD = "/compte/tableau-de-bord/"
PASSWORD = "Tournesol-Bleu-2026"


def unique_email(local="camille.roux"):
    # allauth rate-limits failed logins per address: a fresh address per test and per run.
    return f"{local}.{uuid.uuid4().hex[:10]}@example.org"


@pytest.fixture
def verified_user(transactional_db):
    user = User.objects.create_user(
        email=unique_email(), password=PASSWORD, kind=User.Kind.EMPLOYER, first_name="Camille"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def check_skip_link(page):
    """First Tab reaches « Aller au contenu », visible; Enter moves focus into main."""
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Aller au contenu")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()


@pytest.mark.parametrize(
    ("path", "title", "heading"),
    [
        (SIGNUP, "Créer un compte – EPoP", "Créer un compte"),
        (LOGIN, "Se connecter – EPoP", "Se connecter"),
        (RESET, "Mot de passe oublié – EPoP", "Mot de passe oublié"),
    ],
    ids=["inscription", "connexion", "mot-de-passe-oublie"],
)
def test_account_page(page, assert_accessible, path, title, heading):
    page.goto(path)

    expect(page).to_have_title(title)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    check_skip_link(page)


def test_every_control_of_the_login_form_shows_its_focus(page):
    page.goto(LOGIN)
    form = page.locator(f'form[action="{LOGIN}"]')
    expected = form.locator("input:not([type=hidden]), a[href], button").count()

    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        in_form = page.evaluate(
            f"""() => !!document.activeElement.closest('form[action="{LOGIN}"]')"""
        )
        if in_form:
            seen.append(focus_state(page))
        elif seen:
            break  # left the form after going through it

    assert len(seen) == expected, seen
    assert [stop["name"] for stop in seen[:2]] == [
        "Adresse e-mail (obligatoire)",
        "Mot de passe (obligatoire)",
    ]
    assert all(stop["ring"] and stop["visible"] for stop in seen), seen


def test_login_error_state(page, assert_accessible, verified_user):
    page.goto(LOGIN)
    page.get_by_label("Adresse e-mail").fill(verified_user.email)
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("Mauvais-Mot-2026")
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_title("Erreur : Se connecter – EPoP")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(summary).to_contain_text("L'adresse e-mail ou le mot de passe ne correspond pas.")
    assert_accessible(page)


def test_signup_error_state(page, assert_accessible):
    page.goto(SIGNUP)
    page.get_by_label("Adresse e-mail").fill("camille.roux-at-example.org")
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill("court")
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page).to_have_title("Erreur : Créer un compte – EPoP")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    email = page.get_by_role("textbox", name="Adresse e-mail (obligatoire)")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(
        "Exemple : prenom.nom@exemple.fr. Nous vous enverrons un message à cette adresse pour la "
        "vérifier. Erreur : indiquez une adresse e-mail complète, avec un @, par exemple "
        "prenom.nom@exemple.fr."
    )
    kinds = page.get_by_role("group", name="Vous êtes (obligatoire)")
    expect(kinds).to_have_accessible_description(
        "Erreur : choisissez le type de compte qui vous correspond."
    )
    assert_accessible(page)

    # The summary's link takes keyboard users to the radio group.
    summary.get_by_role("link", name="Vous êtes").click()
    expect(page.get_by_role("radio", name="Intervenant·e-pair")).to_be_focused()
    assert not User.objects.filter(email__icontains="camille.roux").exists()


def test_signup_reflows_at_320_px_and_200_percent_text(page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(SIGNUP)
    assert fits_horizontally(page), overflowing_elements(page)

    set_display_preferences(page, live_server.url, {"texte": "200"})
    page.goto(SIGNUP)
    assert page.locator("html").get_attribute("data-texte") == "200"
    assert fits_horizontally(page), overflowing_elements(page)
    # The explanation of each kind stays readable next to its radio button.
    expect(page.get_by_role("radio", name="Coordination EPoP")).to_have_accessible_description(
        "Vous faites partie d'une équipe de coordination EPoP, nationale ou régionale. "
        "Votre compte n'aura aucun droit de coordination tant que l'équipe nationale ne vous "
        "aura pas attribué de région."
    )


def test_dashboard_after_logging_in_through_the_form(
    page, live_server, assert_accessible, verified_user
):
    page.goto(LOGIN)
    page.get_by_label("Adresse e-mail").fill(verified_user.email.upper())
    page.get_by_label("Mot de passe (obligatoire)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(live_server.url + DASHBOARD)
    expect(page).to_have_title("Mon espace – EPoP")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("main")).to_contain_text("Bonjour Camille")
    expect(page.get_by_role("link", name="Chercher un·e intervenant·e-pair")).to_be_visible()
    assert_accessible(page)
    check_skip_link(page)
