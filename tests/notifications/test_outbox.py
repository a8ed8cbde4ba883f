"""Writing to the outbox: Django's mail API and enqueue_email() store rows, deliver nothing."""

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.db import transaction

from epop.notifications import delivery, services
from epop.notifications.backends import OutboxBackend
from epop.notifications.models import OutboxMessage


def test_send_mail_stores_a_pending_row_and_delivers_nothing_before_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sent = send_mail(
            "Bienvenue",
            "Bonjour et bienvenue.",
            None,
            ["alice@example.org"],
            html_message="<p>Bonjour et bienvenue.</p>",
        )

    assert sent == 1
    row = OutboxMessage.objects.get()
    assert row.status == OutboxMessage.Status.PENDING
    assert row.to == ["alice@example.org"]
    assert row.subject == "Bienvenue"
    assert row.body == "Bonjour et bienvenue."
    assert row.html_body == "<p>Bonjour et bienvenue.</p>"
    assert row.from_email == "EPoP <ne-pas-repondre@epop.example.org>"
    assert row.attempts == 0
    assert row.headers["Message-ID"].startswith("<")
    # Delivery waits for the commit: one task to publish, nothing in anyone's inbox yet.
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_mail("Annulé", "Ce message ne doit pas partir.", None, ["bob@example.org"])
        raise RuntimeError("the view failed after sending")

    assert not OutboxMessage.objects.exists()
    assert callbacks == []


def test_every_part_of_an_email_message_survives_the_round_trip():
    message = EmailMultiAlternatives(
        subject="Votre demande",
        body="Texte",
        from_email="Coordination <coordination@epop.example.org>",
        to=["Alice Martin <alice@example.org>"],
        cc=["cc@example.org"],
        bcc=["archive@example.org"],
        reply_to=["reponse@example.org"],
        headers={"List-Unsubscribe": "<https://epop.example.org/compte/notifications/>"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    assert message.send() == 1

    rebuilt = delivery.build_email(OutboxMessage.objects.get())

    assert rebuilt.subject == "Votre demande"
    assert rebuilt.from_email == "Coordination <coordination@epop.example.org>"
    assert rebuilt.to == ["Alice Martin <alice@example.org>"]
    assert rebuilt.cc == ["cc@example.org"]
    assert rebuilt.bcc == ["archive@example.org"]
    assert rebuilt.reply_to == ["reponse@example.org"]
    assert rebuilt.body == "Texte"
    assert rebuilt.alternatives == [("<p>HTML</p>", "text/html")]
    built = rebuilt.message()
    assert built["List-Unsubscribe"] == "<https://epop.example.org/compte/notifications/>"
    # The Message-ID chosen at enqueue time is the one every attempt sends.
    assert built["Message-ID"] == OutboxMessage.objects.get().headers["Message-ID"]


def test_an_html_only_message_stays_html_only():
    message = EmailMessage(subject="HTML", body="<p>Seulement du HTML</p>", to=["a@example.org"])
    message.content_subtype = "html"
    message.send()

    row = OutboxMessage.objects.get()
    assert (row.body, row.html_body) == ("", "<p>Seulement du HTML</p>")
    rebuilt = delivery.build_email(row)
    assert rebuilt.content_subtype == "html"
    assert rebuilt.body == "<p>Seulement du HTML</p>"


def test_a_message_without_recipient_is_not_stored():
    assert OutboxBackend().send_messages([EmailMessage(subject="Personne", body="…")]) == 0
    assert not OutboxMessage.objects.exists()


def test_attachments_are_refused_rather_than_silently_dropped():
    message = EmailMessage(subject="Pièce jointe", body="…", to=["a@example.org"])
    message.attach("devis.txt", "contenu", "text/plain")

    with pytest.raises(ValueError, match="attachments"):
        message.send()
    assert not OutboxMessage.objects.exists()


def test_a_bad_header_fails_in_the_caller_not_later_in_the_worker():
    with pytest.raises(ValueError):
        send_mail("Objet\nBcc: victime@example.org", "…", None, ["a@example.org"])
    assert not OutboxMessage.objects.exists()


def test_enqueue_email_with_the_same_dedup_key_twice_stores_one_row():
    with transaction.atomic():
        first = services.enqueue_email(
            "alice@example.org", "Profil publié", "Votre profil est publié.", dedup_key="profil:1"
        )
        second = services.enqueue_email(
            "alice@example.org", "Profil publié", "Votre profil est publié.", dedup_key="profil:1"
        )
        # The duplicate did not break the caller's transaction.
        other = services.enqueue_email("bob@example.org", "Autre", "…", dedup_key="profil:2")

    assert first is not None and other is not None
    assert second is None
    assert list(OutboxMessage.objects.order_by("pk").values_list("dedup_key", flat=True)) == [
        "profil:1",
        "profil:2",
    ]


def test_messages_without_dedup_key_are_never_considered_duplicates():
    services.enqueue_email(["a@example.org"], "Un", "…")
    services.enqueue_email(["a@example.org"], "Un", "…", dedup_key="")

    assert OutboxMessage.objects.filter(dedup_key__isnull=True).count() == 2


def test_allauth_account_mail_goes_through_the_outbox(client, make_user, mailoutbox, settings):
    # allauth counts resets in the shared Redis cache; reruns must not hit its rate limit.
    settings.ACCOUNT_RATE_LIMITS = False
    make_user(email="oubli@example.org")

    response = client.post("/compte/password/reset/", {"email": "oubli@example.org"})

    assert response.status_code == 302
    row = OutboxMessage.objects.get()
    assert row.to == ["oubli@example.org"]
    assert row.subject.startswith("[EPoP] ")
    assert "/compte/password/reset/key/" in row.body
    assert mailoutbox == []
