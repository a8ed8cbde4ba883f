"""Tagged, accessible PDFs from our own HTML (toolbox documents and quotes, legal-guide results).

WeasyPrint's PDF/UA-1 variant writes the structure tree, marked content, the document language
(from ``<html lang>``), the title (from ``<title>``) shown in the window, and embeds the fonts.
One HTML source gives both the page and the file, so they never disagree (RGAA 13.3).
"""

from PIL import ImageFile
from weasyprint import HTML

# Importing WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, which would
# make the directory accept truncated photos. Our PDFs carry no images: switch it back off.
ImageFile.LOAD_TRUNCATED_IMAGES = False

PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """``html`` must be a whole document with ``<html lang="fr">`` and a ``<title>``."""
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)
