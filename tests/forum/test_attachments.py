"""Attachments: images and PDF checked by content, size-limited, EXIF stripped, members only."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from forum import services
from forum.models import Attachment

from .conftest import log_in, make_member


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "purple")
    exif = Image.Exif()
    exif[0x010F] = "Appareil secret"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_an_image_is_reencoded_without_exif(client, member, category):
    topic = services.create_topic(member, category, "Un support", "Voici ma fiche")
    log_in(client, member)
    upload = SimpleUploadedFile("Ma fiche été.jpg", photo_with_gps(), content_type="image/jpeg")
    client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Avec image", "attachment": upload}
    )
    attachment = Attachment.objects.get()
    assert attachment.name == "Ma-fiche-ete.jpg"
    stored = Image.open(io.BytesIO(bytes(attachment.data)))
    assert not stored.getexif()
    assert b"Appareil secret" not in bytes(attachment.data)
    page = client.get(reverse("forum:topic", args=[topic.pk])).content.decode()
    assert "Ma-fiche-ete.jpg" in page
    other = make_member()
    client.logout()
    log_in(client, other)
    response = client.get(reverse("forum:attachment", args=[attachment.post_id]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_accepted_and_downloaded_as_a_file(client, member, category):
    topic = services.create_topic(member, category, "Un support", "Voici")
    log_in(client, member)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = SimpleUploadedFile("guide.pdf", pdf, content_type="application/pdf")
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "PDF", "attachment": upload})
    attachment = Attachment.objects.get()
    response = client.get(reverse("forum:attachment", args=[attachment.post_id]))
    assert response["Content-Disposition"].startswith("attachment;")


def test_html_disguised_as_an_image_is_refused(client, member, category):
    topic = services.create_topic(member, category, "Un support", "Voici")
    log_in(client, member)
    upload = SimpleUploadedFile(
        "photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"
    )
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Piège", "attachment": upload}
    )
    assert response.status_code == 400
    assert "ni une image" in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_big_is_refused(client, member, category):
    topic = services.create_topic(member, category, "Un support", "Voici")
    log_in(client, member)
    upload = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = client.post(
        reverse("forum:reply", args=[topic.pk]), {"body": "Lourd", "attachment": upload}
    )
    assert "plus de 5 Mo" in response.content.decode()


def test_attachments_are_not_public(client, member, category):
    topic = services.create_topic(member, category, "Un support", "Voici")
    pdf = {"name": "a.pdf", "content_type": "application/pdf", "data": b"%PDF-", "size": 5}
    post = services.reply(member, topic, "PDF", attachment=pdf)
    response = client.get(reverse("forum:attachment", args=[post.pk]))
    assert response.status_code == 302  # to the login page
