"""The default mailer (settings.MAILERS): Django's mail API writes to the outbox, not to SMTP.

`send_mail()`, `EmailMessage.send()` and allauth's account emails all land here. Each message
becomes an OutboxMessage row in the caller's transaction; the Celery task `send_message` delivers
it after commit through the "delivery" mailer. So a view that sends mail never waits on
SMTP, and a rolled-back transaction sends nothing.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

from .services import store_message

logger = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        # alias and MAILERS options go to the base class (Django 6.1 mailers).
        super().__init__(**kwargs)
        self.fail_silently = fail_silently

    def send_messages(self, email_messages):
        """Store each message; return how many were queued.

        A broker outage does not raise here: the rows are saved and the periodic flush publishes
        them. Only a failure to write the row itself (bad headers, attachments) raises.
        """
        queued = 0
        for message in email_messages:
            try:
                if store_message(message) is not None:
                    queued += 1
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Outbox: a message could not be queued (fail_silently).")
        return queued
