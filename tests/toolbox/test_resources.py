import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from toolbox import documents
from toolbox.models import DocumentFile, Resource

URL = "/boite-a-outils/ressources/"


def _titles(response):
    return [item.title for item in response.context["page"].object_list]


def test_french_search_finds_inflected_words_best_first(client):
    response = client.get(URL, {"q": "contrats"})
    titles = _titles(response)
    assert titles[0] == "Contrat de prestation entre un·e intervenant·e-pair et un client"
    assert "Vidéo : devenir intervenant·e-pair" not in titles


def test_filters_combine(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"audience": "employeur", "kind": "video"})
    assert _titles(response) == ["Vidéo : réussir l'accueil d'un·e intervenant·e-pair"]


def test_drafts_are_not_listed_nor_reachable(client):
    Resource.objects.filter(slug="charte-epop").update(status="brouillon")
    assert "Charte de l'intervention par les pairs" not in _titles(client.get(URL))
    assert client.get(URL + "charte-epop/").status_code == 404


def test_bad_filters_and_pages_do_not_crash(client):
    assert client.get(URL, {"kind": "<script>", "q": "a\x00b"}).status_code == 200
    assert client.get(URL, {"page": "999"}).status_code == 404
    assert client.get(URL, {"q": "x" * 500}).status_code == 200


def test_detail_links_give_format_and_size_and_downloads_are_counted(client):
    response = client.get(URL + "charte-epop/")
    html = response.content.decode()
    assert "(PDF, " in html and "(DOCX, " in html and "(ODT, " in html
    assert " Ko)" in html
    download = client.get(URL + "charte-epop/telecharger/docx/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert "Charte" in archive.read("word/document.xml").decode()
    odt = client.get(URL + "charte-epop/telecharger/odt/")
    with zipfile.ZipFile(io.BytesIO(odt.content)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert DocumentFile.objects.get(resource__slug="charte-epop", format="docx").download_count == 1
    assert client.get(URL + "charte-epop/telecharger/exe/").status_code == 404


def test_files_are_cached_and_rebuilt_when_the_source_changes():
    resource = Resource.objects.get(slug="charte-epop")
    first = {f.format: f.generated_at for f in documents.files_for(resource)}
    again = {f.format: f.generated_at for f in documents.files_for(resource)}
    assert first == again
    resource.body += "\n\nUn nouveau paragraphe."
    resource.save()
    rebuilt = documents.files_for(resource)
    assert all(f.generated_at > first[f.format] for f in rebuilt)
    pdf = DocumentFile.objects.get(resource=resource, format="pdf")
    assert bytes(pdf.content).startswith(b"%PDF")


def test_video_cannot_be_published_without_captions_and_transcript():
    video = Resource(title="V", slug="v", summary="s", kind="video", status="publie")
    with pytest.raises(ValidationError, match="sous-titres"):
        video.full_clean()
    video.captions_vtt = "pas du webvtt"
    with pytest.raises(ValidationError):
        video.full_clean()


def test_video_page_loads_nothing_before_a_click_and_serves_captions(client):
    html = client.get(URL + "video-devenir-intervenant-pair/").content.decode()
    assert "<video" not in html and "<iframe" not in html
    assert "Lire la transcription" in html
    captions = client.get(URL + "video-devenir-intervenant-pair/sous-titres.vtt")
    assert captions["Content-Type"].startswith("text/vtt")
    assert captions.content.decode().startswith("WEBVTT")


def test_history_is_kept():
    resource = Resource.objects.get(slug="charte-epop")
    before = resource.history.count()
    resource.title = "Charte EPoP"
    resource.save()
    assert resource.history.count() == before + 1
    assert resource.history.first().title == "Charte EPoP"


def test_a_failing_converter_never_serves_an_outdated_copy(client, monkeypatch):
    from epop.core import documents as core_documents

    client.get(URL + "charte-epop/")  # files built
    Resource.objects.filter(slug="charte-epop").update(body="Nouveau texte.")

    def broken(*args, **kwargs):
        raise core_documents.DocumentError("pandoc failed")

    monkeypatch.setattr(documents, "html_to_document", broken)
    html = client.get(URL + "charte-epop/").content.decode()
    assert "(PDF, " in html and "(DOCX, " not in html
    assert client.get(URL + "charte-epop/telecharger/docx/").status_code == 404


def test_pages_keep_the_filters(client):
    for number in range(25):
        Resource.objects.create(
            title=f"Guide {number}", slug=f"guide-{number}", summary="Un guide.",
            kind="guide", body="Texte.", status="publie",
        )  # fmt: skip
    html = client.get(URL, {"kind": "guide"}).content.decode()
    assert 'href="?kind=guide&amp;page=2">Page suivante</a>' in html
    html = client.get(URL, {"kind": "guide", "page": "2"}).content.decode()
    assert 'href="?kind=guide&amp;page=1">Page précédente</a>' in html
    # Without a filter, nothing is kept but the page.
    assert 'href="?page=2">Page suivante</a>' in client.get(URL).content.decode()
