"""Celery tasks of the outbox. Thin: the rules live in delivery.py.

Every task here is safe to run twice or concurrently (acks_late is on globally, so a task whose
worker dies is delivered again): deliver() sends only a pending row it has claimed.
"""

from celery import shared_task

from . import delivery

# A ceiling only: the row's own attempt counter (EPOP_OUTBOX_MAX_ATTEMPTS) decides when a message
# has failed, because a task re-published by flush_outbox starts again at zero Celery retries.
MAX_RETRIES = 8


@shared_task(
    name="epop.notifications.tasks.send_message", bind=True, max_retries=MAX_RETRIES, acks_late=True
)
def send_message(self, message_id):
    try:
        delivery.deliver(message_id)
    except delivery.RetryLater as later:
        # The failure and next_attempt_at are already committed; the countdown is the same delay,
        # so the Celery retry and the row agree on when to try again. If the broker refuses the
        # retry, the row stays pending and flush_outbox picks it up when it is due.
        raise self.retry(countdown=later.delay, exc=later.error) from later.error


@shared_task(name="epop.notifications.tasks.flush_outbox")
def flush_outbox():
    return delivery.flush_outbox()


@shared_task(name="epop.notifications.tasks.purge_sent_messages")
def purge_sent_messages():
    return delivery.purge_sent_messages()
