"""Fixtures for the account flows: a real database, real allauth, mail kept in memory.

Mail: the project's default mailer queues messages in the notifications outbox; the account tests
read what allauth sends through Django's in-memory backend instead, which is the edge we own.

Rate limits: allauth counts attempts per client IP and per address in the shared Redis cache.
Each test gets its own client address and its own email addresses, so tests never eat into each
other's limits (nor into a parallel run's) while the limits themselves stay switched on.
"""

import ipaddress
import random
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from epop.accounts.models import User

from .helpers import PASSWORD


@pytest.fixture(autouse=True)
def _mail_in_memory(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def _random_ip() -> str:
    # 198.18.0.0/15 is reserved for benchmarking: never a real client.
    network = ipaddress.ip_network("198.18.0.0/15")
    return str(network[random.randrange(1, network.num_addresses - 1)])


@pytest.fixture
def client():
    return Client(REMOTE_ADDR=_random_ip())


@pytest.fixture
def make_client():
    return lambda: Client(REMOTE_ADDR=_random_ip())


@pytest.fixture
def unique_email():
    """Addresses unique to this run: allauth rate-limits mail per address for a few minutes."""

    def make(local="lea.martin"):
        return f"{local}.{uuid.uuid4().hex[:10]}@example.org"

    return make


@pytest.fixture
def verified_user(unique_email):
    """A peer worker whose address is verified, as after a completed sign-up."""

    def make(email=None, kind=User.Kind.PEER_WORKER, password=PASSWORD, **fields):
        user = User.objects.create_user(
            email=email or unique_email(), password=password, kind=kind, **fields
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make
