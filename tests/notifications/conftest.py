import pytest

from epop.notifications import registry
from epop.notifications.registry import Frequency, NotificationType

FLAKY = "tests.notifications.flaky_smtp.FlakySMTPBackend"


@pytest.fixture(autouse=True)
def outbox_settings(settings):
    """The outbox as in production, with retries fast enough for a test.

    tests/conftest.py already puts the outbox back as the default mailer (Django's test set-up
    replaces every mailer with locmem) and delivers into locmem behind it.
    """
    settings.EPOP_OUTBOX_RETRY_DELAY = 0.1
    settings.EPOP_OUTBOX_RETRY_MAX_DELAY = 0.5
    return settings


@pytest.fixture
def digest_type(monkeypatch):
    """A switchable type, as a feature would register one, removed after the test."""
    notification_type = NotificationType(
        key="essai.resume",
        label="Nouvelles du forum",
        description="Les nouveaux messages dans les sujets que vous suivez.",
        default=Frequency.WEEKLY,
    )
    monkeypatch.setitem(registry._types, notification_type.key, notification_type)
    return notification_type


@pytest.fixture
def make_user(django_user_model):
    def make(email="personne@example.org", **extra):
        extra.setdefault("kind", django_user_model.Kind.PEER_WORKER)
        return django_user_model.objects.create_user(
            email=email, password="mot-de-passe-long", **extra
        )

    return make
