"""Profile photos: checked by their content, cleaned, and re-encoded before anything is stored.

An upload is trusted for nothing: neither its name nor the content type the browser declares.
What we keep is a new JPEG drawn from the decoded pixels only, so no metadata of the original
(EXIF with GPS position and camera serial, XMP, ICC profile, comments) can reach the public page.

Order of the checks, cheapest and safest first:

1. the size in bytes, before reading anything (the web server must also cap request bodies);
2. the format, from the file's own header, among a short list: Pillow never gets the chance to
   hand the file to a risky decoder (EPS calls Ghostscript, for instance);
3. the number of pixels, read from the header before decoding, so a small file announcing an
   enormous image (a "decompression bomb") is refused without allocating its memory;
4. the decoding itself, which also catches truncated and corrupt files.
"""

import io
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .models import PublishedProfile

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
JPEG_QUALITY = 85
# A 50-megapixel phone photo is the largest plausible portrait; Pillow's own bomb limit (about
# 89 million pixels) applies too, whichever is lower.
MAX_PIXELS = 50_000_000
# Formats people actually send from a phone or a computer. MPO is what many phones write for a
# JPEG; Pillow detects it through the JPEG plugin.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT = "image/jpeg,image/png,image/webp,image/gif"

TOO_BIG = (
    "cette photo pèse plus de 5 Mo. Choisissez une photo plus légère, ou réduisez-la avant de "
    "l'envoyer (la plupart des téléphones proposent une taille « moyenne »)."
)
NOT_AN_IMAGE = (
    "ce fichier n'est pas une photo que nous savons lire. Envoyez une image au format JPEG, "
    "PNG, WebP ou GIF."
)
TOO_MANY_PIXELS = (
    "cette image est trop grande (plus de 50 millions de pixels). Envoyez une photo plus petite."
)
DAMAGED = "cette photo semble abîmée ou incomplète. Essayez avec une autre photo."


def clean_photo(upload) -> ContentFile:
    """Check an uploaded file and return a clean JPEG of at most MAX_SIDE × MAX_SIDE pixels.

    Raises ValidationError with a French message for anything else; nothing is stored here.
    Messages start in lower case: the form templates put « Erreur : » before them.
    """
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ValidationError(TOO_BIG, code="too_big")
    upload.seek(0)
    try:
        image = Image.open(upload, formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None

    with image:
        width, height = image.size
        limit = min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS)
        if width < 1 or height < 1:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
        if width * height > limit:
            raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
        try:
            picture = _decode(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(DAMAGED, code="damaged") from None

    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(output.getvalue(), name="photo.jpg")


def _decode(image: Image.Image) -> Image.Image:
    """Decode, turn upright, convert to sRGB without transparency, shrink; a new bare image."""
    if image.format == "JPEG" or image.format == "MPO":
        # Let the JPEG decoder scale down by 1/2, 1/4 or 1/8 while decoding: a 12-megapixel
        # photo then never needs its full size in memory.
        image.draft("RGB", (MAX_SIDE * 2, MAX_SIDE * 2))
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # animated GIF or WebP: the first frame
    image.load()
    upright = ImageOps.exif_transpose(image)
    srgb = _to_srgb(upright)
    flat = _flatten(srgb)
    flat.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A brand-new image holds the pixels and nothing else: no EXIF, XMP, ICC profile or comment
    # can follow, whatever Pillow copies from `info` when saving.
    bare = Image.new("RGB", flat.size)
    bare.paste(flat)
    return bare


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded colour profile (Display P3 phones, Adobe RGB cameras) before dropping it,
    so colours stay right in a file without a profile."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent areas of a PNG, GIF or WebP become white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def discard_replaced(old_name: str, profile) -> None:
    """Delete the working copy's previous photo once nothing uses it any more.

    The published version keeps its own file (photo names are random, never reused), so the old
    file is deleted only when it is neither the current photo nor the published one.
    """
    if not old_name or old_name == (profile.photo.name or ""):
        return
    if PublishedProfile.objects.filter(photo=old_name).exists():
        return
    storage = profile.photo.storage

    def delete():
        try:
            storage.delete(old_name)
        except OSError:
            logger.warning("Ancienne photo de profil impossible à supprimer", exc_info=True)

    transaction.on_commit(delete)
