"""Delivering from the outbox: the job module the tasks call.

Delivery is at most once. `deliver()` claims a pending row (status "sending") in a short
transaction, talks to SMTP outside any transaction, then records the outcome. A duplicate task
finds the row already claimed or sent and does nothing. A worker killed in the middle of a send
leaves the row "sending"; `flush_outbox()` later marks it failed with an explanation instead of
guessing whether it left, and a coordinator can resend it from the admin.

`publish()` sends the delivery task by its registered name, so this module never imports the
tasks module that imports it.
"""

import logging
import random
import smtplib
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers, make_msgid
from django.core.mail import message as mail_message
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from epop.accounts.models import User

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# The delivery task's registered name (tasks.py): publishing by name keeps this job module free of
# an import of the tasks that call it.
SEND_MESSAGE_TASK = "epop.notifications.tasks.send_message"

Status = OutboxMessage.Status


# What publishing a task raises when Redis is down or unreachable. The row is already saved, so
# these are logged and swallowed: the periodic flush publishes the task later.
BROKER_ERRORS = (KombuError, RedisError, OSError)

LAST_ERROR_MAX_LENGTH = 2000
# Rows younger than this are left to the task published on commit; the flush is a safety net.
FLUSH_GRACE = timedelta(minutes=1)
FLUSH_BATCH = 1000
# Longer than any SMTP exchange (EMAIL_TIMEOUT is 20 s per operation): a row still "sending"
# after this was abandoned by a worker that died mid-send.
SENDING_STALE_AFTER = timedelta(minutes=15)
# A task may start a little before next_attempt_at (clocks of different hosts).
EARLY_START_TOLERANCE = timedelta(seconds=2)
INTERRUPTED_ERROR = (
    "Envoi interrompu : le worker s'est arrêté pendant l'envoi. Le message est peut-être parti. "
    "Vérifiez auprès du destinataire avant de le renvoyer."
)


def max_attempts() -> int:
    return getattr(settings, "EPOP_OUTBOX_MAX_ATTEMPTS", 8)


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the given number of failed attempts: exponential, capped, jittered.

    The cap stays under Redis's visibility timeout (one hour by default): a Celery retry
    scheduled further away would be redelivered before its time. The jitter spreads the retries
    of messages that failed together when SMTP went down.
    """
    base = getattr(settings, "EPOP_OUTBOX_RETRY_DELAY", 60)
    cap = getattr(settings, "EPOP_OUTBOX_RETRY_MAX_DELAY", 30 * 60)
    delay = min(base * 2 ** max(attempts - 1, 0), cap)
    return delay * random.uniform(1, 1.2)


class RetryLater(Exception):
    """Raised by deliver() after a transient failure was recorded; the task retries then."""

    def __init__(self, delay: float, error: Exception):
        super().__init__(f"retry in {delay:.1f}s after {error!r}")
        self.delay = delay
        self.error = error


def publish(message_id: int, countdown: float | None = None) -> bool:
    """Publish the delivery task; on a broker outage log it and report False, never raise."""
    try:
        current_app.send_task(SEND_MESSAGE_TASK, (message_id,), countdown=countdown)
    except BROKER_ERRORS as error:
        logger.warning(
            "Outbox: broker unavailable, message %s stays pending until the next flush (%s).",
            message_id,
            error,
        )
        return False
    return True


# --- Delivering ---------------------------------------------------------------------------------


def build_email(row: OutboxMessage) -> EmailMessage:
    common = {
        "subject": row.subject,
        "from_email": row.from_email,
        "to": row.to,
        "cc": row.cc,
        "bcc": row.bcc,
        "reply_to": row.reply_to,
        "headers": dict(row.headers),
    }
    if row.html_body and not row.body:
        email = EmailMessage(body=row.html_body, **common)
        email.content_subtype = "html"
        return email
    email = EmailMultiAlternatives(body=row.body, **common)
    if row.html_body:
        email.attach_alternative(row.html_body, "text/html")
    return email


def deliver(message_id: int) -> None:
    """Send one outbox row if it is pending and due. Raises RetryLater after a transient failure."""
    with transaction.atomic():
        # skip_locked: another worker holding the row is already on it.
        row = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Status.PENDING)
            .first()
        )
        if row is None:
            logger.debug("Outbox: message %s is not pending (sent, failed or taken).", message_id)
            return
        now = timezone.now()
        if row.next_attempt_at and row.next_attempt_at > now + EARLY_START_TOLERANCE:
            # A duplicate task (flush and Celery retry both fired); the scheduled one will come.
            return
        row.status = Status.SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts", "updated_at"])

    try:
        with mailers["delivery"] as connection:
            connection.send_messages([build_email(row)])
    except Exception as error:
        _record_failure(row, error)
        return

    sent_at = timezone.now()
    OutboxMessage.objects.filter(pk=row.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=sent_at, updated_at=sent_at, next_attempt_at=None
    )
    logger.info("Outbox: message %s sent (attempt %s).", row.pk, row.attempts)


def is_permanent(error: Exception) -> bool:
    """A 5xx answer will not change on retry (unknown mailbox, rejected sender)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _record_failure(row: OutboxMessage, error: Exception) -> None:
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:LAST_ERROR_MAX_LENGTH]
    still_sending = OutboxMessage.objects.filter(pk=row.pk, status=Status.SENDING)
    transient = isinstance(error, OSError) and not is_permanent(error)

    if transient and row.attempts < max_attempts():
        delay = retry_delay(row.attempts)
        still_sending.update(
            status=Status.PENDING,
            last_error=text,
            next_attempt_at=now + timedelta(seconds=delay),
            updated_at=now,
        )
        logger.warning(
            "Outbox: message %s failed (attempt %s/%s), retry in %.0f s: %s",
            row.pk,
            row.attempts,
            max_attempts(),
            delay,
            text,
        )
        raise RetryLater(delay, error) from error

    # Kept, never deleted: a coordinator sees it in the admin and can resend it.
    still_sending.update(
        status=Status.FAILED, last_error=text, next_attempt_at=None, updated_at=now
    )
    if isinstance(error, OSError):
        logger.error(
            "Outbox: message %s failed for good after %s attempt(s): %s", row.pk, row.attempts, text
        )
        return
    # Not a mail error but a bug (bad data, broken backend): fail loudly with the traceback.
    raise error


