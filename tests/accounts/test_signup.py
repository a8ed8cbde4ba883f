"""Sign-up, email verification and the messages people see when something is wrong."""

from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from epop.accounts.models import User

from .helpers import PASSWORD, links_in, page

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
VERIFICATION_SENT = reverse("account_email_verification_sent")
DASHBOARD = reverse("accounts:dashboard")


def signup_data(email, kind=User.Kind.PEER_WORKER, password=PASSWORD, password2=None):
    return {
        "kind": kind,
        "email": email,
        "password1": password,
        "password2": password if password2 is None else password2,
    }


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- The form itself -------------------------------------------------------------------------


def test_signup_page_offers_the_kinds_as_described_radio_buttons(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = page(response)
    assert html.title == "Créer un compte – EPoP"
    assert html.h1 == ["Créer un compte"]
    assert "Vous êtes (obligatoire)" in response.content.decode()
    radios = html.find_all("input", type="radio", name="kind")
    assert [radio["value"] for radio in radios] == [value for value, _ in User.Kind.choices]
    for radio in radios:
        # Each choice carries its explanation, read with it by screen readers.
        description_id = radio["aria-describedby"]
        assert html.find("div", id=description_id)
        assert "required" in radio
    assert "aucun droit de coordination tant que l'équipe nationale" in html.main_text
    fieldset_count = len(html.find_all("fieldset"))
    assert fieldset_count >= 1


def test_signup_fields_have_visible_labels_and_autocomplete_tokens(client):
    html = page(client.get(SIGNUP))

    assert "novalidate" in html.find("form", action=SIGNUP)
    email = html.find("input", name="email")
    assert email["autocomplete"] == "email"
    assert html.find("label", **{"for": email["id"]})
    for name in ("password1", "password2"):
        field = html.find("input", name=name)
        assert field["autocomplete"] == "new-password"
        assert html.find("label", **{"for": field["id"]})
        assert "placeholder" not in field
    assert "placeholder" not in email


# --- A successful sign-up ----------------------------------------------------------------------


def test_signup_creates_an_unverified_account_with_its_kind(client, mailoutbox, unique_email):
    email = unique_email()

    response = client.post(SIGNUP, signup_data(email, kind=User.Kind.EMPLOYER))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    user = User.objects.get(email=email)
    assert user.kind == User.Kind.EMPLOYER
    assert user.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (email, False, True)
    assert not is_logged_in(client)
    assert [message.to for message in mailoutbox] == [[email]]


def test_verification_mail_is_french_and_has_no_personal_data_in_subject(
    client, mailoutbox, unique_email
):
    email = unique_email()
    client.post(SIGNUP, signup_data(email))

    (message,) = mailoutbox
    assert message.subject == "[EPoP] Confirmez votre adresse e-mail"
    assert email not in message.subject
    assert message.body.startswith("Bonjour,")
    assert "Pour confirmer votre adresse et terminer l'inscription, ouvrez ce lien" in message.body
    assert "Hello" not in message.body and "Thank you" not in message.body


def test_account_cannot_log_in_before_confirming_its_address(
    client, make_client, mailoutbox, unique_email
):
    email = unique_email()
    client.post(SIGNUP, signup_data(email))
    other_browser = make_client()

    response = other_browser.post(LOGIN, {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert not is_logged_in(other_browser)
    dashboard = other_browser.get(DASHBOARD)
    assert dashboard.status_code == 302
    assert urlparse(dashboard["Location"]).path == LOGIN


def test_confirmation_link_verifies_the_address_and_logs_in(client, mailoutbox, unique_email):
    email = unique_email()
    client.post(SIGNUP, signup_data(email, kind=User.Kind.PEER_WORKER))
    (link,) = links_in(mailoutbox[0])
    path = urlparse(link).path

    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    html = page(confirm_page)
    assert html.title == "Confirmer votre adresse e-mail – EPoP"
    assert email in html.main_text
    # Nothing changes on GET: mail scanners that follow links must not confirm anything.
    assert not EmailAddress.objects.get(email=email).verified

    response = client.post(path)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert EmailAddress.objects.get(email=email).verified
    assert is_logged_in(client)
    dashboard = client.get(DASHBOARD)
    assert dashboard.status_code == 200
    assert "Créer ou modifier mon profil" in dashboard.content.decode()


def test_expired_confirmation_link_explains_what_to_do(client):
    response = client.get(reverse("account_confirm_email", args=["cle-inconnue"]))

    html = page(response)
    assert html.h1 == ["Lien de confirmation expiré"]
    assert "connectez-vous" in html.main_text


def test_email_is_normalised(client, mailoutbox, unique_email):
    email = unique_email()
    typed = f"  {email.replace('lea.martin', 'Lea.Martin').replace('example.org', 'Example.ORG')} "

    client.post(SIGNUP, signup_data(typed))

    user = User.objects.get(email__iexact=email)
    assert user.email == email
    assert EmailAddress.objects.get(user=user).email == email
    assert mailoutbox[0].to == [email]


# --- Validation errors -------------------------------------------------------------------------


def assert_field_error(response, field, expected):
    """The message is attached to the field (its error list, referenced by aria-describedby)
    and repeated in the summary after the h1."""
    assert response.status_code == 200
    messages = response.context["form"].errors[field]
    assert any(expected in message for message in messages), messages
    html = page(response)
    error_id = f"id_{field}_error"
    assert html.find("ul", id=error_id)
    assert html.title.startswith("Erreur : ")
    assert html.find("div", role="alert")
    return html


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Soleil-1", "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères."),
        ("azertyuiop", "Ce mot de passe est trop courant."),
        ("2026041987531", "Ce mot de passe est entièrement numérique."),
        ("camillebernard", "Le mot de passe est trop semblable au champ «\xa0adresse e-mail\xa0»."),
    ],
    ids=["trop-court", "courant", "numerique", "proche-adresse"],
)
def test_weak_passwords_get_french_messages_at_the_field(
    client, mailoutbox, unique_email, password, expected
):
    email = unique_email("camillebernard")

    response = client.post(SIGNUP, signup_data(email, password=password))

    html = assert_field_error(response, "password1", expected)
    assert html.find("input", name="password1")["aria-invalid"] == "true"
    assert "id_password1_error" in html.find("input", name="password1")["aria-describedby"]
    assert not User.objects.filter(email=email).exists()
    assert mailoutbox == []


def test_different_passwords_are_explained(client, unique_email):
    email = unique_email()

    response = client.post(SIGNUP, signup_data(email, password2="Tournesol-Rouge-2026"))

    assert_field_error(response, "password2", "les deux mots de passe sont différents")
    assert not User.objects.filter(email=email).exists()


def test_invalid_email_says_how_to_fix_it(client):
    response = client.post(SIGNUP, signup_data("lea.martin-at-example.org"))

    html = assert_field_error(response, "email", "indiquez une adresse e-mail complète, avec un @")
    assert "Erreur : indiquez une adresse e-mail complète" in html.main_text


def test_forged_kind_is_refused_at_the_field_and_creates_nothing(client, mailoutbox, unique_email):
    email = unique_email()
    users_before = User.objects.count()

    response = client.post(SIGNUP, signup_data(email, kind="administrateur"))

    html = assert_field_error(response, "kind", "ce type de compte n'existe pas")
    assert "Erreur : ce type de compte n'existe pas" in html.main_text
    # The radio group (a fieldset) points to the message, and the summary links to a radio.
    assert html.find("fieldset", **{"aria-describedby": "id_kind_error"})
    assert html.find("a", href="#id_kind_0")
    assert User.objects.count() == users_before
    assert not EmailAddress.objects.filter(email=email).exists()
    assert mailoutbox == []


def test_missing_kind_is_asked_for(client, unique_email):
    data = signup_data(unique_email())
    del data["kind"]

    response = client.post(SIGNUP, data)

    assert_field_error(response, "kind", "choisissez le type de compte qui vous correspond")


# --- Sign-up with an address that already has an account (docs/decisions/0004) ------------------


def test_signup_with_existing_email_reveals_nothing_and_warns_the_owner(
    client, make_client, mailoutbox, verified_user, unique_email
):
    owner = verified_user(kind=User.Kind.PEER_WORKER)
    stranger = make_client()
    newcomer = make_client()

    fresh_email = unique_email()

    duplicate = stranger.post(
        SIGNUP,
        signup_data(owner.email.upper(), kind=User.Kind.COORDINATOR, password="Autre-Mot-2026"),
    )
    fresh = newcomer.post(SIGNUP, signup_data(fresh_email))

    # Same answer as a real sign-up: nothing tells the visitor the address is registered.
    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate["Location"] == fresh["Location"] == VERIFICATION_SENT
    duplicate_page = page(stranger.get(VERIFICATION_SENT))
    fresh_page = page(newcomer.get(VERIFICATION_SENT))
    assert duplicate_page.main_text.replace(owner.email, "ADRESSE") == (
        fresh_page.main_text.replace(fresh_email, "ADRESSE")
    )
    assert "ADRESSE" in fresh_page.main_text.replace(fresh_email, "ADRESSE")
    # No second account, and the existing one is untouched.
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    owner.refresh_from_db()
    assert owner.kind == User.Kind.PEER_WORKER
    assert owner.check_password(PASSWORD)
    # The owner is told, in French, without personal data in the subject.
    warning = mailoutbox[0]
    assert warning.to == [owner.email]
    assert warning.subject == "[EPoP] Demande de création de compte"
    assert "Vous avez déjà un compte avec cette adresse" in warning.body
    (reset_link,) = links_in(warning)
    assert urlparse(reset_link).path == reverse("account_reset_password")


def test_signup_mail_is_queued_in_the_outbox(client, settings, unique_email):
    """The production path: allauth's mail becomes an outbox row (delivered later by Celery)."""
    from epop.notifications.models import OutboxMessage

    settings.MAILERS = {"default": {"BACKEND": "epop.notifications.backends.OutboxBackend"}}
    email = unique_email()

    client.post(SIGNUP, signup_data(email))

    (row,) = OutboxMessage.objects.filter(to=[email])
    assert row.subject == "[EPoP] Confirmez votre adresse e-mail"
    assert row.status == OutboxMessage.Status.PENDING
    assert reverse("account_confirm_email", args=["x"]).rsplit("x", 1)[0] in row.body
