"""Profile photos: checked by content, cleaned of every metadata, resized, never overwriting the
published version's file. Every image is a real one, drawn with Pillow in the test."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from directory.profiles import photos, services
from directory.profiles.models import PeerProfile, PublishedProfile
from tests.factories import CoordinatorFactory, ProfileFactory, charter

PRESENTATION = reverse("directory:edit_step", args=["presentation"])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(size=(64, 48), mode="RGB", color=(200, 30, 30), fmt="JPEG", **save) -> bytes:
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def decoded(content_file) -> Image.Image:
    image = Image.open(io.BytesIO(content_file.read()))
    image.load()
    return image


def gps_exif(orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Téléphone de test"
    exif[ExifTags.Base.Model] = "Série 12345"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (49.0, 53.0, 40.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (2.0, 17.0, 44.0),
    }
    return exif


# --- The cleaning itself --------------------------------------------------------------------


def test_a_photo_with_gps_exif_comes_out_without_any_metadata():
    source = image_bytes(
        size=(300, 200),
        exif=gps_exif(),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        comment=b"prise chez moi, 12 rue des Lilas",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret</x:xmpmeta>",
    )
    original = Image.open(io.BytesIO(source))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test image does carry GPS
    assert "icc_profile" in original.info and "comment" in original.info

    cleaned = photos.clean_photo(upload(source))
    data = cleaned.read()
    result = Image.open(io.BytesIO(data))
    assert result.format == "JPEG"
    assert dict(result.getexif()) == {}
    for key in ("exif", "icc_profile", "comment", "xmp"):
        assert key not in result.info, key
    for marker in (b"Exif", b"GPS", b"12 rue des Lilas", b"xmpmeta", b"Test", b"12345"):
        assert marker not in data, marker
    assert result.size == (300, 200)


def test_exif_orientation_is_applied_before_the_tag_is_dropped():
    # A landscape sensor image tagged "rotate 90° clockwise to display" (orientation 6).
    source = image_bytes(size=(400, 100), exif=gps_exif(orientation=6))
    result = decoded(photos.clean_photo(upload(source)))
    assert result.size == (100, 400)
    assert ExifTags.Base.Orientation not in result.getexif()


def test_a_text_file_renamed_jpg_is_refused():
    fake = upload(b"Bonjour, ceci n'est pas une image.\n" * 20)
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(fake)
    assert error.value.code == "not_an_image"
    assert "n'est pas une photo que nous savons lire" in error.value.messages[0]


def test_a_format_outside_the_short_list_is_refused_even_if_pillow_reads_it():
    # BMP is a real image Pillow decodes, but not one we accept (and EPS would call Ghostscript).
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(image_bytes(fmt="BMP"), name="photo.bmp"))
    assert error.value.code == "not_an_image"


def test_more_than_5_mb_is_refused_before_decoding(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the file must not be decoded")

    monkeypatch.setattr(photos.Image, "open", never)
    big = upload(b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024))
    assert big.size > photos.MAX_BYTES
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(big)
    assert error.value.code == "too_big"
    assert "plus de 5 Mo" in error.value.messages[0]


def test_exactly_5_mb_is_still_read():
    # A real PNG padded to the limit with an ancillary chunk: the size alone never refuses it.
    png = image_bytes(fmt="PNG")
    padding = photos.MAX_BYTES - len(png) - 12
    chunk = b"zzZz" + b"\0" * padding
    padded = png[:-12] + struct.pack(">I", padding) + chunk
    padded += struct.pack(">I", zlib.crc32(chunk)) + png[-12:]
    assert len(padded) == photos.MAX_BYTES
    assert decoded(photos.clean_photo(upload(padded, "p.png", "image/png"))).size == (64, 48)


def test_a_very_tall_image_is_resized_within_800_pixels():
    source = image_bytes(size=(100, 10000), fmt="PNG")
    result = decoded(photos.clean_photo(upload(source, "long.png", "image/png")))
    assert max(result.size) == 800
    assert result.size == (8, 800)


def test_a_big_photo_is_resized_keeping_its_proportions():
    result = decoded(photos.clean_photo(upload(image_bytes(size=(3000, 2000)))))
    assert result.size == (800, 533)


def test_a_transparent_png_becomes_a_jpeg_on_white():
    image = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    for x in range(20, 30):
        for y in range(20, 30):
            image.putpixel((x, y), (0, 0, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    result = decoded(photos.clean_photo(upload(buffer.getvalue(), "logo.png", "image/png")))
    assert result.format == "JPEG" and result.mode == "RGB"
    corner = result.getpixel((2, 2))
    centre = result.getpixel((25, 25))
    assert all(channel > 245 for channel in corner)  # white, not black
    assert centre[2] > 200 and centre[0] < 60


def test_a_palette_gif_with_transparency_is_flattened_too():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0] + [0, 255, 0] * 255)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", transparency=0)
    result = decoded(photos.clean_photo(upload(buffer.getvalue(), "a.gif", "image/gif")))
    assert result.mode == "RGB" and all(channel > 245 for channel in result.getpixel((5, 5)))


def bomb_png(width: int, height: int) -> bytes:
    """A few hundred bytes announcing width × height pixels: the header is patched, so the
    test never allocates the image it describes."""
    png = bytearray(image_bytes(size=(1, 1), mode="1", color=0, fmt="PNG"))
    ihdr = png[12:29]  # type + data of the IHDR chunk
    ihdr[4:12] = struct.pack(">II", width, height)
    png[12:29] = ihdr
    png[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(png)


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 6000)], ids=["pillow-limit", "ours"])
def test_decompression_bombs_are_refused(size):
    data = bomb_png(*size)
    assert len(data) < 200
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(data, "bombe.png", "image/png"))
    assert error.value.code == "too_many_pixels"


def test_a_truncated_photo_is_refused():
    data = image_bytes(size=(400, 400), color=(10, 200, 90))
    with pytest.raises(ValidationError) as error:
        photos.clean_photo(upload(data[: len(data) // 3]))
    assert error.value.code in ("damaged", "not_an_image")


# --- Through the presentation step ------------------------------------------------------------


def post_photo(client, profile, file, **extra):
    data = {
        "display_name": profile.display_name,
        "pitch": profile.pitch,
        "job_title": profile.job_title,
        "action": "save",
        **extra,
    }
    if file is not None:
        data["photo"] = file
    return client.post(PRESENTATION, data)


def test_an_uploaded_photo_is_stored_clean_under_a_random_name(client, media):
    profile = ProfileFactory()
    client.force_login(profile.user)
    source = image_bytes(size=(1200, 900), exif=gps_exif())
    response = post_photo(client, profile, upload(source, "Moi à la plage.jpg"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.photo.name.startswith("profils/") and profile.photo.name.endswith(".jpg")
    assert "plage" not in profile.photo.name
    stored = (media / profile.photo.name).read_bytes()
    assert b"GPS" not in stored and b"Exif" not in stored
    assert Image.open(io.BytesIO(stored)).size == (800, 600)


def test_a_refused_photo_changes_nothing_and_says_why(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    response = post_photo(
        client, profile, upload(b"%PDF-1.7 pas une image"), display_name="Autre nom"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Erreur : ce fichier n&#x27;est pas une photo que nous savons lire" in html
    assert 'href="#id_photo"' in html
    profile.refresh_from_db()
    assert profile.display_name != "Autre nom" and not profile.photo


def test_a_new_photo_never_touches_the_published_file(
    client, media, django_capture_on_commit_callbacks
):
    profile = ProfileFactory()
    client.force_login(profile.user)
    post_photo(client, profile, upload(image_bytes(color=(0, 0, 200))))
    profile.refresh_from_db()
    first = profile.photo.name
    profile = published_profile_from(profile)
    assert PublishedProfile.objects.get(pk=profile.pk).photo.name == first
    published_bytes = (media / first).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, profile, upload(image_bytes(color=(0, 200, 0))))
    profile = PeerProfile.objects.get(pk=profile.pk)
    assert profile.photo.name != first
    assert profile.status == PeerProfile.Status.DRAFT
    assert PublishedProfile.objects.get(pk=profile.pk).photo.name == first
    assert (media / first).read_bytes() == published_bytes  # still there, unchanged

    # A third photo replaces the second (unpublished) one, whose file is deleted after commit.
    second = profile.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, profile, upload(image_bytes(color=(90, 90, 90))))
    assert not (media / second).exists()
    assert (media / first).exists()


def test_removing_the_photo(client, media, django_capture_on_commit_callbacks):
    profile = ProfileFactory()
    client.force_login(profile.user)
    post_photo(client, profile, upload(image_bytes()))
    profile.refresh_from_db()
    name = profile.photo.name
    html = client.get(PRESENTATION).content.decode()
    assert "Retirer ma photo" in html and 'alt="Votre photo actuelle"' in html
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(client, profile, None, remove_photo="on")
    profile.refresh_from_db()
    assert not profile.photo
    assert not (media / name).exists()  # never published: nothing else uses it


def published_profile_from(profile):
    """Validate an existing working copy through the real workflow."""
    services.submit_profile(profile, profile.user, charter())
    coordinator = CoordinatorFactory(regions=["32"])
    services.record_first_exchange(
        profile, coordinator, date=profile.created_at.date(), notes="", training_status=""
    )
    return services.validate_profile(profile, coordinator)
