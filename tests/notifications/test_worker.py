"""End to end with the real Redis broker and a real Celery worker: outages delay mail, lose none."""

import logging
import time
from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from epop.notifications import services, tasks
from epop.notifications.models import OutboxMessage
from tests.helpers import TaskBarrier

from .flaky_smtp import FlakySMTPBackend
from .helpers import broker_unreachable, wait_for

pytestmark = pytest.mark.worker


@pytest.fixture
def barrier():
    with TaskBarrier() as barrier:
        yield barrier


Status = OutboxMessage.Status


def assert_stays_delivered_once(mailoutbox, barrier, runs=1):
    # Every delivery task published so far has finished (no sleeping and hoping): a duplicate
    # delivery would have shown by now.
    assert barrier.wait(tasks.send_message, runs)
    assert len(mailoutbox) == 1


def test_the_worker_delivers_after_commit_exactly_once(celery_worker, mailoutbox, barrier):
    with transaction.atomic():
        assert send_mail("Bienvenue", "Bonjour.", None, ["alice@example.org"]) == 1
        row = OutboxMessage.objects.get()
        # Had the task been published now, the worker would not see the row and would drop it;
        # nothing could then deliver it after the commit below.
        time.sleep(0.5)
        assert mailoutbox == []

    assert wait_for(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].subject == "Bienvenue"
    assert mailoutbox[0].to == ["alice@example.org"]
    assert wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).status == Status.SENT)
    assert_stays_delivered_once(mailoutbox, barrier)


def test_an_smtp_outage_is_retried_until_the_message_is_delivered_once(
    celery_worker, settings, mailoutbox, barrier
):
    settings.MAILERS["delivery"] = {"BACKEND": "tests.notifications.flaky_smtp.FlakySMTPBackend"}
    FlakySMTPBackend.reset(failures=2)

    send_mail("Rappel", "Votre rendez-vous est demain.", None, ["bob@example.org"])

    assert wait_for(lambda: len(mailoutbox) == 1, timeout=10)
    row = OutboxMessage.objects.get()
    assert wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).status == Status.SENT)
    row.refresh_from_db()
    assert row.attempts == 3
    assert FlakySMTPBackend.calls == 3
    # The last failure stays visible to a coordinator even though the message finally left.
    assert "SMTPServerDisconnected" in row.last_error
    assert_stays_delivered_once(mailoutbox, barrier, runs=3)


def test_a_broker_outage_delays_the_mail_and_the_flush_delivers_it_once(
    celery_worker, mailoutbox, caplog, barrier
):
    with broker_unreachable(), caplog.at_level(logging.WARNING, logger="epop.notifications"):
        started = time.monotonic()
        assert send_mail("Confirmez votre adresse", "Lien…", None, ["carla@example.org"]) == 1
        # Publishing gave up quickly: a request is not held hostage by a dead broker.
        assert time.monotonic() - started < 5

    row = OutboxMessage.objects.get()
    assert row.status == Status.PENDING
    assert "broker unavailable" in caplog.text
    # Nothing reached the broker, so no worker can have sent it.
    assert mailoutbox == []

    # Redis is back. The periodic flush picks up rows older than a minute.
    OutboxMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert tasks.flush_outbox() == 1

    assert wait_for(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].subject == "Confirmez votre adresse"
    assert wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).status == Status.SENT)
    assert_stays_delivered_once(mailoutbox, barrier)


def test_duplicate_tasks_for_one_row_send_one_mail(celery_worker, mailoutbox, barrier):
    row = services.enqueue_email("dan@example.org", "Une seule fois", "…")
    # Two more deliveries of the same task, as a redelivery after a lost ack would produce.
    tasks.send_message.delay(row.pk)
    tasks.send_message.delay(row.pk)

    assert wait_for(lambda: len(mailoutbox) == 1)
    assert wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).status == Status.SENT)
    assert_stays_delivered_once(mailoutbox, barrier, runs=3)
    assert OutboxMessage.objects.get(pk=row.pk).attempts == 1
