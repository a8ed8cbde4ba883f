"""Claims that make a periodic send happen once: a SentReminder row per (kind, recipient,
period), written in the transaction that queues the mail."""

from django.db import IntegrityError, transaction

from .models import SentReminder


def claim(kind: str, recipient, period_key: str) -> bool:
    """Record that this reminder goes out; False if it already did. Call inside the transaction
    that writes the outbox row, so both exist or neither does. The unique constraint is what
    decides: a concurrent run waits for the first to commit, then fails here."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, recipient=recipient, period_key=period_key)
    except IntegrityError:
        return False
    return True
