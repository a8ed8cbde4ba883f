"""Writing to the outbox and saving notification preferences.

One path for every email: `store_message()` turns a Django EmailMessage into an outbox row inside
the caller's transaction and publishes the delivery task once that transaction commits. Django's
`send_mail()` and allauth reach it through `OutboxBackend`; our own code calls `enqueue_email()`.
Delivering is in delivery.py.
"""

import logging
from functools import partial

from django.core.mail import EmailMessage, EmailMultiAlternatives, make_msgid
from django.core.mail import message as mail_message
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import registry
from .delivery import publish
from .models import NotificationPreference, OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status


# --- Writing to the outbox ----------------------------------------------------------------------


def enqueue_email(
    to,
    subject,
    body,
    html=None,
    headers=None,
    dedup_key=None,
    *,
    from_email=None,
    reply_to=None,
) -> OutboxMessage | None:
    """Queue an email for delivery after the current transaction commits.

    `dedup_key` makes the call idempotent: a second call with the same key stores nothing and
    returns None (e.g. "forum.reponse:post=42:user=7" for a notification sent once per post).
    """
    if isinstance(to, str):
        to = [to]
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=to,
        headers=headers,
        reply_to=reply_to,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return store_message(message, dedup_key=dedup_key)


def store_message(message: EmailMessage, *, dedup_key: str | None = None) -> OutboxMessage | None:
    """Save one EmailMessage as an outbox row and publish its delivery after commit.

    Returns the row, or None when nothing was stored: no recipient, or `dedup_key` already used.
    """
    if not message.recipients():
        return None
    fields = _fields_from_message(message)
    try:
        # A savepoint: a duplicate key must not break the caller's transaction.
        with transaction.atomic():
            row = OutboxMessage.objects.create(**fields, dedup_key=dedup_key or None)
    except IntegrityError:
        if dedup_key and OutboxMessage.objects.filter(dedup_key=dedup_key).exists():
            logger.info("Outbox: message %r already queued, not queued again.", dedup_key)
            return None
        raise
    # robust: whatever goes wrong while publishing, the caller's request has committed and must
    # not fail now; the row is pending and the flush will find it.
    transaction.on_commit(partial(publish, row.pk), robust=True)
    return row


def _fields_from_message(message: EmailMessage) -> dict:
    if message.attachments:
        raise ValueError("The outbox does not store attachments; link to the file instead.")
    body, html = str(message.body), ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype != "text/html" or html:
            raise ValueError("The outbox stores a text body and at most one text/html alternative.")
        html = content.decode() if isinstance(content, bytes) else str(content)
    if message.content_subtype == "html":
        # allauth sends HTML-only mail this way when a project has no .txt template.
        if html:
            raise ValueError("An HTML body cannot have another HTML alternative.")
        body, html = "", body
    elif message.content_subtype != "plain":
        raise ValueError(f"Unsupported content subtype {message.content_subtype!r}.")

    headers = {str(name): str(value) for name, value in message.extra_headers.items()}
    if not any(name.lower() == "message-id" for name in headers):
        # Fixed now, so every retry of this row is recognisably the same message.
        headers["Message-ID"] = make_msgid(domain=mail_message.DNS_NAME)
    # Build the MIME message once to reject bad headers (a newline in a subject...) here, in the
    # code that made them, rather than in a worker minutes later.
    message.message()

    return {
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "from_email": str(message.from_email),
        "subject": str(message.subject),
        "body": body,
        "html_body": html,
        "headers": headers,
    }


def retry_failed(queryset) -> int:
    """Put failed rows back in the queue with a fresh set of attempts; return how many."""
    with transaction.atomic():
        ids = list(
            queryset.filter(status=Status.FAILED).select_for_update().values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=ids).update(
            status=Status.PENDING, attempts=0, next_attempt_at=None, updated_at=timezone.now()
        )
        for message_id in ids:
            transaction.on_commit(partial(publish, message_id), robust=True)
    return len(ids)


# --- Preferences --------------------------------------------------------------------------------


def save_preferences(user, choices: dict[str, str]) -> None:
    """Store the user's frequency for each given type; all or nothing."""
    with transaction.atomic():
        for key, frequency in choices.items():
            notification_type = registry.get(key)
            if not notification_type.switchable:
                raise ValueError(f"{key!r} is always sent; it has no preference to save.")
            if frequency not in notification_type.frequencies:
                raise ValueError(f"{frequency!r} is not allowed for {key!r}.")
            NotificationPreference.objects.update_or_create(
                user=user, key=key, defaults={"frequency": frequency}
            )
