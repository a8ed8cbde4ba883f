"""The directory's mails and periodic jobs: submission mail, weekly digest and freshness reminders.

The jobs' functions take `now`, so time is moved by passing it rather than by freezing clocks;
one test runs the digest task through a real Celery worker on the real Redis broker.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from directory.coordination import digests as digest_jobs
from directory.coordination import freshness, tasks
from directory.profiles import services
from directory.profiles.models import CONFIRM_EVERY, STALE_AFTER, PeerProfile
from epop.celery import app
from epop.notifications import registry
from epop.notifications.models import NotificationPreference, OutboxMessage, SentReminder
from epop.notifications.registry import Frequency
from epop.territories.models import Commune
from tests.factories import CoordinatorFactory, ProfileFactory, charter, published_profile
from tests.helpers import wait_for

DIGEST_SUBJECT = "Profils en attente de validation : le résumé de la semaine"
SUBMITTED_SUBJECT = "Un profil attend votre validation"


def submitted(commune="80021", days_ago=0, **kwargs):
    profile = ProfileFactory(home_commune=Commune.objects.get(code=commune), **kwargs)
    services.submit_profile(profile, profile.user, charter())
    PeerProfile.objects.filter(pk=profile.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return profile


def prefer(user, key, frequency):
    NotificationPreference.objects.update_or_create(
        user=user, key=key, defaults={"frequency": frequency}
    )


def digests():
    return OutboxMessage.objects.filter(subject=DIGEST_SUBJECT)


# --- Registry and schedule -----------------------------------------------------------------------


def test_notification_types_are_registered_with_their_defaults():
    submitted_type = registry.get("annuaire.profil_soumis")
    assert submitted_type.default == Frequency.IMMEDIATE
    assert set(submitted_type.frequencies) == {
        Frequency.IMMEDIATE,
        Frequency.WEEKLY,
        Frequency.NEVER,
    }
    assert registry.get("annuaire.resume_hebdo").default == Frequency.WEEKLY
    assert registry.get("annuaire.rappel_confirmation").default == Frequency.IMMEDIATE
    assert all(
        registry.get(key).switchable
        for key in (
            "annuaire.profil_soumis",
            "annuaire.resume_hebdo",
            "annuaire.rappel_confirmation",
        )
    )


def test_beat_runs_the_digest_on_monday_morning_and_the_reminders_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    digest = schedule["directory-weekly-digest"]
    assert digest["task"] == "directory.tasks.send_weekly_digests"
    assert digest["schedule"].day_of_week == {1}  # Monday
    assert digest["schedule"].hour == {7}
    reminders = schedule["directory-freshness-reminders"]
    assert reminders["task"] == "directory.tasks.send_freshness_reminders"
    assert len(reminders["schedule"].day_of_week) == 7
    # The names resolve to tasks the worker knows.
    app.loader.import_default_modules()
    assert {digest["task"], reminders["task"]} <= set(app.tasks)


# --- Mail on submission --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "mailed"),
    [
        (None, True),
        (Frequency.IMMEDIATE, True),
        (Frequency.WEEKLY, False),
        (Frequency.NEVER, False),
    ],
)
def test_submission_mail_respects_the_coordinators_choice(
    django_capture_on_commit_callbacks, frequency, mailed
):
    coordinator = CoordinatorFactory(regions=["32"])
    colleague = CoordinatorFactory(regions=["32"])
    if frequency:
        prefer(coordinator, "annuaire.profil_soumis", frequency)
    profile = ProfileFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_profile(profile, profile.user, charter())

    recipients = [row.to for row in OutboxMessage.objects.filter(subject=SUBMITTED_SUBJECT)]
    assert ([coordinator.email] in recipients) is mailed
    assert [colleague.email] in recipients  # the default: immediately


# --- Weekly digest -------------------------------------------------------------------------------


def test_week_key_is_the_iso_week_in_paris():
    # Sunday 23:30 in Paris is still week 10 although it is Monday in no timezone yet.
    sunday_night = timezone.make_aware(timezone.datetime(2026, 3, 8, 23, 30))
    assert digest_jobs.week_key(sunday_night) == "2026-W10"
    assert digest_jobs.week_key(sunday_night + timedelta(hours=1)) == "2026-W11"


def test_one_digest_per_coordinator_with_waiting_profiles_oldest_first():
    hdf = CoordinatorFactory(regions=["32"])
    national = CoordinatorFactory(is_staff=True)
    CoordinatorFactory(regions=["76"])  # Occitanie: nothing waits there
    CoordinatorFactory()  # a coordination account without region: no power, no digest
    recent = submitted("59350", days_ago=1)
    oldest = submitted("80021", days_ago=12)
    submitted("69123", days_ago=5)
    OutboxMessage.objects.all().delete()  # the submission mails

    assert digest_jobs.send_weekly_digests() == 2

    assert sorted(row.to[0] for row in digests()) == sorted([hdf.email, national.email])
    body = digests().get(to=[hdf.email]).body
    assert "2 profils attendent votre validation." in body
    assert body.index("Amiens (80)") < body.index("Lille (59)")
    assert "Hauts-de-France : en attente depuis 12 jours" in body
    assert "en attente depuis hier" in body
    assert f"/annuaire/coordination/profil/{oldest.pk}/" in body
    assert f"/annuaire/coordination/profil/{recent.pk}/" in body
    assert "Lyon" not in body
    # No personal data in the subject; none about health in the body either.
    assert oldest.display_name not in body
    national_body = digests().get(to=[national.email]).body
    assert "Un profil attend votre validation." in national_body and "Lyon (69)" in national_body


def test_the_digest_runs_twice_and_sends_once_then_again_next_week():
    coordinator = CoordinatorFactory(regions=["32"])
    submitted()
    monday = timezone.now()

    assert digest_jobs.send_weekly_digests(monday) == 1
    assert digest_jobs.send_weekly_digests(monday) == 0
    assert digest_jobs.send_weekly_digests(monday + timedelta(hours=3)) == 0
    assert digests().count() == 1
    reminder = SentReminder.objects.get(kind="resume_hebdo", recipient=coordinator)
    assert reminder.period_key == digest_jobs.week_key(monday)

    assert digest_jobs.send_weekly_digests(monday + timedelta(days=7)) == 1
    assert digests().count() == 2


def test_no_digest_row_without_its_mail():
    """The SentReminder row and the outbox row are written in one transaction."""
    coordinator = CoordinatorFactory(regions=["32"])
    submitted()
    # An address the outbox rejects (a newline in a header) makes the enqueue fail.
    type(coordinator).objects.filter(pk=coordinator.pk).update(email="a@example.org\nBcc: x@y")
    coordinator.refresh_from_db()

    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the outbox raises
        digest_jobs.send_weekly_digest(coordinator)

    assert not SentReminder.objects.exists()
    assert not digests().exists()


@pytest.mark.parametrize(
    ("digest", "submissions", "sent"),
    [
        (None, None, True),
        (Frequency.NEVER, None, False),
        # « Un résumé par semaine » for submissions means: tell me on Mondays.
        (Frequency.NEVER, Frequency.WEEKLY, True),
        (Frequency.NEVER, Frequency.NEVER, False),
        (Frequency.WEEKLY, Frequency.NEVER, True),
    ],
)
def test_the_digest_respects_preferences(digest, submissions, sent):
    coordinator = CoordinatorFactory(regions=["32"])
    if digest:
        prefer(coordinator, "annuaire.resume_hebdo", digest)
    if submissions:
        prefer(coordinator, "annuaire.profil_soumis", submissions)
    submitted()

    assert digest_jobs.send_weekly_digests() == int(sent)
    assert digests().filter(to=[coordinator.email]).exists() is sent
    # Opting out records nothing: switching back on later still gets this week's digest.
    assert SentReminder.objects.exists() is sent


@pytest.mark.worker
def test_the_digest_task_through_a_real_worker_sends_one_mail_per_coordinator(
    celery_worker, mailoutbox
):
    hdf = CoordinatorFactory(regions=["32"])
    aquitaine = CoordinatorFactory(regions=["75"])
    national = CoordinatorFactory(is_staff=True)
    CoordinatorFactory(regions=["76"])
    for commune in ("80021", "59350", "33063", "69123"):
        submitted(commune, days_ago=3)

    # A duplicated run, as a beat restart or a redelivered task would produce.
    tasks.send_weekly_digests.delay()
    tasks.send_weekly_digests.delay()

    expected = {hdf.email, aquitaine.email, national.email}
    assert wait_for(lambda: SentReminder.objects.count() == 3)
    assert wait_for(lambda: sum(message.subject == DIGEST_SUBJECT for message in mailoutbox) == 3)
    time.sleep(0.5)  # give a duplicate the time to show up
    assert sorted(row.to[0] for row in digests()) == sorted(expected)
    assert [m.to[0] for m in mailoutbox if m.subject == DIGEST_SUBJECT].count(hdf.email) == 1
    assert sum(message.subject == DIGEST_SUBJECT for message in mailoutbox) == 3


# --- Freshness reminders -------------------------------------------------------------------------


def confirmed(days_ago, **kwargs):
    """A published profile whose last confirmation was `days_ago` days ago."""
    profile = published_profile(**kwargs)
    when = timezone.now() - timedelta(days=days_ago)
    PeerProfile.objects.filter(pk=profile.pk).update(confirmed_at=when)
    profile.published.__class__.objects.filter(pk=profile.pk).update(confirmed_at=when)
    profile.refresh_from_db()
    return profile


def reminders_to(profile):
    # Not the workflow's own mails (acknowledgement of the submission, validation).
    return OutboxMessage.objects.filter(to=[profile.user.email]).exclude(
        subject__in=[
            "Votre profil est publié dans l'annuaire EPoP",
            "Votre profil est bien envoyé",
            "Vos modifications sont bien envoyées",
        ]
    )


def test_reminder_timing_is_a_month_and_a_week_before_the_six_month_date():
    steps = {step.kind: step for step in freshness.FRESHNESS_STEPS}
    assert steps["confirmation_1_mois"].starts_after == CONFIRM_EVERY - timedelta(days=31)
    assert steps["confirmation_1_semaine"].starts_after == CONFIRM_EVERY - timedelta(days=7)
    assert steps["confirmation_retrait"].starts_after == STALE_AFTER


def test_nothing_is_sent_to_a_recently_confirmed_profile():
    profile = confirmed(100)
    assert freshness.send_freshness_reminders() == 0
    assert not reminders_to(profile).exists()


def test_each_reminder_goes_once_per_confirmation_cycle():
    profile = confirmed(153, display_name="Manon d'Ortega")
    start = timezone.now()

    assert freshness.send_freshness_reminders(start) == 1
    assert freshness.send_freshness_reminders(start) == 0
    assert freshness.send_freshness_reminders(start + timedelta(days=1)) == 0
    first = reminders_to(profile).get()
    assert first.subject == "Votre profil EPoP : pensez à confirmer qu'il est à jour"
    due = timezone.localdate(profile.confirmed_at + CONFIRM_EVERY)
    assert f"Merci de le confirmer avant le {due.day} " in first.body
    assert "Bonjour Manon d'Ortega," in first.body  # plain text, not HTML-escaped
    assert "/annuaire/mon-profil/" in first.body and "/compte/notifications/" in first.body

    # A week before the date: the second reminder, once.
    assert freshness.send_freshness_reminders(start + timedelta(days=24)) == 1
    assert freshness.send_freshness_reminders(start + timedelta(days=25)) == 0
    assert reminders_to(profile).filter(subject__contains="plus qu'une semaine").count() == 1

    # Nine months without confirmation: the notice that it left the directory, once.
    assert freshness.send_freshness_reminders(start + timedelta(days=122)) == 1
    assert freshness.send_freshness_reminders(start + timedelta(days=150)) == 0
    notice = reminders_to(profile).get(
        subject="Votre profil n'est plus visible dans l'annuaire EPoP"
    )
    assert "n'est donc plus visible dans l'annuaire EPoP" in notice.body
    assert reminders_to(profile).count() == 3
    assert SentReminder.objects.filter(recipient=profile.user).count() == 3


def test_confirming_starts_a_new_cycle():
    profile = confirmed(160)
    assert freshness.send_freshness_reminders() == 1

    services.confirm_up_to_date(profile, profile.user)
    assert freshness.send_freshness_reminders() == 0
    later = timezone.now() + timedelta(days=160)
    assert freshness.send_freshness_reminders(later) == 1
    assert reminders_to(profile).count() == 2


def test_a_late_run_sends_what_is_true_now_not_a_stale_reminder():
    profile = confirmed(200)  # past the 6-month date, not yet hidden
    assert freshness.send_freshness_reminders() == 1
    mail = reminders_to(profile).get()
    assert "plus qu'une semaine" in mail.subject
    assert "La date prévue pour cette confirmation était le" in mail.body


def test_the_notice_matches_the_public_listing():
    from directory.profiles.models import PublishedProfile

    profile = confirmed(275)
    assert not PublishedProfile.objects.listed().filter(pk=profile.pk).exists()
    assert freshness.send_freshness_reminders() == 1
    assert reminders_to(profile).get().subject == (
        "Votre profil n'est plus visible dans l'annuaire EPoP"
    )


def test_reminders_respect_the_preference_and_skip_inactive_or_unpublished_accounts():
    opted_out = confirmed(160)
    prefer(opted_out.user, "annuaire.rappel_confirmation", Frequency.NEVER)
    inactive = confirmed(160)
    type(inactive.user).objects.filter(pk=inactive.user_id).update(is_active=False)
    never_validated = ProfileFactory()
    PeerProfile.objects.filter(pk=never_validated.pk).update(
        confirmed_at=timezone.now() - timedelta(days=160)
    )

    assert freshness.send_freshness_reminders() == 0
    assert not SentReminder.objects.exists()

    # Switched back on within the window: the reminder goes out then.
    prefer(opted_out.user, "annuaire.rappel_confirmation", Frequency.IMMEDIATE)
    assert freshness.send_freshness_reminders() == 1


def test_the_reminder_task_calls_the_same_function():
    profile = confirmed(160)
    assert tasks.send_freshness_reminders.apply().get() == 1
    assert tasks.send_freshness_reminders.apply().get() == 0
    assert reminders_to(profile).count() == 1
