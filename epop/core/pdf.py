"""Tagged, accessible PDFs from our own HTML (toolbox documents and quotes, legal-guide results).

WeasyPrint's PDF/UA-1 variant writes the structure tree, marked content, the document language
(from ``<html lang>``), the title (from ``<title>``) shown in the window, and embeds the fonts.
One HTML source gives both the page and the file, so they never disagree (RGAA 13.3).

Import WeasyPrint through this module only: see the note on Pillow below.
"""

from PIL import ImageFile
from weasyprint import HTML

# Importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which would
# make the photo checks accept truncated uploads (they rely on Pillow refusing them). Our PDFs
# embed no uploaded image, so Pillow's safe default is put back.
ImageFile.LOAD_TRUNCATED_IMAGES = False

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """``html`` must be a whole document with ``<html lang="fr">`` and a ``<title>``."""
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
