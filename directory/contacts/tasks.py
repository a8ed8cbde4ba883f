"""Daily jobs of the contact requests. Thin and idempotent: the rules, and the unique constraints
that make a second run send nothing, live in `directory.contact_services`.

This module is imported by `directory.contact_models` (Celery only autodiscovers
`directory.tasks`), so it must not import models at load time: services are imported inside the
tasks.
"""

from celery import shared_task


@shared_task
def send_contact_reminders():
    """Remind peer workers of requests left 7 days without an answer."""
    from . import contact_services

    return contact_services.send_reminders()


@shared_task
def expire_contact_requests():
    """Close requests left 30 days without an answer and suggest other profiles."""
    from . import contact_services

    return contact_services.expire_requests()


@shared_task
def send_contact_followups():
    """Ask employers whether an accepted intervention took place."""
    from . import contact_services

    return contact_services.send_followups()


@shared_task
def purge_old_contact_requests():
    """Delete conversations past the retention period (domain.md §4, rule 4)."""
    from . import contact_services

    return contact_services.purge_old_requests()
