from PIL import ImageFile

from epop.core.documents import html_to_document
from epop.core.pdf import html_to_pdf

HTML = '<html lang="fr"><head><title>Essai</title></head><body><h1>Essai</h1></body></html>'


def test_pdf_machinery_leaves_truncated_images_refused():
    """WeasyPrint flips a Pillow global when imported; the directory's photo check needs it off."""
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    html_to_pdf(HTML)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_pandoc_makes_docx_and_odt_with_the_title():
    docx = html_to_document(HTML, "docx", title="Essai")
    odt = html_to_document(HTML, "odt", title="Essai")
    assert docx[:2] == b"PK" and odt[:2] == b"PK"
