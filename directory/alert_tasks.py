"""Celery tasks of alerts and needs. Thin: the rules live in alert_services.py.

Every task is idempotent and acks late, so a worker killed mid-run gets the task again and the
rerun only does what is left: matches are `INSERT … ON CONFLICT DO NOTHING`, and each digest is
one transaction guarded by a unique (recipient, kind, frequency, period) row.

Beat runs `send_digests` for each frequency (settings.CELERY_BEAT_SCHEDULE) and
`close_past_needs` once a day.
"""

from celery import shared_task

from . import alert_services, need_rematch
from .alert_models import AlertFrequency


@shared_task(acks_late=True)
def match_profile(profile_id):
    matched = alert_services.match_profile(profile_id)
    return {"alerts": matched.alerts, "needs": matched.needs}


@shared_task(acks_late=True)
def rematch_recent_profiles():
    return alert_services.rematch_recent_profiles()


@shared_task(acks_late=True)
def match_need(need_id):
    return alert_services.match_need(need_id)


@shared_task(acks_late=True)
def send_digests(frequency=AlertFrequency.WEEKLY):
    run = alert_services.send_digests(AlertFrequency(frequency))
    return {"period": run.period_key, "alerts": run.alert_mails, "needs": run.need_mails}


@shared_task(acks_late=True)
def close_past_needs():
    return alert_services.close_past_needs()


@shared_task(name="directory.alert_tasks.rematch_recent_needs", acks_late=True)
def rematch_recent_needs():
    # The needs' hourly safety net (directory/need_rematch.py, issue 7, item 9).
    return need_rematch.rematch_recent_needs()
