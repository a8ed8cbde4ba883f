from datetime import date, timedelta

from django.utils import timezone
from icalendar import Calendar

from epop.territories.models import Region
from tests.factories import CoordinatorFactory, EmployerFactory, PeerWorkerFactory
from toolbox.community_models import Event, ExperienceReport, Training

REPORTS = "/boite-a-outils/retours-d-experience/"


def _report_data(**overrides):
    data = {
        "title": "Un groupe de parole",
        "sector": "sante_mentale",
        "intervention_type": "animation_groupe",
        "context": "Un hôpital de jour.",
        "actions": "J'ai co-animé.",
        "worked": "Les exemples.",
        "would_change": "Plus de temps.",
        "consent": "on",
        "no_names": "on",
    }
    data.update(overrides)
    return data


def test_report_needs_consent_and_waits_for_review(client):
    author = PeerWorkerFactory()
    client.force_login(author)
    response = client.post(REPORTS + "nouveau/", _report_data(consent=""))
    assert response.status_code == 200 and not ExperienceReport.objects.exists()
    client.post(REPORTS + "nouveau/", _report_data())
    report = ExperienceReport.objects.get()
    assert report.consent_at is not None and report.status == "soumis"
    assert client.get(f"{REPORTS}{report.pk}/").status_code == 404  # not published yet


def test_published_report_is_listed_filtered_and_withdrawable(client):
    author = PeerWorkerFactory()
    report = ExperienceReport.objects.create(
        author=author, consent_at=timezone.now(), status="publie",
        reviewed_by=CoordinatorFactory(), **{k: v for k, v in _report_data().items()
                                             if k not in ("consent", "no_names")},
    )  # fmt: skip
    assert report.title in client.get(REPORTS, {"sector": "sante_mentale"}).content.decode()
    assert report.title not in client.get(REPORTS, {"sector": "sanitaire"}).content.decode()
    client.force_login(PeerWorkerFactory())
    assert client.post(f"{REPORTS}{report.pk}/retirer/").status_code == 404
    client.force_login(author)
    client.post(f"{REPORTS}{report.pk}/retirer/")
    report.refresh_from_db()
    assert report.status == "retire"
    assert client.get(f"{REPORTS}{report.pk}/").status_code == 404


def test_employers_cannot_write_reports(client):
    client.force_login(EmployerFactory())
    assert client.get(REPORTS + "nouveau/").status_code == 403


def test_trainings_filter_by_region_and_date(client, django_assert_max_num_queries):
    region = Region.objects.first()
    today = date.today()
    common = {"provider": "P", "description": "d", "cost": "0 €", "accessibility": "LSF",
              "registration_url": "https://example.org/"}  # fmt: skip
    Training.objects.create(title="Ici", region=region, starts_on=today + timedelta(days=5),
                            ends_on=today + timedelta(days=6), **common)  # fmt: skip
    Training.objects.create(title="À distance", remote=True, starts_on=today + timedelta(days=40),
                            ends_on=today + timedelta(days=41), **common)  # fmt: skip
    with django_assert_max_num_queries(8):
        response = client.get("/boite-a-outils/formations/", {"region": region.code})
    titles = [t.title for t in response.context["items"]]
    assert titles == ["Ici"]
    response = client.get(
        "/boite-a-outils/formations/",
        {"region": region.code, "remote": "on", "after": (today + timedelta(days=10)).isoformat()},
    )
    assert [t.title for t in response.context["items"]] == ["À distance"]
    assert client.get("/boite-a-outils/formations/", {"after": "pas une date"}).status_code == 200


def test_event_ics_and_region_feed(client):
    region = Region.objects.first()
    start = timezone.now() + timedelta(days=3)
    regional = Event.objects.create(title="Journée", slug="journee", summary="s", place="Amiens",
                                    starts_at=start, ends_at=start + timedelta(hours=6),
                                    region=region)  # fmt: skip
    Event.objects.create(title="Colloque", slug="colloque", summary="s", place="Paris",
                         starts_at=start, ends_at=start + timedelta(hours=6))  # fmt: skip
    other = Region.objects.exclude(pk=region.pk).first()
    Event.objects.create(
        title="Ailleurs", slug="ailleurs", summary="s", place="X", starts_at=start,
        ends_at=start + timedelta(hours=6), region=other,
    )  # fmt: skip
    response = client.get(f"/boite-a-outils/evenements/{regional.slug}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Journée"
    feed = Calendar.from_ical(
        client.get(f"/boite-a-outils/evenements/region/{region.code}.ics").content
    )
    assert sorted(str(e["SUMMARY"]) for e in feed.walk("VEVENT")) == ["Colloque", "Journée"]
    assert client.get("/boite-a-outils/evenements/region/zz.ics").status_code == 404
    assert "Journée" in client.get("/boite-a-outils/evenements/journee/").content.decode()
