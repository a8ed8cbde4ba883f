"""The directory as a package of sub-apps: tasks keep the names that beat and queued messages use,
and notification types are found by autodiscovery, not by import side effects."""

from django.conf import settings

from epop.celery import app
from epop.notifications import registry

# The names the tasks had before the directory became a package: queued messages and the beat
# schedule of running deployments refer to them, so a module move must never change them.
TASK_NAMES = {
    "directory.tasks.send_weekly_digests",
    "directory.tasks.send_freshness_reminders",
    "directory.alert_tasks.match_profile",
    "directory.alert_tasks.rematch_recent_profiles",
    "directory.alert_tasks.match_need",
    "directory.alert_tasks.rematch_recent_needs",
    "directory.alert_tasks.send_digests",
    "directory.alert_tasks.close_past_needs",
    "directory.contact_tasks.send_contact_reminders",
    "directory.contact_tasks.expire_contact_requests",
    "directory.contact_tasks.send_contact_followups",
    "directory.contact_tasks.purge_old_contact_requests",
    "directory.search_tasks.refresh_daily_ranks",
    "epop.notifications.tasks.send_message",
    "epop.notifications.tasks.flush_outbox",
    "epop.notifications.tasks.purge_sent_messages",
}


def test_every_task_keeps_its_registered_name():
    app.loader.import_default_modules()
    ours = {name for name in app.tasks if name.startswith(("directory.", "epop."))}
    assert ours == TASK_NAMES


def test_every_beat_entry_names_a_known_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)


def test_the_notification_types_of_every_sub_app_are_registered():
    keys = {notification_type.key for notification_type in registry.all_types()}
    assert {
        "annuaire.profil_soumis",  # directory.profiles
        "annuaire.resume_hebdo",  # directory.coordination
        "annuaire.rappel_confirmation",  # directory.coordination
        "contact.nouvelle_demande",  # directory.contacts
        "alertes.nouveaux_profils",  # directory.alerts
        "besoins.nouveaux",
        "besoins.reponses",
    } <= keys
