"""Delivering from the outbox, without a worker: the rules of deliver(), flush and purge."""

from datetime import timedelta

import pytest
from django.utils import timezone

from epop.celery import app
from epop.notifications import delivery, services, tasks
from epop.notifications.models import OutboxMessage

from .flaky_smtp import FlakySMTPBackend
from .helpers import broker_unreachable, queued_message_ids

Status = OutboxMessage.Status
FLAKY = "tests.notifications.flaky_smtp.FlakySMTPBackend"


def make_row(created_ago=None, **fields):
    values = {
        "to": ["alice@example.org"],
        "from_email": "EPoP <ne-pas-repondre@epop.example.org>",
        "subject": "Sujet",
        "body": "Texte",
        **fields,
    }
    row = OutboxMessage.objects.create(**values)
    if created_ago is not None:
        # created_at is auto_now_add: move it back with an update.
        OutboxMessage.objects.filter(pk=row.pk).update(created_at=timezone.now() - created_ago)
        row.refresh_from_db()
    return row


@pytest.fixture
def broker_queue():
    """The real broker's queue, emptied before and after so tests read only their own tasks."""
    app.control.purge()
    yield
    app.control.purge()


def test_running_send_message_twice_for_the_same_row_sends_one_mail(mailoutbox):
    row = make_row()

    tasks.send_message(row.pk)
    tasks.send_message(row.pk)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.org"]
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.attempts == 1
    assert row.sent_at is not None


def test_a_row_another_worker_is_sending_is_left_alone(mailoutbox):
    row = make_row(status=Status.SENDING, attempts=1)

    tasks.send_message(row.pk)

    assert mailoutbox == []
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENDING, 1)


def test_a_failed_row_is_not_retried_by_a_stray_task(mailoutbox):
    row = make_row(status=Status.FAILED, attempts=8)

    tasks.send_message(row.pk)

    assert mailoutbox == []


