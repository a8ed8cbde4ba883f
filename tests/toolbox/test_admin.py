from tests.factories import CoordinatorFactory
from toolbox.community_models import ExperienceReport
from toolbox.models import Resource
from toolbox.path_models import OrientationPath

URL_SEARCH = "/boite-a-outils/ressources/"


def _national(client):
    user = CoordinatorFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_resource_editing_has_a_live_preview_and_keeps_history(client):
    _national(client)
    resource = Resource.objects.get(slug="charte-epop")
    html = client.get(f"/gestion/toolbox/resource/{resource.pk}/change/").content.decode()
    assert 'data-markdown-preview="/apercu-markdown/"' in html
    assert "js/toolbox-admin.js" in html
    assert client.get(f"/gestion/toolbox/resource/{resource.pk}/history/").status_code == 200
    listing = client.get("/gestion/toolbox/resource/").content.decode()
    assert "téléchargements" in listing.lower()


def test_publishing_a_video_without_captions_is_refused_in_the_admin(client):
    _national(client)
    response = client.post(
        "/gestion/toolbox/resource/add/",
        {"title": "Vidéo", "slug": "video-test", "summary": "s", "kind": "video",
         "audiences": ["pair"], "status": "publie", "last_reviewed": "2026-12-01",
         "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ne peut pas être publiée" in response.content.decode()
    assert not Resource.objects.filter(slug="video-test").exists()


def test_coordinator_saves_a_resource_and_edits_a_path(client):
    _national(client)
    response = client.post(
        "/gestion/toolbox/resource/add/",
        {"title": "Glossaire", "slug": "glossaire", "summary": "Les mots de la pair-aidance.",
         "kind": "guide", "audiences": ["pair", "employeur"], "themes": ["ethique"],
         "status": "publie", "body": "## Pair-aidance\\n\\nUn mot.", "last_reviewed": "2026-12-01",
         "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    resource = Resource.objects.get(slug="glossaire")
    assert resource.audiences == ["pair", "employeur"]
    assert resource.history.count() == 1
    assert client.get(URL_SEARCH, {"q": "glossaire"}).context["page"].object_list[0] == resource
    path_page = client.get("/gestion/toolbox/orientationpath/")
    assert path_page.status_code == 200
    html = client.get(
        f"/gestion/toolbox/orientationpath/{OrientationPath.objects.first().pk}/change/"
    ).content.decode()
    assert "data-markdown-preview" in html


def test_withdrawn_reports_are_hidden_from_coordinators(client):
    from django.utils import timezone

    from tests.factories import PeerWorkerFactory

    _national(client)
    report = ExperienceReport.objects.create(
        author=PeerWorkerFactory(), title="Récit confidentiel", sector="sanitaire",
        intervention_type="sensibilisation", context="c", actions="a", worked="w",
        would_change="x", consent_at=timezone.now(), status="retire",
    )  # fmt: skip
    assert client.get(f"/gestion/toolbox/experiencereport/{report.pk}/change/").status_code == 302
    listing = client.get("/gestion/toolbox/experiencereport/").content.decode()
    assert "Récit confidentiel" not in listing
