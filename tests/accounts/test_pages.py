"""Every account page uses the site layout: one h1, a unique French title, no inline style or
script (our CSP forbids them), server-side validation only (``novalidate``)."""

import pytest
from django.urls import reverse

from .helpers import page

ANONYMOUS_PAGES = {
    "account_login": "Se connecter",
    "account_signup": "Créer un compte",
    "account_reset_password": "Mot de passe oublié",
    "account_reset_password_done": "Message envoyé – Mot de passe oublié",
    "account_email_verification_sent": "Vérifiez votre adresse e-mail",
    "account_reset_password_from_key_done": "Mot de passe modifié – Mot de passe oublié",
    "account_inactive": "Compte désactivé",
}
SIGNED_IN_PAGES = {
    "accounts:dashboard": "Mon espace",
    "account_logout": "Se déconnecter",
    "account_change_password": "Changer de mot de passe – Mon espace",
    "account_email": "Mes adresses e-mail – Mon espace",
    "account_reauthenticate": "Confirmer votre identité",
}


def check_layout(response, expected_title):
    assert response.status_code == 200
    html = page(response)
    assert html.title == f"{expected_title} – EPoP"
    assert len(html.h1) == 1, html.h1
    assert html.find("html")["lang"] == "fr"
    assert html.find("main", id="contenu")
    assert html.find("a", href="#contenu")
    assert not [attrs for _, attrs in html.elements if "style" in attrs]
    assert html.inline_scripts == 0
    assert html.style_elements == 0
    for form in html.find_all("form", method="post"):
        # The header's logout button is a one-button form: nothing to validate.
        if form.get("action") != reverse("account_logout") or "novalidate" in form:
            assert "novalidate" in form, form
    # No English left over from allauth's own templates.
    for english in ("Sign In", "Sign Up", "Password Reset", "Email", "Forgot", "Remember"):
        assert english not in html.main_text, english
    return html


@pytest.mark.parametrize(("url_name", "title"), ANONYMOUS_PAGES.items())
def test_anonymous_pages_use_the_site_layout(client, url_name, title):
    check_layout(client.get(reverse(url_name)), title)


@pytest.mark.parametrize(("url_name", "title"), SIGNED_IN_PAGES.items())
def test_signed_in_pages_use_the_site_layout(client, verified_user, url_name, title):
    client.force_login(verified_user())

    check_layout(client.get(reverse(url_name)), title)


def test_titles_are_unique():
    titles = list(ANONYMOUS_PAGES.values()) + list(SIGNED_IN_PAGES.values())

    assert len(set(titles)) == len(titles)


def test_email_management_lists_addresses_with_their_state(client, verified_user):
    user = verified_user()
    client.force_login(user)

    html = check_layout(client.get(reverse("account_email")), "Mes adresses e-mail – Mon espace")

    assert f"{user.email} (vérifiée, adresse principale)" in html.main_text
    radio = html.find("input", type="radio", value=user.email)
    assert html.find("label", **{"for": radio["id"]})
    assert html.find("input", name="email", type="email")["autocomplete"] == "email"


def test_password_set_page_for_accounts_without_password(client, verified_user):
    user = verified_user()
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    html = check_layout(
        client.get(reverse("account_set_password")), "Choisir un mot de passe – Mon espace"
    )

    assert html.find("input", name="password1")["autocomplete"] == "new-password"


def test_password_change_fields(client, verified_user):
    client.force_login(verified_user())

    html = page(client.get(reverse("account_change_password")))

    assert html.find("input", name="oldpassword")["autocomplete"] == "current-password"
    assert html.find("input", name="password1")["autocomplete"] == "new-password"
    assert html.find("input", name="password2")["autocomplete"] == "new-password"
    assert "Mot de passe actuel (obligatoire)" in html.main_text


def test_password_change_with_wrong_current_password(client, verified_user):
    client.force_login(verified_user())

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "Pas-Le-Bon-2026",
            "password1": "Nouveau-Mot-2027",
            "password2": "Nouveau-Mot-2027",
        },
    )

    html = page(response)
    assert html.title == "Erreur : Changer de mot de passe – Mon espace – EPoP"
    assert "Erreur : tapez votre mot de passe actuel." in html.main_text
