"""/compte/notifications/ in Chromium: no axe violation, and usable with the keyboard alone."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from epop.notifications import registry
from epop.notifications.models import NotificationPreference
from epop.notifications.registry import Frequency, NotificationType

URL = "/compte/notifications/"
SAVED = "Vos préférences de notification sont enregistrées."

# An element has a visible focus ring (RGAA 10.7): our CSS draws a 3 px outline.
FOCUS_RING = """el => { const s = getComputedStyle(el);
    return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2; }"""


@pytest.fixture
def forum_digest(monkeypatch):
    """A switchable type, as the forum will register one; only compte.securite exists yet."""
    notification_type = NotificationType(
        key="essai.resume",
        label="Nouvelles du forum",
        description="Les nouveaux messages dans les sujets que vous suivez.",
        default=Frequency.WEEKLY,
    )
    # The live server runs in a thread of this process, so it sees the same registry.
    monkeypatch.setitem(registry._types, notification_type.key, notification_type)
    return notification_type


@pytest.fixture
def signed_in_user(page, live_server, django_user_model):
    user = django_user_model.objects.create_user(
        email="marie@example.org",
        password="mot-de-passe-long",
        kind=django_user_model.Kind.PEER_WORKER,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # A session made by Django's test client, handed to the browser: this test is about the
    # preferences page, not the login form.
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return user


def test_preferences_page_has_no_axe_violation(
    page, signed_in_user, forum_digest, assert_accessible
):
    page.goto(URL)

    expect(page.get_by_role("heading", level=1)).to_have_text("Mes notifications")
    expect(page.get_by_role("group", name="Messages de sécurité du compte")).to_contain_text(
        "Toujours envoyés."
    )
    assert_accessible(page)


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_preferences_can_be_changed_with_the_keyboard_alone(
    page, signed_in_user, forum_digest, assert_accessible, key
):
    page.goto(URL)
    group = page.get_by_role("group", name="Nouvelles du forum")
    weekly = group.get_by_role("radio", name="Un résumé par semaine")
    daily = group.get_by_role("radio", name="Un résumé par jour")
    submit = page.get_by_role("button", name="Enregistrer mes préférences")
    expect(weekly).to_be_checked()

    # Tab through the header until the radio group: it is entered on its checked radio.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == forum_digest.key:
            break
    expect(weekly).to_be_focused()
    assert weekly.evaluate(FOCUS_RING)

    # Arrow keys move within the group and select; Tab leaves it for the button.
    page.keyboard.press("ArrowUp")
    expect(daily).to_be_focused()
    expect(daily).to_be_checked()
    page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    assert submit.evaluate(FOCUS_RING)

    page.keyboard.press(key)

    expect(page.get_by_role("status")).to_contain_text(SAVED)
    expect(
        page.get_by_role("group", name="Nouvelles du forum").get_by_role(
            "radio", name="Un résumé par jour"
        )
    ).to_be_checked()
    preference = NotificationPreference.objects.get(user=signed_in_user, key=forum_digest.key)
    assert preference.frequency == Frequency.DAILY
    assert_accessible(page)


def test_an_error_is_summarised_focused_and_linked_to_its_group(
    page, signed_in_user, forum_digest, assert_accessible
):
    page.goto(URL)
    group = page.get_by_role("group", name="Nouvelles du forum")
    # A value no radio offers, as a stale or forged form would send.
    group.get_by_role("radio", name="Un résumé par jour").evaluate(
        "radio => { radio.value = 'toutes-les-minutes'; radio.checked = true; }"
    )
    page.get_by_role("button", name="Enregistrer mes préférences").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(page).to_have_title("Erreur : Mes notifications – Mon compte – EPoP")
    expect(group).to_have_accessible_description(
        "Les nouveaux messages dans les sujets que vous suivez. "
        "Erreur : Choisissez une des fréquences proposées."
    )
    summary.get_by_role("link").click()
    expect(group.get_by_role("radio", name="Immédiatement")).to_be_in_viewport()
    assert_accessible(page)
    assert not NotificationPreference.objects.filter(user=signed_in_user).exists()
