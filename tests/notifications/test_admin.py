"""The outbox in the admin: coordinators find a message, see why it failed and resend it."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from epop.notifications.models import OutboxMessage

Status = OutboxMessage.Status
CHANGELIST = "/gestion/notifications/outboxmessage/"


def make_row(**fields):
    values = {
        "to": ["alice@example.org"],
        "from_email": "EPoP <ne-pas-repondre@epop.example.org>",
        "subject": "Sujet",
        "body": "Lien secret : https://epop.example.org/compte/password/reset/key/abc/",
        **fields,
    }
    return OutboxMessage.objects.create(**values)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        email="admin@example.org", password="mot-de-passe-long"
    )


@pytest.fixture
def coordinator(django_user_model):
    """Staff who may look at the queue and resend, but not read message bodies."""
    user = django_user_model.objects.create_user(
        email="coordination@example.org",
        password="mot-de-passe-long",
        kind=django_user_model.Kind.COORDINATOR,
        is_staff=True,
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="notifications",
            codename__in=["view_outboxmessage", "change_outboxmessage"],
        )
    )
    return user


def test_the_list_filters_by_status_and_searches_recipients_and_subjects(client, superuser):
    make_row(subject="Validation du profil", status=Status.FAILED, to=["alice@example.org"])
    make_row(
        subject="Bienvenue", status=Status.SENT, to=["bob@example.org"], sent_at=timezone.now()
    )
    client.force_login(superuser)

    def subjects(**params):
        response = client.get(CHANGELIST, params)
        assert response.status_code == 200
        return {row.subject for row in response.context["cl"].result_list}

    assert subjects(status__exact="failed") == {"Validation du profil"}
    assert subjects(q="bob@exa") == {"Bienvenue"}
    assert subjects(q="validation") == {"Validation du profil"}


def test_resend_puts_failed_messages_back_in_the_queue(
    client, coordinator, django_capture_on_commit_callbacks
):
    failed = make_row(status=Status.FAILED, attempts=8, last_error="SMTPServerDisconnected")
    sent = make_row(status=Status.SENT, attempts=1, sent_at=timezone.now())
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            CHANGELIST,
            {"action": "resend_failed", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 message remis en file d&#x27;envoi." in response.content.decode()
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    assert sent.status == Status.SENT


def test_messages_cannot_be_added_edited_or_deleted(client, superuser):
    row = make_row(status=Status.FAILED)
    client.force_login(superuser)

    assert client.get(CHANGELIST + "add/").status_code == 403
    assert client.get(f"{CHANGELIST}{row.pk}/delete/").status_code == 403
    client.post(f"{CHANGELIST}{row.pk}/change/", {"subject": "Modifié", "status": "sent"})
    row.refresh_from_db()
    assert (row.subject, row.status) == ("Sujet", Status.FAILED)


def test_the_body_is_shown_read_only_to_those_allowed_to_read_it(client, superuser):
    row = make_row(html_body="<p>Bonjour <script>alert(1)</script></p>")
    client.force_login(superuser)

    page = client.get(f"{CHANGELIST}{row.pk}/change/").content.decode()

    assert "Lien secret" in page
    # The HTML version is shown as escaped source, never rendered in the admin.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_a_coordinator_without_the_body_permission_does_not_see_reset_links(client, coordinator):
    row = make_row()
    client.force_login(coordinator)

    response = client.get(f"{CHANGELIST}{row.pk}/change/")

    assert response.status_code == 200
    assert "Sujet" in response.content.decode()
    assert "Lien secret" not in response.content.decode()


def test_headers_with_unsubscribe_tokens_are_hidden_like_bodies(client, coordinator, superuser):
    """Issue 7, item 12: a List-Unsubscribe token lets anyone act for the recipient."""
    token = "jeton-de-desabonnement-secret"
    row = make_row(
        headers={"List-Unsubscribe": f"<https://epop.example.org/desabonnement/{token}/>"}
    )
    url = f"{CHANGELIST}{row.pk}/change/"

    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert token not in response.content.decode()

    client.force_login(superuser)
    assert token in client.get(url).content.decode()
