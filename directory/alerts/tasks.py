"""Celery tasks of alerts and needs. Thin: the rules live in the job
modules matching.py, digests.py and needs.py (never services.py, which schedules these tasks).

Every task is idempotent and acks late, so a worker killed mid-run gets the task again and the
rerun only does what is left: matches are `INSERT … ON CONFLICT DO NOTHING`, and each digest is
one transaction guarded by a unique (recipient, kind, frequency, period) row.

Beat runs `send_digests` for each frequency (settings.CELERY_BEAT_SCHEDULE) and
`close_past_needs` once a day.
"""

from celery import shared_task

from . import digests, matching, needs
from .models import AlertFrequency


@shared_task(name="directory.alert_tasks.match_profile", acks_late=True)
def match_profile(profile_id):
    matched = matching.match_profile(profile_id)
    return {"alerts": matched.alerts, "needs": matched.needs}


@shared_task(name="directory.alert_tasks.rematch_recent_profiles", acks_late=True)
def rematch_recent_profiles():
    return matching.rematch_recent_profiles()


@shared_task(name="directory.alert_tasks.match_need", acks_late=True)
def match_need(need_id):
    return matching.match_need(need_id)


@shared_task(name="directory.alert_tasks.rematch_recent_needs", acks_late=True)
def rematch_recent_needs():
    return matching.rematch_recent_needs()


@shared_task(name="directory.alert_tasks.send_digests", acks_late=True)
def send_digests(frequency=AlertFrequency.WEEKLY):
    run = digests.send_digests(AlertFrequency(frequency))
    return {"period": run.period_key, "alerts": run.alert_mails, "needs": run.need_mails}


@shared_task(name="directory.alert_tasks.close_past_needs", acks_late=True)
def close_past_needs():
    return needs.close_past_needs()
