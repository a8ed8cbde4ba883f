"""Celery beat's schedule: every periodic job of the platform, by its task name (a name, not an
import, so moving a module never orphans a job). Every job is idempotent."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Directory search: today's rank of every profile (directory/search/tasks.py, decision 0015).
    "directory-daily-ranks": {
        "task": "directory.search_tasks.refresh_daily_ranks",
        "schedule": crontab(minute=0),
    },
    "flush-outbox": {
        "task": "epop.notifications.tasks.flush_outbox",
        "schedule": 60.0,
    },
    "purge-sent-mail": {
        "task": "epop.notifications.tasks.purge_sent_messages",
        "schedule": crontab(hour=3, minute=17),
    },
    # Coordinators: what still waits, Monday morning (directory/coordination/tasks.py).
    "directory-weekly-digest": {
        "task": "directory.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # Peer workers: reminders to confirm the profile every 6 months, notice after 9.
    "directory-freshness-reminders": {
        "task": "directory.tasks.send_freshness_reminders",
        "schedule": crontab(hour=9, minute=5),
    },
    # Employers' alerts and needs (directory/alerts/tasks.py): one grouped mail per recipient and
    # period (a Digest row, unique, makes every run idempotent); past needs closed each night.
    "directory-alerts-rematch": {
        "task": "directory.alert_tasks.rematch_recent_profiles",
        "schedule": crontab(minute=40),
    },
    "directory-alerts-immediate": {
        "task": "directory.alert_tasks.send_digests",
        "schedule": crontab(minute="*/5"),
        "args": ("immediate",),
    },
    "directory-alerts-daily": {
        "task": "directory.alert_tasks.send_digests",
        "schedule": crontab(hour=8, minute=0),
        "args": ("daily",),
    },
    "directory-alerts-weekly": {
        "task": "directory.alert_tasks.send_digests",
        "schedule": crontab(day_of_week="mon", hour=8, minute=10),
        "args": ("weekly",),
    },
    # The needs' safety net: a need whose matching task was lost is matched within the hour.
    "directory-needs-rematch": {
        "task": "directory.alert_tasks.rematch_recent_needs",
        "schedule": crontab(minute=45),
    },
    "directory-needs-close": {
        "task": "directory.alert_tasks.close_past_needs",
        "schedule": crontab(hour=0, minute=20),
    },
    # Contact requests (directory/contacts/tasks.py), daily and idempotent: a reminder after 7 days
    # without an answer, expiry after 30, the follow-up after an accepted request, and deletion
    # of conversations past the retention period (EPOP_CONTACT_RETENTION_DAYS, 3 years).
    "contact-reminders": {
        "task": "directory.contact_tasks.send_contact_reminders",
        "schedule": crontab(hour=9, minute=15),
    },
    "contact-expiry": {
        "task": "directory.contact_tasks.expire_contact_requests",
        "schedule": crontab(hour=8, minute=45),
    },
    "contact-followups": {
        "task": "directory.contact_tasks.send_contact_followups",
        "schedule": crontab(hour=10, minute=20),
    },
    # Forum digests (forum/tasks.py): one mail per member and period, never what they read; a
    # Digest row (unique per member, frequency and period) makes every run idempotent.
    "forum-digest-daily": {
        "task": "forum.tasks.send_digests",
        "schedule": crontab(hour=7, minute=50),
        "args": ("daily",),
    },
    "forum-digest-weekly": {
        "task": "forum.tasks.send_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=55),
        "args": ("weekly",),
    },
    "contact-purge": {
        "task": "directory.contact_tasks.purge_old_contact_requests",
        "schedule": crontab(hour=3, minute=47),
    },
}
