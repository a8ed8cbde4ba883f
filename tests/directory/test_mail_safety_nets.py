"""Mail that can no longer be lost (issue 7, item 9): needs have an hourly safety net like
profiles, workflow mails are outbox rows written in the decision's transaction, and rows
interrupted while sending alert the national coordinators and can be resent."""

from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.utils import timezone

from directory.alerts import matching as need_rematch
from directory.alerts import services as alert_services
from directory.alerts import tasks as alert_tasks
from directory.alerts.models import NeedMatch
from directory.profiles import services
from epop.notifications import delivery
from epop.notifications import services as outbox
from epop.notifications.models import OutboxMessage
from epop.territories.models import Commune
from tests.factories import (
    CoordinatorFactory,
    EmployerFactory,
    ProfileFactory,
    charter,
    published_profile,
)
from tests.helpers import mails_to

Status = OutboxMessage.Status


def _need_data():
    return {
        "title": "Témoignage en réunion d'équipe",
        "intervention_types": ["sensibilisation"],
        "description": "Notre équipe aimerait entendre un témoignage.",
        "date": timezone.localdate() + timedelta(days=20),
        "commune": Commune.objects.get(code="80021"),
        "remote": False,
    }


def test_a_need_whose_matching_task_was_lost_is_matched_by_the_hourly_run(
    django_capture_on_commit_callbacks,
):
    profile = published_profile()
    # The broker is down when the need is published: the task is lost.
    with (
        mock.patch.object(alert_tasks.match_need, "delay", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        need = alert_services.create_need(EmployerFactory(), _need_data())
    assert not NeedMatch.objects.filter(need=need).exists()

    assert need_rematch.rematch_recent_needs() == 1
    assert set(NeedMatch.objects.filter(need=need).values_list("profile_id", flat=True)) == {
        profile.pk
    }
    # Idempotent: a second run adds nothing.
    need_rematch.rematch_recent_needs()
    assert NeedMatch.objects.filter(need=need).count() == 1


def test_the_needs_safety_net_is_scheduled_every_hour():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "directory.alert_tasks.rematch_recent_needs"
    ]
    assert len(entries) == 1
    assert alert_tasks.rematch_recent_needs.name == "directory.alert_tasks.rematch_recent_needs"


def _submitted_with_exchange():
    profile = ProfileFactory()
    services.submit_profile(profile, profile.user, charter())
    region = profile.home_commune.region
    coordinator = CoordinatorFactory(
        is_staff=not region.has_regional_team,
        regions=[region.code] if region.has_regional_team else [],
    )
    services.record_first_exchange(
        profile, coordinator, date=timezone.localdate(), notes="", training_status="formation_epop"
    )
    return profile, coordinator


def test_validation_and_sent_back_mails_are_written_in_the_transaction(
    django_capture_on_commit_callbacks,
):
    """The outbox row exists before any on-commit callback runs: a crash between the commit and
    the callbacks can no longer lose the mail."""
    profile, coordinator = _submitted_with_exchange()
    with django_capture_on_commit_callbacks(execute=False):
        services.validate_profile(profile, coordinator)
        assert len(mails_to(profile.user.email, published=True)) == 1

    other, coordinator = _submitted_with_exchange()
    with django_capture_on_commit_callbacks(execute=False):
        services.request_changes(other, coordinator, "Précisez votre intitulé.")
        assert len(mails_to(other.user.email)) == 1


def test_rows_stuck_in_sending_alert_the_national_coordinators_once(settings):
    national = CoordinatorFactory(is_staff=True)
    CoordinatorFactory(regions=["32"])  # regional: not alerted
    long_ago = timezone.now() - delivery.SENDING_STALE_AFTER - timedelta(minutes=1)
    for index in range(2):
        row = OutboxMessage.objects.create(
            to=[f"personne{index}@example.org"], subject="Secret", body="Lien secret"
        )
        OutboxMessage.objects.filter(pk=row.pk).update(status=Status.SENDING, updated_at=long_ago)

    delivery.flush_outbox()

    alerts = OutboxMessage.objects.filter(to=[national.email])
    assert alerts.count() == 1
    alert = alerts.get()
    assert "2 e-mail(s) ont été interrompus" in alert.body
    assert "Renvoyer les messages en échec sélectionnés" in alert.body
    assert "Secret" not in alert.subject + alert.body
    # Another interrupted row within the hour: no second alert.
    row = OutboxMessage.objects.create(to=["x@example.org"], subject="S", body="B")
    OutboxMessage.objects.filter(pk=row.pk).update(status=Status.SENDING, updated_at=long_ago)
    delivery.flush_outbox()
    assert OutboxMessage.objects.filter(to=[national.email]).count() == 1

    # The admin's resend action puts them back in the queue.
    failed = OutboxMessage.objects.filter(status=Status.FAILED)
    assert failed.count() == 3
    assert outbox.retry_failed(failed) == 3
    assert not OutboxMessage.objects.filter(status=Status.FAILED).exists()