def flush_outbox(batch: int = FLUSH_BATCH) -> int:
    """Publish a task for every pending row that is due; return how many were published.

    This is what makes a lost task harmless: a broker outage at commit time, a worker killed
    before acknowledging, a retry that could not be scheduled. A row published twice is sent
    once, because deliver() only sends pending rows.
    """
    now = timezone.now()
    stale = OutboxMessage.objects.filter(
        status=Status.SENDING, updated_at__lt=now - SENDING_STALE_AFTER
    ).update(status=Status.FAILED, last_error=INTERRUPTED_ERROR, updated_at=now)
    if stale:
        logger.error("Outbox: %s message(s) interrupted while sending, marked failed.", stale)
        alert_interrupted(stale, now)

    due = (
        OutboxMessage.objects.filter(status=Status.PENDING)
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, created_at__lte=now - FLUSH_GRACE)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch]
    )
    published = 0
    for message_id in due:
        if not publish(message_id):
            break  # the broker is still down: the next run tries again
        published += 1
    if published:
        logger.info("Outbox: %s pending message(s) published by the flush.", published)
    return published


def alert_interrupted(count: int, now) -> None:
    """Tell the national coordinators that mail was interrupted (issue 7, item 9): the rows are
    failed, perhaps sent, and only a person can decide to resend them. At most one alert an hour
    (dedup key); it names no recipient and no subject, only where to look. The row is written
    here (services.py imports this module) and published by this flush or the next."""
    recipients = list(
        User.objects.filter(kind=User.Kind.COORDINATOR, is_staff=True, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    admin_url = (
        f"{settings.SITE_URL.rstrip('/')}/gestion/notifications/outboxmessage/?status=failed"
    )
    body = (
        f"Bonjour,\n\n{count} e-mail(s) ont été interrompus pendant leur envoi (arrêt du service "
        "d'envoi). Ils sont peut-être partis, peut-être pas : la plateforme ne les renvoie pas "
        "d'elle-même, pour ne pas les envoyer deux fois.\n\nPour les voir et, si besoin, les "
        "renvoyer : ouvrez les messages sortants en échec, cochez-les, puis choisissez l'action "
        f"« Renvoyer les messages en échec sélectionnés ».\n{admin_url}\n\nL'équipe EPoP\n"
    )
    with transaction.atomic():
        OutboxMessage.objects.get_or_create(
            dedup_key=f"outbox.interrompus:{timezone.localtime(now):%Y-%m-%dT%H}",
            defaults={
                "to": recipients,
                "from_email": settings.DEFAULT_FROM_EMAIL,
                "subject": "[EPoP] Des e-mails n'ont peut-être pas été envoyés",
                "body": body,
                "headers": {"Message-ID": make_msgid(domain=mail_message.DNS_NAME)},
            },
        )


def purge_sent_messages(days: int | None = None) -> int:
    """Delete sent rows older than the retention period; pending and failed rows stay."""
    if days is None:
        days = getattr(settings, "EPOP_OUTBOX_RETENTION_DAYS", 90)
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted
