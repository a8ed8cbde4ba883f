"""Mail of the contact requests, through the outbox: `enqueue_email()` writes its row inside the
transaction of the request or message it is about; each mail has a dedup key so a retried call
or a second run of a daily job queues nothing new."""

import logging

from django.template.loader import render_to_string

from directory.profiles.notifications import absolute_url
from epop.notifications.services import enqueue_email

logger = logging.getLogger(__name__)


# --- Mail -----------------------------------------------------------------------------------------


def send_mail(user, subject, template, context, dedup_key) -> None:
    """Queue one mail in the current transaction. Subjects never carry names or content."""
    body = render_to_string(
        f"directory/emails/{template}.txt",
        {**context, "preferences_url": absolute_url("notifications:preferences")},
    )
    enqueue_email(to=[user.email], subject=subject, body=body, dedup_key=dedup_key)


def thread_context(contact):
    return {"contact": contact, "thread_url": absolute_url("directory:contact_thread", contact.pk)}
