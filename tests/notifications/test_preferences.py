"""Notification preferences: the registry, the read helpers and the /compte/notifications/ page."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from epop.notifications import registry
from epop.notifications.models import NotificationPreference
from epop.notifications.preferences import preference_for, preferences_for, wants
from epop.notifications.registry import Frequency, NotificationType

URL = "/compte/notifications/"


# --- Registry ----------------------------------------------------------------------------------


def test_account_security_messages_are_registered_and_always_sent():
    security = registry.get("compte.securite")

    assert security.label == "Messages de sécurité du compte"
    assert security.switchable is False
    assert security.frequencies == (Frequency.IMMEDIATE,)


def test_a_switchable_type_must_offer_an_off_switch():
    with pytest.raises(ImproperlyConfigured, match="NEVER"):
        NotificationType(
            key="essai.sans_arret",
            label="Sans arrêt",
            description="…",
            frequencies=(Frequency.IMMEDIATE, Frequency.DAILY),
        )


def test_a_default_outside_the_allowed_frequencies_is_refused():
    with pytest.raises(ImproperlyConfigured, match="default"):
        NotificationType(
            key="essai.defaut",
            label="Défaut",
            description="…",
            frequencies=(Frequency.DAILY, Frequency.NEVER),
            default=Frequency.IMMEDIATE,
        )


def test_two_features_cannot_register_the_same_key_differently(digest_type):
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register(
            NotificationType(key=digest_type.key, label="Autre chose", description="…")
        )
    # Registering the very same declaration again (a module imported twice) is harmless.
    assert registry.register(digest_type) is digest_type


def test_an_unknown_key_is_an_error_not_a_silent_default(make_user):
    with pytest.raises(LookupError):
        wants(make_user(), "forum.reponse_mal_orthographiee")


# --- Reading preferences -----------------------------------------------------------------------


def test_without_a_stored_choice_the_default_applies(make_user, digest_type):
    user = make_user()

    assert preference_for(user, digest_type.key) == Frequency.WEEKLY
    assert wants(user, digest_type.key) is True


def test_a_stored_choice_wins_and_never_means_no_mail(make_user, digest_type):
    user = make_user()
    NotificationPreference.objects.create(user=user, key=digest_type.key, frequency="never")

    assert preference_for(user, digest_type.key) == Frequency.NEVER
    assert wants(user, digest_type.key) is False
    everything = preferences_for(user)
    assert everything[digest_type.key] == Frequency.NEVER
    assert everything["compte.securite"] == Frequency.IMMEDIATE


def test_an_always_sent_type_ignores_a_stored_never(make_user):
    user = make_user()
    NotificationPreference.objects.create(user=user, key="compte.securite", frequency="never")

    assert wants(user, "compte.securite") is True


# --- The page ----------------------------------------------------------------------------------


def test_the_page_requires_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=/compte/notifications/")


def test_the_page_shows_every_registered_type(client, make_user, digest_type):
    client.force_login(make_user())

    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Mes notifications – Mon compte – EPoP</title>" in page
    assert "<legend>Messages de sécurité du compte</legend>" in page
    assert "Toujours envoyés." in page
    assert "<legend>Nouvelles du forum</legend>" in page
    assert page.count(f'name="{digest_type.key}"') == 4
    # The default is the checked radio.
    form = response.context["form"]
    assert form[digest_type.key].value() == Frequency.WEEKLY
    assert "Enregistrer mes préférences" in page


def test_saving_a_frequency_persists_it_and_confirms(client, make_user, digest_type):
    user = make_user()
    client.force_login(user)

    response = client.post(URL, {digest_type.key: "daily"})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert preference_for(user, digest_type.key) == Frequency.DAILY
    page = client.get(URL).content.decode()
    assert "Vos préférences de notification sont enregistrées." in page
    assert 'role="status"' in page


def test_an_invalid_frequency_is_refused_in_french_and_changes_nothing(
    client, make_user, digest_type
):
    user = make_user()
    NotificationPreference.objects.create(user=user, key=digest_type.key, frequency="daily")
    client.force_login(user)

    response = client.post(URL, {digest_type.key: "toutes-les-minutes"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Erreur : Mes notifications" in page
    assert "Choisissez une des fréquences proposées." in page
    assert 'role="alert"' in page
    # The summary links to the first radio of the group, and the group points to its error.
    assert f'href="#id_{digest_type.key}_0"' in page
    assert f'aria-describedby="id_{digest_type.key}_helptext id_{digest_type.key}_error"' in page
    assert preference_for(user, digest_type.key) == Frequency.DAILY


def test_an_always_sent_type_cannot_be_switched_off_by_a_forged_post(client, make_user):
    user = make_user()
    client.force_login(user)

    client.post(URL, {"compte.securite": "never"})

    assert not NotificationPreference.objects.filter(user=user).exists()
    assert wants(user, "compte.securite") is True


def test_a_user_cannot_change_another_users_preferences(client, make_user, digest_type):
    me = make_user("moi@example.org")
    other = make_user("autre@example.org")
    NotificationPreference.objects.create(user=other, key=digest_type.key, frequency="weekly")
    client.force_login(me)

    client.post(URL, {digest_type.key: "never", "user": other.pk, "user_id": other.pk})

    assert preference_for(other, digest_type.key) == Frequency.WEEKLY
    assert preference_for(me, digest_type.key) == Frequency.NEVER


def test_the_page_shows_each_person_only_the_types_that_concern_them(client, make_user):
    peer = make_user("pair@example.org", kind="intervenant_pair")
    client.force_login(peer)
    page = client.get(URL).content.decode()
    assert "Rappels pour garder mon profil à jour" in page
    assert "Coordination : nouveau profil à valider" not in page

    coordinator = make_user("coord@example.org", kind="coordination")
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "Coordination : nouveau profil à valider" in page
    assert "Rappels pour garder mon profil à jour" not in page
