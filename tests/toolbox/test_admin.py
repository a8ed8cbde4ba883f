from tests.factories import CoordinatorFactory
from toolbox.models import Resource


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
