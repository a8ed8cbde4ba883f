"""Employers' alerts: saving a search, matching new profiles in SQL, grouped mails, unsubscribing.

The reliability tests use the real Redis broker and real Celery workers (marker `worker`).
"""

import re
import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.alerts import criteria as alert_criteria
from directory.alerts import digests as alert_digests
from directory.alerts import matching as alert_matching
from directory.alerts import notifications as alert_notifications
from directory.alerts import services as alert_services
from directory.alerts import tasks as alert_tasks
from directory.alerts import unsubscribe as alert_unsubscribe
from directory.alerts.models import ALERT_MAX_RADIUS_KM, Alert, AlertFrequency, AlertMatch, Digest
from directory.profiles import services
from directory.profiles.models import PublishedProfile
from directory.search import filters
from epop.notifications.models import NotificationPreference, OutboxMessage
from epop.notifications.registry import Frequency
from epop.territories.models import Commune
from tests.factories import EmployerFactory, PeerWorkerFactory, published_profile
from tests.helpers import TaskBarrier
from tests.helpers import wait_for as _wait_for


def wait_for(predicate, timeout=15.0):
    return _wait_for(predicate, timeout=timeout)


AMIENS, CORBIE, ALBERT, ABBEVILLE, LILLE, LYON = (
    "80021", "80212", "80016", "80001", "59350", "69123",
)  # fmt: skip
AMIENS_QUERY = "commune=80021&radius_km=30&intervention=sensibilisation"


def commune(code):
    return Commune.objects.get(code=code)


def make_alert(employer, query, *, frequency=AlertFrequency.WEEKLY, name="Mon alerte"):
    criteria, filterset = alert_criteria.parse_search(QueryDict(query))
    assert criteria is not None, filterset.form.errors
    return alert_services.create_alert(employer, criteria, name=name, frequency=frequency)


def matched_alerts(profile):
    return set(AlertMatch.objects.filter(profile_id=profile.pk).values_list("alert_id", flat=True))


def pause(profile, display="afficher"):
    services.update_availability(
        profile,
        {"availability": "en_pause", "paused_until": None, "pause_display": display},
        profile.user,
    )


def unpause(profile):
    services.update_availability(
        profile,
        {"availability": "disponible", "paused_until": None, "pause_display": "masquer"},
        profile.user,
    )


# --- Saving a search ------------------------------------------------------------------------------


def test_the_criteria_are_stored_as_columns_and_summarised_in_plain_french(employer):
    alert = make_alert(employer, AMIENS_QUERY + "&remote=on&audience=grand_public")
    alert.refresh_from_db()
    assert alert.commune_id == AMIENS
    assert alert.point.equals_exact(commune(AMIENS).centre, 1e-9)
    assert (alert.radius_km, alert.department, alert.remote) == (30, "80", True)
    assert alert.intervention_types == ["sensibilisation"]
    assert alert.audiences == ["grand_public"]
    assert alert.themes == alert.formats == alert.languages == []
    assert alert.query == (
        "commune=80021&radius_km=30&remote=on&intervention=sensibilisation&audience=grand_public"
    )
    assert alert_criteria.summary(alert) == (
        "Sensibilisation, à moins de 30 km d'Amiens (80), à distance accepté, public : Grand public"
    )


def test_the_summary_of_a_search_without_place_or_filters():
    criteria, _ = alert_criteria.parse_search(QueryDict(""))
    assert alert_criteria.summary(criteria.as_alert()) == "Partout en France"


def test_mails_count_experience_themes_without_naming_them(employer):
    alert = make_alert(employer, AMIENS_QUERY + "&theme=autisme_tnd&theme=surdite")
    assert "Autisme" in alert_criteria.summary(alert)
    mail_text = alert_criteria.summary(alert, for_mail=True)
    assert "Autisme" not in mail_text and "Surdité" not in mail_text
    assert "2 thèmes d'expérience choisis" in mail_text


