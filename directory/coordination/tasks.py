"""Periodic jobs of the directory, run by Celery beat (CELERY_BEAT_SCHEDULE in settings).

Thin on purpose: the queries and the rules live in the job modules `digests` and `freshness`,
callable directly from tests and the shell. Both jobs are idempotent: a SentReminder row
(unique per kind,
recipient and period) is written in the same transaction as the outbox row, so a retried,
duplicated or overlapping run never sends a mail twice.

- weekly digest, Monday 7:30 (Paris): one mail per coordinator who has profiles waiting;
- freshness reminders, every day at 9:05 (Paris): a month and a week before the 6-month
  confirmation date, then a notice once the profile has left the directory (9 months). The
  steps and their windows are documented in `directory.coordination.digests` and `.freshness`.
"""

from celery import shared_task

from . import digests, freshness


@shared_task(name="directory.tasks.send_weekly_digests", acks_late=True)
def send_weekly_digests():
    return digests.send_weekly_digests()


@shared_task(name="directory.tasks.send_freshness_reminders", acks_late=True)
def send_freshness_reminders():
    return freshness.send_freshness_reminders()
