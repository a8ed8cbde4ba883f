"""Attachments: one image or PDF per post, checked by content, size-limited, images re-encoded
from their pixels so that no EXIF (GPS position, camera serial) or other metadata survives.

The same approach as the directory's profile photos (size first, format from the file's own
header among a short list, pixel count before decoding, then decoding), written here because
feature apps do not import one another.
"""

import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from PIL import Image, ImageOps, UnidentifiedImageError

from .access import member_required
from .models import Attachment, Post

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000
MAX_PIXELS = 40_000_000
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif,application/pdf"

TOO_BIG = "ce fichier pèse plus de 5 Mo. Choisissez un fichier plus léger."
NOT_ALLOWED = (
    "ce fichier n'est ni une image (JPEG, PNG, WebP, GIF) ni un PDF que nous savons lire. "
    "Choisissez un autre fichier."
)
DAMAGED = "ce fichier semble abîmé ou incomplet. Essayez avec un autre fichier."


def clean_upload(upload) -> dict:
    """Return the fields of an Attachment (without post) or raise a French ValidationError."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ValidationError(TOO_BIG)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = upload.read()
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(DAMAGED)
        return {
            "name": _name(upload.name, "pdf"),
            "content_type": "application/pdf",
            "data": data,
            "size": len(data),
        }
    return _clean_image(upload)


def _clean_image(upload) -> dict:
    try:
        image = Image.open(upload, formats=IMAGE_FORMATS)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_ALLOWED) from None
    with image:
        width, height = image.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise ValidationError(NOT_ALLOWED)
        try:
            image.load()
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            has_alpha = picture.mode in ("RGBA", "LA", "P")
            picture = picture.convert("RGBA" if has_alpha else "RGB")
            # A new image from the pixels only: no EXIF, XMP, ICC or comments are carried over.
            clean = Image.new(picture.mode, picture.size)
            clean.paste(picture)
            out = io.BytesIO()
            if has_alpha:
                clean.save(out, format="PNG", optimize=True)
                kind, extension = "image/png", "png"
            else:
                clean.save(out, format="JPEG", quality=85)
                kind, extension = "image/jpeg", "jpg"
        except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
            raise ValidationError(DAMAGED) from None
    data = out.getvalue()
    return {
        "name": _name(upload.name, extension),
        "content_type": kind,
        "data": data,
        "size": len(data),
    }


def _name(original: str, extension: str) -> str:
    stem = (original or "fichier").rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:80] or "fichier"
    return f"{stem}.{extension}"


@require_GET
@member_required
def download(request, pk):
    """Members only, and only for posts they may read; never rendered inline as HTML."""
    attachment = get_object_or_404(Attachment.objects.select_related("post__topic"), post_id=pk)
    post = attachment.post
    readable = post.status == Post.Status.VISIBLE and not post.topic.is_hidden
    if not (readable or post.author_id == request.user.pk or request.forum_member.is_moderator):
        return HttpResponse(status=404)
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    disposition = "inline" if attachment.is_image else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{attachment.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
