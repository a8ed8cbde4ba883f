"""Employers' needs: publishing, matching peer workers, their mails, answers, closing."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.alerts import digests as alert_digests
from directory.alerts import matching as alert_matching
from directory.alerts import needs as alert_needs
from directory.alerts import notifications as alert_notifications
from directory.alerts import services as alert_services
from directory.alerts import tasks as alert_tasks
from directory.alerts import unsubscribe as alert_unsubscribe
from directory.alerts.models import AlertFrequency, Digest, Need, NeedMatch, NeedResponse
from directory.profiles import services
from epop.notifications.models import NotificationPreference, OutboxMessage
from epop.notifications.registry import Frequency
from epop.territories.models import Commune
from tests.factories import CoordinatorFactory, EmployerFactory, published_profile

AMIENS, CORBIE, LILLE, LYON, MARSEILLE = "80021", "80212", "59350", "69123", "13055"


def commune(code):
    return Commune.objects.get(code=code)


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def publish_need(author, **values):
    data = {
        "title": "Témoignage en réunion d'équipe",
        "intervention_types": ["sensibilisation"],
        "description": "Notre équipe éducative aimerait entendre un témoignage.",
        "date": in_days(20),
        "commune": commune(AMIENS),
        "remote": False,
        **values,
    }
    need = alert_services.create_need(author, data)
    alert_matching.match_need(need.pk)
    return need


def matched(need):
    return set(NeedMatch.objects.filter(need=need).values_list("profile_id", flat=True))


def pause(profile, display="afficher"):
    services.update_availability(
        profile,
        {"availability": "en_pause", "paused_until": None, "pause_display": display},
        profile.user,
    )


def test_matching_peer_workers_by_zone_department_remote_and_intervention(employer):
    in_zone = published_profile(home_commune=commune(CORBIE), travel_radius_km=30)
    by_department = published_profile(
        home_commune=commune(LYON), travel_radius_km=10, zone_departments=["80"]
    )
    too_far = published_profile(home_commune=commune(LILLE), travel_radius_km=30)
    other_type = published_profile(intervention_types=["mediation"])
    remote_only = published_profile(home_commune=commune(MARSEILLE), remote=True)
    paused = published_profile()
    pause(paused)
    hidden = published_profile()
    pause(hidden, display="masquer")

    need = publish_need(employer)
    assert matched(need) == {in_zone.pk, by_department.pk}

    remote_need = publish_need(employer, commune=None, remote=True)
    assert matched(remote_need) == {remote_only.pk}
    assert not {too_far.pk, other_type.pk, paused.pk, hidden.pk} & (
        matched(need) | matched(remote_need)
    )


def test_themes_narrow_the_match_when_given(employer):
    with_theme = published_profile(themes=["surdite"])
    published_profile(themes=[])
    need = publish_need(employer, themes=["surdite", "handicap_visuel"])
    assert matched(need) == {with_theme.pk}


def test_matching_twice_changes_nothing(employer):
    published_profile()
    need = publish_need(employer)
    rows = list(NeedMatch.objects.values_list("id", "need_id", "profile_id"))
    assert alert_matching.match_need(need.pk) == 0
    assert list(NeedMatch.objects.values_list("id", "need_id", "profile_id")) == rows


def test_a_peer_worker_listed_later_is_matched_with_open_needs(employer):
    need = publish_need(employer)
    publish_need(employer, date=in_days(30), intervention_types=["mediation"])
    closed = publish_need(employer)
    alert_services.close_need(closed)
    profile = published_profile()
    assert alert_matching.match_profile(profile.pk).needs == 1
    assert NeedMatch.objects.get().need == need


def test_a_need_is_matched_by_a_task_after_commit(employer, django_capture_on_commit_callbacks):
    data = {
        "title": "Conférence",
        "intervention_types": ["conference_temoignage"],
        "description": "Une table ronde.",
        "date": in_days(10),
        "commune": None,
        "remote": True,
    }
    with (
        mock.patch.object(alert_tasks.match_need, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        need = alert_services.create_need(employer, data)
    delay.assert_called_once_with(need.pk)


def test_peer_workers_get_a_daily_digest_by_default(employer):
    profile = published_profile()
    publish_need(employer)
    publish_need(employer, title="Formation des encadrants", date=in_days(9))
    OutboxMessage.objects.all().delete()

    assert alert_digests.send_digests(AlertFrequency.WEEKLY).need_mails == 0
    assert alert_digests.send_digests(AlertFrequency.IMMEDIATE).need_mails == 0
    assert alert_digests.send_digests(AlertFrequency.DAILY).need_mails == 1
    message = OutboxMessage.objects.get()
    assert message.to == [profile.user.email]
    assert message.subject == "2 employeurs cherchent une intervention comme la vôtre"
    # Soonest first, with a link to answer each.
    assert message.body.index("Formation des encadrants") < message.body.index("Témoignage")
    assert "/annuaire/besoins/" in message.body
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert_digests.send_digests(AlertFrequency.DAILY).need_mails == 0


def test_the_peer_workers_preference_decides(employer):
    immediate, never = published_profile(), published_profile()
    NotificationPreference.objects.create(
        user=immediate.user, key=alert_notifications.NEEDS_KEY, frequency=Frequency.IMMEDIATE
    )
    NotificationPreference.objects.create(
        user=never.user, key=alert_notifications.NEEDS_KEY, frequency=Frequency.NEVER
    )
    publish_need(employer)
    OutboxMessage.objects.all().delete()
    for frequency in (AlertFrequency.DAILY, AlertFrequency.WEEKLY):
        assert alert_digests.send_digests(frequency).need_mails == 0
    assert alert_digests.send_digests(AlertFrequency.IMMEDIATE).need_mails == 1
    assert OutboxMessage.objects.get().to == [immediate.user.email]


def test_no_mail_to_a_peer_worker_paused_at_sending_time_or_for_a_closed_need(employer):
    paused = published_profile()
    published_profile(home_commune=commune(CORBIE))
    need = publish_need(employer)
    pause(paused)
    alert_services.close_need(need)
    OutboxMessage.objects.all().delete()
    assert alert_digests.send_digests(AlertFrequency.DAILY).need_mails == 0
    assert not OutboxMessage.objects.exists()


def test_unsubscribing_from_needs_mails_sets_the_preference(client, employer):
    profile = published_profile()
    token = alert_unsubscribe.unsubscribe_token(profile.user.pk, scope=Digest.Kind.NEEDS)
    url = reverse("directory:alert_unsubscribe", args=[token])
    assert "besoin qui vous correspond" in client.get(url).content.decode()
    client.post(url, data="List-Unsubscribe=One-Click", content_type="text/plain")
    assert NotificationPreference.objects.get(user=profile.user).frequency == Frequency.NEVER


def test_needs_close_after_their_date(employer):
    need = publish_need(employer, date=in_days(1))
    assert Need.objects.open().filter(pk=need.pk).exists()
    later = timezone.now() + timedelta(days=2)
    assert not Need.objects.open(today=timezone.localdate(later)).filter(pk=need.pk).exists()
    assert alert_needs.close_past_needs(later) == 1
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED


# --- Pages ----------------------------------------------------------------------------------------


def test_an_employer_publishes_a_need_through_the_form(client, employer):
    client.force_login(employer)
    response = client.post(
        reverse("directory:need_create"),
        {
            "title": "Sensibilisation de l'équipe",
            "intervention_types": ["sensibilisation"],
            "audiences": ["professionnels_accompagnement"],
            "date": in_days(15).isoformat(),
            "commune": "Amiens",
            "description": "Deux heures avec l'équipe du foyer.",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:need", args=[need.pk])
    assert (need.author, need.commune_id, need.department, need.remote) == (
        employer,
        AMIENS,
        "80",
        False,
    )
    page = client.get(reverse("directory:need", args=[need.pk])).content.decode()
    assert "Pas encore de réponse" in page and "à Amiens (80)" in page
    assert "Professionnels de l&#x27;accompagnement et du soin" in page


def test_need_form_errors(client, employer):
    client.force_login(employer)
    response = client.post(
        reverse("directory:need_create"),
        {"title": "", "date": "2020-01-01", "commune": "", "description": ""},
    )
    body = response.content.decode()
    assert "<title>Erreur : Publier un besoin" in body
    assert "la date est passée" in body
    assert "indiquez la commune de l&#x27;intervention, ou cochez" in body
    assert "cochez au moins une case dans « Type d&#x27;intervention recherché »" in body
    response = client.post(reverse("directory:need_create"), {"commune": "Sainte-Marie"})
    body = response.content.decode()
    # An ambiguous name offers the list to choose from, with one « Erreur : », not two.
    assert "Plusieurs communes portent ce nom : laquelle ?" in body
    assert 'name="commune_code"' in body
    assert "Erreur : Erreur" not in body
    assert not Need.objects.exists()


def test_a_peer_worker_answers_once_and_the_author_is_told(client, employer):
    profile = published_profile()
    need = publish_need(employer)
    OutboxMessage.objects.all().delete()
    client.force_login(profile.user)
    url = reverse("directory:need", args=[need.pk])
    assert "Répondre à ce besoin" in client.get(url).content.decode()
    response = client.post(
        reverse("directory:need_answer", args=[need.pk]),
        {"message": "Je suis disponible ce jour-là."},
    )
    assert response.status_code == 302
    answer = NeedResponse.objects.get()
    assert (answer.need, answer.profile_id) == (need, profile.pk)
    mail = OutboxMessage.objects.get()
    assert mail.to == [employer.email]
    assert mail.subject == "Une réponse à votre besoin sur EPoP"
    assert "Je suis disponible ce jour-là." in mail.body
    assert f"/annuaire/intervenant/{profile.pk}/" in mail.body

    page = client.get(url).content.decode()
    assert "Votre réponse" in page and "Répondre à ce besoin" not in page
    with pytest.raises(alert_services.NeedError, match="déjà répondu"):
        alert_services.answer_need(profile.user, need, "Encore")

    client.force_login(employer)
    page = client.get(url).content.decode()
    assert profile.published.display_name in page
    assert "Je suis disponible ce jour-là." in page


def test_a_closed_need_takes_no_answer(client, employer):
    profile = published_profile()
    need = publish_need(employer)
    client.force_login(employer)
    assert (
        "Fermer le besoin"
        in client.get(reverse("directory:need_close", args=[need.pk])).content.decode()
    )
    client.post(reverse("directory:need_close", args=[need.pk]))
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED
    client.force_login(profile.user)
    assert client.get(reverse("directory:need", args=[need.pk])).status_code == 404
    assert (
        client.post(reverse("directory:need_answer", args=[need.pk]), {"message": "x"}).status_code
        == 404
    )
    assert not NeedResponse.objects.exists()


def test_who_sees_what(client, employer):
    need = publish_need(employer)
    other_employer = EmployerFactory()
    client.force_login(other_employer)
    assert client.get(reverse("directory:need", args=[need.pk])).status_code == 404
    assert client.get(reverse("directory:need_close", args=[need.pk])).status_code == 404
    assert need.title not in client.get(reverse("directory:needs")).content.decode()

    client.force_login(CoordinatorFactory(is_staff=True))
    response = client.get(reverse("directory:needs"))
    assert response.status_code == 403
    assert "Page réservée aux employeurs et aux intervenant·es-pairs" in response.content.decode()

    # A peer worker whose profile is not published sees an explanation, not the needs.
    from tests.factories import ProfileFactory

    draft = ProfileFactory()
    client.force_login(draft.user)
    page = client.get(reverse("directory:needs")).content.decode()
    assert "une fois votre profil publié" in page
    assert client.get(reverse("directory:need", args=[need.pk])).status_code == 404
    assert client.get(reverse("directory:need_create")).status_code == 403


def test_peer_workers_list_the_open_needs_that_fit_them(
    client, employer, django_assert_max_num_queries
):
    profile = published_profile()
    for index in range(4):
        publish_need(employer, title=f"Besoin {index}", date=in_days(10 + index))
    publish_need(employer, title="Pas pour moi", intervention_types=["mediation"])
    client.force_login(profile.user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("directory:needs")).content.decode()
    assert "4 besoins ouverts pour vous" in page
    assert "Besoin 0" in page and "Pas pour moi" not in page
    assert page.index("Besoin 0") < page.index("Besoin 3")


def test_the_employers_list_separates_open_and_closed_needs(client, employer):
    publish_need(employer, title="Ouvert")
    closed = publish_need(employer, title="Fermé")
    alert_services.close_need(closed)
    client.force_login(employer)
    page = client.get(reverse("directory:needs")).content.decode()
    assert page.index("Besoins ouverts") < page.index("Ouvert") < page.index("Besoins fermés")
    assert page.index("Besoins fermés") < page.index(">Fermé<")


def test_the_date_must_be_ahead(employer):
    from directory.alerts.forms import NeedForm

    form = NeedForm(
        {
            "title": "x",
            "intervention_types": ["sensibilisation"],
            "date": "01/03/2027",
            "remote": "on",
            "description": "x",
        },
        today=date(2027, 3, 2),
    )
    assert not form.is_valid()
    assert "la date est passée" in form.errors["date"][0]
