"""Sign-up does the same work whether the address has an account or not (issue 7, item 4):
the same number of password hashings and of outbox rows, so the answer time tells nothing.
Measured as work done, never as a timing."""

import pytest
from django.contrib.auth import hashers

from epop.accounts.models import User
from epop.notifications.models import OutboxMessage

from .helpers import PASSWORD
from .test_signup import SIGNUP, signup_data


@pytest.fixture
def hashings(monkeypatch):
    calls = []
    original = hashers.make_password

    def counting(password, salt=None, hasher="default"):
        calls.append(password)
        return original(password, salt, hasher)

    # Every path that hashes goes through make_password (set_password included).
    monkeypatch.setattr(hashers, "make_password", counting)
    monkeypatch.setattr("django.contrib.auth.base_user.make_password", counting)
    monkeypatch.setattr("epop.accounts.forms.make_password", counting, raising=False)
    return calls


@pytest.fixture
def outbox_mail(settings):
    # The accounts suite delivers in memory; here mail goes through the outbox as in production.
    settings.MAILERS = {
        "default": {"BACKEND": "epop.notifications.backends.OutboxBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


def _signup(client, email, hashings):
    before_hash, before_rows = len(hashings), OutboxMessage.objects.count()
    response = client.post(SIGNUP, signup_data(email))
    assert response.status_code == 302
    return len(hashings) - before_hash, OutboxMessage.objects.count() - before_rows, response


def test_new_and_existing_addresses_do_the_same_work(client, unique_email, hashings, outbox_mail):
    existing = User.objects.create_user(email=unique_email("deja"), password=PASSWORD)

    new = _signup(client, unique_email("nouvelle"), hashings)
    taken = _signup(client, existing.email, hashings)

    assert new[0] == taken[0] == 1, "password hashings differ"
    assert new[1] == taken[1] == 1, "outbox rows differ"
    assert new[2]["Location"] == taken[2]["Location"]
