"""Login, logout and password reset, through allauth's real views and our templates."""

from urllib.parse import urlparse

from django.urls import reverse

from epop.accounts.models import User

from .helpers import PASSWORD, links_in, page

LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
DASHBOARD = reverse("accounts:dashboard")
RESET = reverse("account_reset_password")
RESET_DONE = reverse("account_reset_password_done")


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page(client):
    html = page(client.get(LOGIN))

    assert html.title == "Se connecter – EPoP"
    assert html.h1 == ["Se connecter"]
    assert "novalidate" in html.find("form", action=LOGIN)
    login = html.find("input", name="login")
    password = html.find("input", name="password")
    assert (login["type"], login["autocomplete"]) == ("email", "email")
    assert (password["type"], password["autocomplete"]) == ("password", "current-password")
    assert html.find("label", **{"for": login["id"]})
    assert html.find("label", **{"for": password["id"]})
    assert "placeholder" not in login and "placeholder" not in password
    assert html.find("a", href=RESET)
    assert "Adresse e-mail (obligatoire)" in html.main_text


def test_login_by_email_ignores_case(client, verified_user, unique_email):
    user = verified_user(email=unique_email("camille.roux"))

    response = client.post(LOGIN, {"login": user.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_french_error_in_the_summary(client, verified_user, unique_email):
    user = verified_user()
    stranger = unique_email("personne")

    response = client.post(LOGIN, {"login": user.email, "password": "Mauvais-Mot-2026"})

    assert response.status_code == 200
    assert not is_logged_in(client)
    html = page(response)
    assert html.title == "Erreur : Se connecter – EPoP"
    summary = html.find("div", role="alert")
    assert summary["tabindex"] == "-1"
    assert "1 erreur à corriger" in html.main_text
    assert "L'adresse e-mail ou le mot de passe ne correspond pas." in html.main_text
    # The same words whether the address exists or not: nothing to learn about who is registered.
    unknown = client.post(LOGIN, {"login": stranger, "password": "Mauvais-Mot-2026"})
    assert page(unknown).main_text == html.main_text.replace(user.email, stranger)


def test_empty_login_form_names_each_missing_field(client):
    response = client.post(LOGIN, {"login": "", "password": ""})

    form = response.context["form"]
    assert set(form.errors) == {"login", "password"}
    assert "Erreur : Ce champ est obligatoire." in page(response).main_text


def test_logout_asks_for_confirmation_then_logs_out(client, verified_user):
    user = verified_user()
    client.force_login(user)

    confirmation = client.get(LOGOUT)
    assert confirmation.status_code == 200
    html = page(confirmation)
    assert html.title == "Se déconnecter – EPoP"
    assert "Voulez-vous vraiment vous déconnecter ?" in html.main_text
    assert is_logged_in(client)

    client.post(LOGOUT)

    assert not is_logged_in(client)


def test_password_reset_mail_is_french_and_its_link_works(
    client, make_client, mailoutbox, verified_user
):
    user = verified_user(kind=User.Kind.EMPLOYER)

    response = client.post(RESET, {"email": user.email.upper()})

    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    (message,) = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "[EPoP] Choisir un nouveau mot de passe"
    assert user.email not in message.subject
    assert "Vous avez demandé à choisir un nouveau mot de passe" in message.body
    (link,) = links_in(message)

    # The link works from another browser (mail is often read on a phone).
    browser = make_client()
    landing = browser.get(urlparse(link).path, follow=True)
    html = page(landing)
    assert html.h1 == ["Choisir un nouveau mot de passe"]
    assert html.find("input", name="password1")["autocomplete"] == "new-password"
    form_url = landing.redirect_chain[-1][0]
    done = browser.post(
        form_url, {"password1": "Nouveau-Mot-2027", "password2": "Nouveau-Mot-2027"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password("Nouveau-Mot-2027")
    assert (
        make_client().post(LOGIN, {"login": user.email, "password": "Nouveau-Mot-2027"})["Location"]
        == DASHBOARD
    )


def test_used_reset_link_explains_what_to_do(client, make_client, mailoutbox, verified_user):
    user = verified_user()
    client.post(RESET, {"email": user.email})
    (link,) = links_in(mailoutbox[0])
    browser = make_client()
    landing = browser.get(urlparse(link).path, follow=True)
    browser.post(
        landing.redirect_chain[-1][0],
        {"password1": "Nouveau-Mot-2027", "password2": "Nouveau-Mot-2027"},
    )

    again = make_client().get(urlparse(link).path)

    html = page(again)
    assert html.h1 == ["Lien expiré"]
    assert html.find("a", href=RESET)


def test_password_reset_for_unknown_address_looks_the_same(
    client, make_client, mailoutbox, unique_email
):
    response = client.post(RESET, {"email": unique_email("inconnue")})

    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    # The person who typed the address is told by mail, in French, that no account uses it.
    (message,) = mailoutbox
    assert message.subject == "[EPoP] Demande de nouveau mot de passe"
    assert "Aucun compte n'utilise cette adresse" in message.body
    html = page(make_client().get(RESET_DONE))
    assert html.title == "Message envoyé – Mot de passe oublié – EPoP"
    assert "Si cette adresse correspond à un compte" in html.main_text
