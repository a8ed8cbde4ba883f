"""Generated files of a resource (PDF, DOCX, ODT) from one HTML source, cached in the database.

A file is rebuilt only when the resource's ``source_hash`` changes (an edit, or a new document
template version), never per download.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string

from epop.core.documents import FORMATS as EDITABLE_FORMATS
from epop.core.documents import DocumentError, html_to_document
from epop.core.markdown import render_markdown
from epop.core.pdf import html_to_pdf

from .models import DocumentFile, DocumentFormat, Resource

logger = logging.getLogger(__name__)

CONTENT_TYPES = {"pdf": "application/pdf", **EDITABLE_FORMATS}
ORDER = [DocumentFormat.PDF, DocumentFormat.DOCX, DocumentFormat.ODT]


def document_html(resource: Resource) -> str:
    return render_to_string(
        "toolbox/document.html",
        {
            "resource": resource,
            "body": render_markdown(resource.body, top_level=2),
            "references": [r for r in resource.legal_references.splitlines() if r.strip()],
        },
    )


def _build(resource: Resource, fmt: str, html: str) -> bytes:
    if fmt == DocumentFormat.PDF:
        return html_to_pdf(html)
    return html_to_document(html, fmt, title=resource.title)


def files_for(resource: Resource) -> list[DocumentFile]:
    """The resource's files, in display order, rebuilt first if the source changed."""
    if not resource.has_document:
        return []
    current = resource.source_hash()
    existing = {
        f.format: f for f in DocumentFile.objects.filter(resource=resource).defer("content")
    }
    html = None
    for fmt in ORDER:
        stored = existing.get(fmt)
        if stored is not None and stored.source_hash == current:
            continue
        html = html or document_html(resource)
        try:
            content = _build(resource, fmt, html)
        except DocumentError:
            # The page stays readable; an older copy, if any, is not offered (it may disagree).
            logger.exception("Could not build the %s of resource %s", fmt, resource.pk)
            existing.pop(fmt, None)
            continue
        try:
            with transaction.atomic():
                existing[fmt], _ = DocumentFile.objects.update_or_create(
                    resource=resource,
                    format=fmt,
                    defaults={"source_hash": current, "content": content, "size": len(content)},
                )
        except IntegrityError:  # built at the same time by another request: theirs is as good
            existing[fmt] = DocumentFile.objects.defer("content").get(resource=resource, format=fmt)
    return [existing[fmt] for fmt in ORDER if fmt in existing]


def count_download(document: DocumentFile) -> None:
    DocumentFile.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)


def human_size(size: int) -> str:
    """« 45 Ko », « 1,2 Mo » (French units, as the link text shows them)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