def test_an_smtp_failure_is_counted_and_the_row_waits_for_its_retry(settings, mailoutbox):
    settings.MAILERS["delivery"] = {"BACKEND": FLAKY}
    FlakySMTPBackend.reset(failures=1)
    row = make_row()

    with pytest.raises(delivery.RetryLater) as retry:
        delivery.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert 0.1 <= retry.value.delay <= 0.12
    assert mailoutbox == []

    # A duplicate task arriving before the backoff is over does nothing...
    OutboxMessage.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    delivery.deliver(row.pk)
    row.refresh_from_db()
    assert row.attempts == 1

    # ...and once it is due, the message goes.
    OutboxMessage.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    delivery.deliver(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    assert len(mailoutbox) == 1


def test_after_the_last_attempt_the_message_is_failed_and_kept(settings, mailoutbox):
    settings.MAILERS["delivery"] = {"BACKEND": FLAKY}
    settings.EPOP_OUTBOX_MAX_ATTEMPTS = 3
    FlakySMTPBackend.reset(failures=10)
    row = make_row(attempts=2)

    delivery.deliver(row.pk)  # no RetryLater: nothing more to try

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == 3
    assert "SMTPServerDisconnected" in row.last_error
    assert row.next_attempt_at is None
    assert mailoutbox == []


def test_a_permanent_smtp_refusal_fails_at_the_first_attempt(settings):
    settings.MAILERS["delivery"] = {
        "BACKEND": "tests.notifications.flaky_smtp.RejectingSMTPBackend"
    }
    row = make_row()

    delivery.deliver(row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "550" in row.last_error


def test_an_error_that_is_not_a_mail_error_fails_loudly(settings):
    settings.MAILERS["delivery"] = {"BACKEND": "tests.notifications.flaky_smtp.BrokenBackend"}
    row = make_row()

    with pytest.raises(ValueError, match="bug"):
        delivery.deliver(row.pk)

    row.refresh_from_db()
    assert row.status == Status.FAILED


def test_last_error_is_truncated(settings):
    settings.MAILERS["delivery"] = {
        "BACKEND": "tests.notifications.flaky_smtp.RejectingSMTPBackend"
    }
    row = make_row(to=[f"personne{i}@example.org" for i in range(200)])

    delivery.deliver(row.pk)

    row.refresh_from_db()
    assert len(row.last_error) == delivery.LAST_ERROR_MAX_LENGTH


def test_retry_delays_grow_exponentially_up_to_a_cap(settings):
    settings.EPOP_OUTBOX_RETRY_DELAY = 60
    settings.EPOP_OUTBOX_RETRY_MAX_DELAY = 1800

    assert 60 <= delivery.retry_delay(1) <= 72
    assert 120 <= delivery.retry_delay(2) <= 144
    assert 480 <= delivery.retry_delay(4) <= 576
    assert 1800 <= delivery.retry_delay(12) <= 2160


def test_flush_publishes_due_rows_only(broker_queue):
    now = timezone.now()
    fresh = make_row()
    old = make_row(created_ago=timedelta(minutes=2))
    due = make_row(next_attempt_at=now - timedelta(seconds=1), attempts=1)
    later = make_row(next_attempt_at=now + timedelta(minutes=10), attempts=1)
    make_row(created_ago=timedelta(hours=1), status=Status.SENT, sent_at=now)
    make_row(created_ago=timedelta(hours=1), status=Status.FAILED, attempts=8)
    make_row(next_attempt_at=now - timedelta(minutes=1), status=Status.SENT, sent_at=now)

    assert delivery.flush_outbox() == 2

    assert sorted(queued_message_ids()) == sorted([old.pk, due.pk])
    assert fresh.pk not in queued_message_ids() and later.pk not in queued_message_ids()


def test_flush_marks_rows_abandoned_mid_send_as_failed(broker_queue):
    abandoned = make_row(status=Status.SENDING, attempts=1)
    OutboxMessage.objects.filter(pk=abandoned.pk).update(
        updated_at=timezone.now() - timedelta(minutes=30)
    )
    in_progress = make_row(status=Status.SENDING, attempts=1)

    delivery.flush_outbox()

    abandoned.refresh_from_db()
    in_progress.refresh_from_db()
    assert abandoned.status == Status.FAILED
    assert abandoned.last_error == delivery.INTERRUPTED_ERROR
    assert in_progress.status == Status.SENDING


def test_flush_during_a_broker_outage_keeps_rows_pending_and_does_not_raise():
    row = make_row(created_ago=timedelta(minutes=5))

    with broker_unreachable():
        assert delivery.flush_outbox() == 0

    row.refresh_from_db()
    assert row.status == Status.PENDING


def test_purge_deletes_old_sent_rows_only(settings):
    settings.EPOP_OUTBOX_RETENTION_DAYS = 30
    now = timezone.now()
    old_sent = make_row(status=Status.SENT, sent_at=now - timedelta(days=31))
    recent_sent = make_row(status=Status.SENT, sent_at=now - timedelta(days=29))
    old_failed = make_row(created_ago=timedelta(days=400), status=Status.FAILED, attempts=8)
    old_pending = make_row(created_ago=timedelta(days=400))

    assert tasks.purge_sent_messages() == 1

    remaining = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert remaining == {recent_sent.pk, old_failed.pk, old_pending.pk}
    assert old_sent.pk not in remaining


def test_purge_keeps_ninety_days_by_default():
    now = timezone.now()
    make_row(status=Status.SENT, sent_at=now - timedelta(days=91))
    kept = make_row(status=Status.SENT, sent_at=now - timedelta(days=89))

    delivery.purge_sent_messages()

    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [kept.pk]


def test_retry_failed_gives_failed_rows_a_fresh_start(django_capture_on_commit_callbacks):
    failed = make_row(status=Status.FAILED, attempts=8, last_error="SMTPServerDisconnected")
    sent = make_row(status=Status.SENT, attempts=1, sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = services.retry_failed(OutboxMessage.objects.all())

    assert count == 1
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (Status.PENDING, 0, None)
    assert sent.status == Status.SENT
    assert len(callbacks) == 1
