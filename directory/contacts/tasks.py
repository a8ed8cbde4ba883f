"""Daily jobs of the contact requests. Thin and idempotent: the rules, and the unique constraints
that make a second run send nothing, live in the job module `jobs.py`. The names are the ones the
tasks had before the directory became a package, so beat and queued messages still find them.
"""

from celery import shared_task

from . import jobs


@shared_task(name="directory.contact_tasks.send_contact_reminders")
def send_contact_reminders():
    """Remind peer workers of requests left 7 days without an answer."""
    return jobs.send_reminders()


@shared_task(name="directory.contact_tasks.expire_contact_requests")
def expire_contact_requests():
    """Close requests left 30 days without an answer and suggest other profiles."""
    return jobs.expire_requests()


@shared_task(name="directory.contact_tasks.send_contact_followups")
def send_contact_followups():
    """Ask employers whether an accepted intervention took place."""
    return jobs.send_followups()


@shared_task(name="directory.contact_tasks.purge_old_contact_requests")
def purge_old_contact_requests():
    """Delete conversations past the retention period (domain.md §4, rule 4)."""
    return jobs.purge_old_requests()
