"""Demo conversations, needs and alerts (issue 13): every state, deterministic for a seed,
idempotent, and a demo employer's inbox is not empty."""

import io

import pytest
from django.core.management import call_command

from directory.alerts.models import Alert, Need, NeedResponse
from directory.contacts.models import ContactMessage, ContactRequest
from directory.contacts.waiting import Waiting

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    return {
        "requests": sorted(
            ContactRequest.objects.values_list("employer__email", "token", "status")
        ),
        "messages": ContactMessage.objects.count(),
        "alerts": sorted(Alert.objects.values_list("owner__email", "name", "frequency", "active")),
        "needs": sorted(Need.objects.values_list("author__email", "title", "status", "date")),
        "answers": NeedResponse.objects.count(),
    }


def test_demo_fills_inboxes_in_every_state_and_a_second_run_changes_nothing():
    call_command("seed_demo", profiles=40, seed=7, force=True, stdout=io.StringIO())
    first = snapshot()
    assert set(ContactRequest.objects.values_list("status", flat=True)) == set(
        ContactRequest.Status.values
    )
    assert {status for *_, status, _ in first["needs"]} == set(Need.Status.values)
    assert first["answers"] > 0
    assert {active for *_, active in first["alerts"]} == {True, False}
    employer = ContactRequest.objects.order_by("pk").first().employer
    # Answers wait for the employer: the header's count and the dashboard are not empty.
    assert Waiting(employer).total > 0
    peer = ContactRequest.objects.filter(status="envoyee").first().profile.user
    assert Waiting(peer).to_answer > 0

    call_command("seed_demo", profiles=40, seed=7, force=True, stdout=io.StringIO())
    assert snapshot() == first