def test_create_page_shows_the_summary_and_saves_the_alert(client, employer):
    client.force_login(employer)
    url = reverse("directory:alert_create") + "?" + AMIENS_QUERY + "&remote=on"
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sensibilisation, à moins de 30 km d&#x27;Amiens (80), à distance accepté" in body
    assert 'value="Sensibilisation – Amiens"' in body
    assert 'value="weekly" required id="id_frequency_2" checked' in body

    response = client.post(url, {"name": "Sensibilisation près d'Amiens", "frequency": "daily"})
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:alerts")
    alert = Alert.objects.get()
    assert (alert.owner, alert.name, alert.frequency) == (
        employer,
        "Sensibilisation près d'Amiens",
        "daily",
    )
    assert alert.department == "80" and alert.remote


def test_create_form_error_state(client, employer):
    client.force_login(employer)
    url = reverse("directory:alert_create") + "?" + AMIENS_QUERY
    response = client.post(url, {"name": "  ", "frequency": "weekly"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Erreur : Créer une alerte" in body
    assert "Erreur : donnez un nom à l&#x27;alerte" in body
    assert not Alert.objects.exists()


def test_an_invalid_search_cannot_become_an_alert(client, employer):
    client.force_login(employer)
    response = client.get(reverse("directory:alert_create") + "?commune=99999")
    assert response.status_code == 200
    assert "Cette recherche ne peut pas devenir une alerte" in response.content.decode()
    response = client.post(reverse("directory:alert_create") + "?commune=99999", {"name": "x"})
    assert not Alert.objects.exists()


def test_an_employer_has_at_most_50_alerts(employer, monkeypatch):
    monkeypatch.setattr(alert_services, "MAX_ALERTS_PER_EMPLOYER", 2)
    make_alert(employer, AMIENS_QUERY)
    make_alert(employer, AMIENS_QUERY)
    with pytest.raises(alert_services.AlertError, match="maximum"):
        make_alert(employer, AMIENS_QUERY)


@pytest.mark.parametrize(
    "name",
    ["directory:alerts", "directory:alert_create", "directory:needs", "directory:need_create"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["directory:alerts", "directory:alert_create"])
def test_other_kinds_of_account_get_a_french_403_page(client, name):
    client.force_login(PeerWorkerFactory())
    response = client.get(reverse(name) + "?" + AMIENS_QUERY)
    assert response.status_code == 403
    assert "Page réservée aux comptes employeurs" in response.content.decode()


def test_an_employer_never_reaches_another_employers_alert(client, employer):
    alert = make_alert(employer, AMIENS_QUERY)
    client.force_login(EmployerFactory())
    for name in ("directory:alert_edit", "directory:alert_delete"):
        assert client.get(reverse(name, args=[alert.pk])).status_code == 404
        assert client.post(reverse(name, args=[alert.pk]), {"name": "x"}).status_code == 404
    assert client.get(reverse("directory:alerts")).content.decode().count("Mon alerte") == 0
    alert.refresh_from_db()
    assert alert.name == "Mon alerte"


def test_list_edit_and_delete_with_confirmation(client, employer, django_assert_max_num_queries):
    for index in range(5):
        make_alert(employer, AMIENS_QUERY, name=f"Alerte {index}")
    alert = Alert.objects.get(name="Alerte 0")
    client.force_login(employer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:alerts"))
    body = response.content.decode()
    assert "5 alertes enregistrées" in body
    assert "Sensibilisation, à moins de 30 km d&#x27;Amiens (80)" in body

    response = client.post(
        reverse("directory:alert_edit", args=[alert.pk]),
        {"name": "Alerte renommée", "frequency": "immediate"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.name, alert.frequency, alert.active) == ("Alerte renommée", "immediate", False)

    response = client.get(reverse("directory:alert_delete", args=[alert.pk]))
    assert "Supprimer l'alerte « Alerte renommée » ?" in response.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists()
    response = client.post(reverse("directory:alert_delete", args=[alert.pk]))
    assert response.status_code == 302
    assert not Alert.objects.filter(pk=alert.pk).exists()


# --- Matching -------------------------------------------------------------------------------------


def test_matching_follows_the_search_rules(employer):
    profile = published_profile(
        home_commune=commune(AMIENS),
        travel_radius_km=30,
        intervention_types=["sensibilisation", "formation_professionnels"],
        zone_departments=["69"],
        remote=True,
    )
    expected = {
        # Amiens itself, with the right intervention type.
        make_alert(employer, AMIENS_QUERY).pk,
        # Corbie (15 km) is inside the travel zone although the 5 km radius misses Amiens.
        make_alert(employer, "commune=80212&radius_km=5").pk,
        # Lille is 100 km away: its 150 km radius reaches the home point.
        make_alert(employer, "commune=59350&radius_km=150").pk,
        # Lyon is one of the profile's departments.
        make_alert(employer, "commune=69123&radius_km=5").pk,
        # Marseille: too far, but remote work is accepted and offered.
        make_alert(employer, "commune=13055&radius_km=5&remote=on").pk,
        # No place: filters only.
        make_alert(employer, "intervention=formation_professionnels&language=fr").pk,
        make_alert(employer, "").pk,
    }
    not_expected = [
        make_alert(employer, "commune=59350&radius_km=50"),  # Lille, 50 km
        make_alert(employer, "commune=13055&radius_km=5"),  # Marseille, remote not accepted
        make_alert(employer, AMIENS_QUERY.replace("sensibilisation", "mediation")),
        make_alert(employer, "intervention=sensibilisation&language=lsf"),
        make_alert(employer, "availability=disponibilite_limitee"),
    ]
    switched_off = make_alert(employer, AMIENS_QUERY)
    switched_off.active = False
    switched_off.save()

    matched = alert_matching.match_profile(profile.pk)

    assert matched.alerts == len(expected)
    assert matched_alerts(profile) == expected
    assert not {alert.pk for alert in not_expected} & matched_alerts(profile)


@pytest.mark.parametrize(
    "query",
    [
        "commune=80021&radius_km=10",
        "commune=80001&radius_km=10",
        "commune=80001&radius_km=50&intervention=formation_professionnels",
        "commune=59350&radius_km=100&remote=on",
        "commune=69123&radius_km=20",
        "lat=49.9&lon=2.3&radius_km=5",
        "audience=grand_public&format=presentiel",
        "availability=disponible",
    ],
)
def test_an_alert_matches_exactly_the_profiles_its_search_finds(employer, query):
    places = [(AMIENS, 30, [], False), (ABBEVILLE, 10, [], False), (ALBERT, 50, ["69"], False),
              (LILLE, 20, [], True), (LYON, 0, [], False), (CORBIE, 5, [], False)]  # fmt: skip
    profiles = [
        published_profile(
            home_commune=commune(code),
            travel_radius_km=radius,
            zone_departments=departments,
            remote=remote,
            intervention_types=["sensibilisation"]
            + (["formation_professionnels"] if index % 2 else []),
            audiences=["grand_public"] if index % 3 else ["benevoles"],
        )
        for index, (code, radius, departments, remote) in enumerate(places)
    ]
    alert = make_alert(employer, query)
    for profile in profiles:
        alert_matching.match_profile(profile.pk)

    filterset = filters.DirectoryFilterSet(
        QueryDict(query), queryset=alert_matching.reachable_profiles()
    )
    assert filterset.is_valid()
    found_by_search = {profile.pk for profile in filterset.qs}
    found_by_alert = set(
        AlertMatch.objects.filter(alert=alert).values_list("profile_id", flat=True)
    )
    assert found_by_alert == found_by_search
    assert found_by_search  # every case finds somebody


def test_matching_twice_records_each_match_once(employer):
    profile = published_profile()
    make_alert(employer, AMIENS_QUERY)
    make_alert(employer, "")
    assert alert_matching.match_profile(profile.pk).alerts == 2
    rows = list(AlertMatch.objects.order_by("id").values_list("id", "alert_id", "profile_id"))
    assert alert_matching.match_profile(profile.pk).alerts == 0
    assert (
        list(AlertMatch.objects.order_by("id").values_list("id", "alert_id", "profile_id")) == rows
    )


def test_a_paused_or_unlisted_profile_matches_nothing(employer):
    make_alert(employer, "")
    shown_paused = published_profile()
    pause(shown_paused, display="afficher")
    assert PublishedProfile.objects.listed().filter(pk=shown_paused.pk).exists()
    hidden = published_profile()
    pause(hidden, display="masquer")
    assert alert_matching.match_profile(shown_paused.pk).alerts == 0
    assert alert_matching.match_profile(hidden.pk).alerts == 0
    assert alert_matching.match_profile(123456).alerts == 0


def test_the_safety_net_matches_recent_profiles_and_ended_pauses_only(employer):
    alert = make_alert(employer, "")
    recent = published_profile()
    old = published_profile()
    ended = published_profile()
    long_ago = timezone.now() - timedelta(days=20)
    PublishedProfile.objects.filter(pk__in=[old.pk, ended.pk]).update(
        validated_at=long_ago, confirmed_at=long_ago
    )
    # A pause that ended yesterday by itself: no event ever announced the profile's return.
    PublishedProfile.objects.filter(pk=ended.pk).update(
        availability="en_pause", paused_until=timezone.localdate() - timedelta(days=1)
    )
    assert set(alert_matching.recently_listed_ids()) == {recent.pk, ended.pk}

    assert alert_matching.rematch_recent_profiles() == 2
    matched = set(AlertMatch.objects.filter(alert=alert).values_list("profile_id", flat=True))
    assert matched == {recent.pk, ended.pk}
    alert_matching.rematch_recent_profiles()
    assert AlertMatch.objects.filter(alert=alert).count() == 2


def test_matching_runs_in_one_statement(employer):
    profile = published_profile()
    for query in (AMIENS_QUERY, "", "commune=59350&radius_km=200", "commune=69123&radius_km=5"):
        make_alert(employer, query)
    with CaptureQueriesContext(connection) as context:
        # Lyon (5 km) is neither in this profile's zone nor in its departments.
        assert alert_matching.match_profile(profile.pk).alerts == 3
    # One INSERT … SELECT for alerts, one for open needs: no loop over alerts in Python.
    statements = [
        query["sql"]
        for query in context.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "SET LOCAL"))
    ]
    assert len(statements) == 2
    assert all("INSERT INTO" in sql and "ON CONFLICT" in sql for sql in statements)


def test_a_newly_listed_profile_is_matched_by_a_task_after_commit(
    employer, django_capture_on_commit_callbacks
):
    with mock.patch.object(alert_tasks.match_profile, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            profile = published_profile()
        delay.assert_called_once_with(profile.pk)
        # Back from a pause: listed again, matched again.
        pause(profile, display="masquer")
        delay.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            unpause(profile)
        delay.assert_called_once_with(profile.pk)


def test_the_matching_plan_uses_the_indexes(employer):
    """With enough alerts for the planner to care, every branch is an index lookup."""
    make_alert(employer, AMIENS_QUERY)
    profile = published_profile()
    reachable, params = alert_matching._reachable_sql(timezone.now(), profile.pk)
    sql = alert_matching.MATCH_PROFILE_SQL.format(reachable=reachable, **alert_matching._tables())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN " + sql,
            [*params, timezone.now(), ALERT_MAX_RADIUS_KM * 1000.0],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Point in the profile's zone, point within the radius (GiST on the geography), department,
    # remote: each branch is an index scan, never a scan of every alert.
    for index in ("alert_point_geom_gist", "alert_department_idx", "alert_remote_idx"):
        assert index in plan, plan
    assert re.search(r"Index Cond: \(point && _st_expand\(\w+\.home_point", plan), plan
    assert "Seq Scan on directory_alert" not in plan


# --- Digests --------------------------------------------------------------------------------------


def matched_setup(employer, *, frequency=AlertFrequency.WEEKLY, profiles=1, query=AMIENS_QUERY):
    alert = make_alert(employer, query, frequency=frequency, name=f"Alerte {frequency}")
    created = [published_profile() for _ in range(profiles)]
    for profile in created:
        alert_matching.match_profile(profile.pk)
    return alert, created


def test_one_grouped_mail_per_employer_with_links_and_one_click_unsubscribe(
    employer, django_capture_on_commit_callbacks
):
    weekly, profiles = matched_setup(employer, profiles=2)
    other = make_alert(employer, "", name="Partout")
    for profile in profiles:
        alert_matching.match_profile(profile.pk)
    OutboxMessage.objects.all().delete()  # validation mails of the factories

    run = alert_digests.send_digests(AlertFrequency.WEEKLY)

    assert run.alert_mails == 1
    message = OutboxMessage.objects.get()
    assert message.to == [employer.email]
    assert message.subject == "4 nouveaux profils pour vos alertes EPoP"
    body = message.body
    for profile in profiles:
        assert f"/annuaire/intervenant/{profile.pk}/" in body
        assert profile.published.display_name in body
    assert "Alerte « Alerte weekly »" in body and "Alerte « Partout »" in body
    assert "Sensibilisation, à moins de 30 km d'Amiens (80)" in body
    assert reverse("directory:alerts") in body
    unsubscribe = message.headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/annuaire/alertes/desabonnement/" in unsubscribe
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.dedup_key == f"directory.digest:{Digest.objects.get().pk}"
    assert not AlertMatch.objects.filter(digest__isnull=True).exists()
    assert {weekly.pk, other.pk} == set(AlertMatch.objects.values_list("alert_id", flat=True))

    # The same job again, in the same week: nothing more.
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert OutboxMessage.objects.count() == 1


def test_each_frequency_has_its_own_digest(employer):
    matched_setup(employer, frequency=AlertFrequency.DAILY)
    matched_setup(employer, frequency=AlertFrequency.IMMEDIATE)
    OutboxMessage.objects.all().delete()
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert alert_digests.send_digests(AlertFrequency.IMMEDIATE).alert_mails == 1
    assert alert_digests.send_digests(AlertFrequency.DAILY).alert_mails == 1
    assert sorted(Digest.objects.values_list("frequency", flat=True)) == ["daily", "immediate"]
    assert OutboxMessage.objects.count() == 2


def test_the_preference_is_a_ceiling_and_never_stops_everything(employer):
    matched_setup(employer, frequency=AlertFrequency.IMMEDIATE)
    NotificationPreference.objects.create(
        user=employer, key=alert_notifications.ALERTS_KEY, frequency=Frequency.DAILY
    )
    assert alert_digests.send_digests(AlertFrequency.IMMEDIATE).alert_mails == 0
    assert alert_digests.send_digests(AlertFrequency.DAILY).alert_mails == 1

    other = EmployerFactory()
    matched_setup(other, frequency=AlertFrequency.IMMEDIATE)
    NotificationPreference.objects.create(
        user=other, key=alert_notifications.ALERTS_KEY, frequency=Frequency.NEVER
    )
    for frequency in AlertFrequency.values:
        assert alert_digests.send_digests(frequency).alert_mails == 0
    assert AlertMatch.objects.filter(employer=other, digest__isnull=True).count() == 1


@pytest.mark.parametrize("display", ["afficher", "masquer"])
def test_nothing_is_sent_for_a_profile_paused_or_hidden_at_sending_time(employer, display):
    _, (profile,) = matched_setup(employer)
    OutboxMessage.objects.all().delete()
    pause(profile, display=display)
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert not OutboxMessage.objects.exists() and not Digest.objects.exists()
    # Listed again later: the match was kept and goes out then.
    unpause(profile)
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 1


def test_nothing_is_sent_for_a_profile_gone_stale_or_a_deactivated_account(employer):
    _, (stale, deactivated) = matched_setup(employer, profiles=2)
    PublishedProfile.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    deactivated.user.is_active = False
    deactivated.user.save()
    OutboxMessage.objects.all().delete()
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert not OutboxMessage.objects.exists()


class Killed(BaseException):
    """What a worker killed mid-run looks like to the code: not an Exception, nothing caught."""


def kill_after(count):
    real = alert_digests.enqueue_email
    done = []

    def enqueue(*args, **kwargs):
        if len(done) == count:
            raise Killed
        done.append(kwargs["to"])
        return real(*args, **kwargs)

    return mock.patch.object(alert_digests, "enqueue_email", enqueue)


def one_mail_each(employers):
    recipients = sorted(tuple(message.to) for message in OutboxMessage.objects.all())
    return recipients == sorted((employer.email,) for employer in employers)


def test_an_interrupted_run_then_a_rerun_mail_every_employer_exactly_once():
    employers = [EmployerFactory() for _ in range(5)]
    for employer in employers:
        matched_setup(employer)
    OutboxMessage.objects.all().delete()

    with kill_after(2), pytest.raises(Killed):
        alert_digests.send_digests(AlertFrequency.WEEKLY)
    # Two employers fully done; the third's transaction rolled back whole.
    assert OutboxMessage.objects.count() == Digest.objects.count() == 2
    done = set(Digest.objects.values_list("recipient_id", flat=True))
    assert (
        set(AlertMatch.objects.filter(digest__isnull=False).values_list("employer_id", flat=True))
        == done
    )
    assert not AlertMatch.objects.filter(employer_id__in=done, digest__isnull=True).exists()

    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 3
    assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert one_mail_each(employers)
    assert Digest.objects.count() == 5
    assert not AlertMatch.objects.filter(digest__isnull=True).exists()


def test_a_concurrent_run_that_took_the_matches_first_makes_no_empty_mail(employer):
    matched_setup(employer)
    OutboxMessage.objects.all().delete()
    other_run = Digest.objects.create(
        kind="alertes", recipient=employer, frequency="daily", period_key="2026-01-05"
    )
    real_prepare = alert_digests.AlertMail.prepare

    def prepare(self, recipient_ids, rows):
        # Between this run's read and its write, another run takes the match.
        AlertMatch.objects.update(digest=other_run)
        return real_prepare(self, recipient_ids, rows)

    with mock.patch.object(alert_digests.AlertMail, "prepare", prepare):
        assert alert_digests.send_digests(AlertFrequency.WEEKLY).alert_mails == 0
    assert list(Digest.objects.all()) == [other_run]
    assert not OutboxMessage.objects.exists()


def test_deleting_an_account_or_a_profile_takes_its_alerts_matches_and_digests(employer):
    alert, (profile,) = matched_setup(employer)
    other = EmployerFactory()
    other_alert, _ = matched_setup(other)
    alert_matching.match_profile(profile.pk)
    alert_digests.send_digests(AlertFrequency.WEEKLY)
    assert Digest.objects.count() == 2

    employer.delete()  # digests are RESTRICTed, not PROTECTed: the cascade goes through
    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert not AlertMatch.objects.filter(alert_id=alert.pk).exists()
    assert list(Digest.objects.values_list("recipient_id", flat=True)) == [other.pk]

    profile.user.delete()  # the peer worker's account: their published profile and its matches
    assert not AlertMatch.objects.filter(profile_id=profile.pk).exists()
    assert AlertMatch.objects.filter(alert=other_alert).count() == 1


def test_a_digest_is_never_deleted_alone(employer):
    from django.db.models import RestrictedError

    matched_setup(employer)
    alert_digests.send_digests(AlertFrequency.WEEKLY)
    with pytest.raises(RestrictedError):
        Digest.objects.get().delete()


# --- Unsubscribing --------------------------------------------------------------------------------


def tokens_in(message):
    return [
        line.strip().rstrip("/").rsplit("/", 1)[-1]
        for line in message.body.splitlines()
        if "/annuaire/alertes/desabonnement/" in line
    ]


def test_one_click_unsubscribe_from_the_mail_header(employer):
    matched_setup(employer)
    make_alert(employer, "", name="Partout")
    OutboxMessage.objects.all().delete()
    alert_digests.send_digests(AlertFrequency.WEEKLY)
    message = OutboxMessage.objects.get()
    url = message.headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    # A mail client posts without cookies or CSRF token (RFC 8058).
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/" + path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Alert.objects.filter(owner=employer, active=True).exists()
    assert Alert.objects.filter(owner=employer).count() == 2  # kept, switched off


def test_the_get_shows_a_confirmation_and_changes_nothing(client, employer):
    alert, _ = matched_setup(employer)
    keep = make_alert(employer, "", name="À garder")
    token = alert_unsubscribe.unsubscribe_token(employer.pk, alert_id=alert.pk)
    url = reverse("directory:alert_unsubscribe", args=[token])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vous ne recevrez plus d'e-mail pour l'alerte « Alerte weekly »" in body
    assert "Confirmer : ne plus recevoir ces e-mails" in body
    alert.refresh_from_db()
    assert alert.active

    response = client.post(url)
    assert "Désabonnement confirmé" in response.content.decode()
    alert.refresh_from_db()
    keep.refresh_from_db()
    assert not alert.active and keep.active
    # Twice is harmless.
    assert client.post(url).status_code == 200


def test_the_body_links_unsubscribe_one_alert_each(employer):
    first, _ = matched_setup(employer)
    second = make_alert(employer, "", name="Partout")
    alert_matching.match_profile(PublishedProfile.objects.get().pk)
    OutboxMessage.objects.all().delete()
    alert_digests.send_digests(AlertFrequency.WEEKLY)
    tokens = tokens_in(OutboxMessage.objects.get())
    assert len(tokens) == 3  # one per alert, one for all
    read = [alert_unsubscribe.read_unsubscribe_token(token) for token in tokens]
    assert {r.alert.pk for r in read if r.alert} == {first.pk, second.pk}
    assert [r for r in read if r.alert is None][0].user == employer


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "n-importe-quoi",
        lambda token: signing.dumps({"u": 1, "s": "alertes", "a": 1}, salt="another.salt"),
    ],
    ids=["signature", "payload", "garbage", "other-salt"],
)
def test_a_forged_or_tampered_token_is_refused_and_changes_nothing(client, employer, tamper):
    alert = make_alert(employer, AMIENS_QUERY)
    token = tamper(alert_unsubscribe.unsubscribe_token(employer.pk, alert_id=alert.pk))
    url = reverse("directory:alert_unsubscribe", args=[token])
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 400
        body = response.content.decode()
        assert "Ce lien de désabonnement ne fonctionne pas" in body
        assert "Rien n'a été changé" in body
    alert.refresh_from_db()
    assert alert.active


def test_a_token_cannot_be_pointed_at_another_employers_alert(client, employer):
    victim_alert = make_alert(EmployerFactory(), AMIENS_QUERY)
    token = alert_unsubscribe.unsubscribe_token(employer.pk, alert_id=victim_alert.pk)
    response = client.post(reverse("directory:alert_unsubscribe", args=[token]))
    assert "Cette alerte n'existe plus" in response.content.decode()
    victim_alert.refresh_from_db()
    assert victim_alert.active


# --- With the real broker and real workers --------------------------------------------------------


@contextmanager
def fresh_worker():
    from celery.contrib.testing.worker import start_worker

    from epop.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.worker
def test_the_matching_task_in_a_real_worker_is_idempotent(transactional_db, employer):
    from epop.celery import app

    app.control.purge()
    make_alert(employer, AMIENS_QUERY)
    make_alert(employer, "")
    profile = published_profile()
    with TaskBarrier() as barrier, fresh_worker():
        alert_tasks.match_profile.delay(profile.pk)
        assert wait_for(lambda: AlertMatch.objects.count() == 2)
        rows = set(AlertMatch.objects.values_list("id", "alert_id", "profile_id"))
        alert_tasks.match_profile.delay(profile.pk)
        alert_tasks.match_profile.delay(profile.pk)
        assert barrier.wait(alert_tasks.match_profile, 3)
    assert set(AlertMatch.objects.values_list("id", "alert_id", "profile_id")) == rows


@pytest.mark.worker
def test_a_digest_run_killed_in_a_worker_then_rerun_by_a_fresh_worker_mails_once_each(
    transactional_db, mailoutbox
):
    from epop.celery import app

    app.control.purge()
    employers = [EmployerFactory() for _ in range(6)]
    for employer in employers:
        matched_setup(employer)
    OutboxMessage.objects.all().delete()

    # First worker: the job dies after three employers, as when the worker is killed.
    died = threading.Event()
    real = alert_digests.enqueue_email
    done = []

    def enqueue(*args, **kwargs):
        if len(done) == 3:
            died.set()
            raise RuntimeError("worker killed")
        done.append(1)
        return real(*args, **kwargs)

    with mock.patch.object(alert_digests, "enqueue_email", enqueue), fresh_worker():
        alert_tasks.send_digests.delay("weekly")
        assert died.wait(15)
        assert wait_for(lambda: OutboxMessage.objects.count() == 3)
    assert Digest.objects.count() == 3

    # A fresh worker runs the job again (the redelivery of an unacknowledged task, or the next
    # beat tick), twice for good measure: every employer ends with exactly one mail.
    with TaskBarrier() as barrier, fresh_worker():
        alert_tasks.send_digests.delay("weekly")
        assert wait_for(lambda: Digest.objects.count() == 6)
        alert_tasks.send_digests.delay("weekly")
        assert barrier.wait(alert_tasks.send_digests, 2)
        assert wait_for(lambda: len(mailoutbox) == 6, timeout=20)
    assert one_mail_each(employers)
    assert Digest.objects.count() == 6
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.email for e in employers)
    assert not AlertMatch.objects.filter(digest__isnull=True).exists()
