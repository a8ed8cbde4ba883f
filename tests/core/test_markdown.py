"""The one Markdown rendering of the site: what people write can never run script."""

from html.parser import HTMLParser

import pikepdf
import pytest

from epop.core.markdown import markdown_to_text, render_markdown
from epop.core.pdf import html_to_pdf


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[clic](javascript:alert(1))",
        '<img src="https://tracker.example/x.png" onerror="alert(1)">',
        "![photo](https://tracker.example/x.png)",
        '<a href="https://x.example" onclick="alert(1)">x</a>',
    ],
)
def test_hostile_markdown_is_neutralised(source):
    tags = _tags(str(render_markdown(source, members=True)))
    assert {name for name, _ in tags} <= {"p", "a"}
    for _, attributes in tags:
        assert not [name for name in attributes if name.startswith("on")]
        assert not attributes.get("href", "").startswith("javascript")


def _tags(html):
    """Every real element of ``html`` (escaped text is not an element) with its attributes."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_member_links_are_nofollow_and_staff_links_are_not():
    assert 'rel="nofollow ugc noopener"' in render_markdown("[a](https://a.fr)", members=True)
    assert 'rel="noopener"' in render_markdown("[a](https://a.fr)")


def test_headings_start_below_the_page_title():
    assert "<h2>Titre</h2>" in render_markdown("# Titre")
    assert "<h3>Titre</h3>" in render_markdown("# Titre", top_level=3)


def test_plain_text_keeps_the_words_only():
    assert markdown_to_text("# Titre\n\nUn *mot* & <b>gras</b>") == "Titre\nUn mot & <b>gras</b>"


def test_preview_renders_for_signed_in_people_only(client, django_user_model):
    assert client.post("/apercu-markdown/", {"text": "**a**"}).status_code == 302
    user = django_user_model.objects.create_user(email="p@example.org", password="x" * 12)
    client.force_login(user)
    response = client.post("/apercu-markdown/", {"text": "**a** <script>"})
    assert response.content.decode().strip() == "<p><strong>a</strong> &lt;script&gt;</p>"
    assert client.post("/apercu-markdown/", {"text": "a" * 50_001}).status_code == 400


def test_pdf_is_tagged_with_language_and_title(tmp_path):
    pdf = html_to_pdf(
        '<html lang="fr"><head><title>Essai</title></head><body><h1>Bonjour</h1></body></html>'
    )
    path = tmp_path / "essai.pdf"
    path.write_bytes(pdf)
    with pikepdf.open(path) as document:
        assert str(document.Root.Lang) == "fr"
        assert "/StructTreeRoot" in document.Root
        assert document.Root.MarkInfo.Marked
        assert document.Root.ViewerPreferences.DisplayDocTitle
        assert str(document.docinfo.Title) == "Essai"


def test_pdf_machinery_leaves_pillow_refusing_truncated_images():
    """WeasyPrint turns Pillow's truncated-image tolerance on when imported; the photo checks
    need it off, whatever was imported first."""
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
