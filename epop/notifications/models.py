"""The mail outbox and the users' notification preferences.

Every email the platform sends is first a row here: the request that produces it only writes to
the database, and a Celery task delivers it later. A broker or SMTP outage therefore delays mail
but loses none, and a coordinator can see in the admin what was sent, what waits and what failed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .registry import Frequency


class OutboxMessage(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        SENDING = "sending", "Envoi en cours"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec"

    # Addresses are kept as the caller wrote them ("Nom <adresse>" is allowed), so they are lists
    # of strings rather than EmailFields.
    to = models.JSONField("destinataires", default=list)
    cc = models.JSONField("copie", default=list, blank=True)
    bcc = models.JSONField("copie cachée", default=list, blank=True)
    reply_to = models.JSONField("répondre à", default=list, blank=True)
    # 998: the longest header line RFC 5322 allows; a display name may precede the address.
    from_email = models.CharField("expéditeur", max_length=998)
    subject = models.TextField("objet")
    body = models.TextField("texte", blank=True)
    html_body = models.TextField("version HTML", blank=True)
    # Extra headers (Message-ID, List-Unsubscribe...). The Message-ID is fixed when the row is
    # written, so every retry of the same row carries the same identifier.
    headers = models.JSONField("en-têtes", default=dict, blank=True)

    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    next_attempt_at = models.DateTimeField("prochaine tentative", null=True, blank=True)
    # Callers that must not notify twice (a periodic job rerun, a double click) pass a key; the
    # unique constraint, not a check in Python, is what turns the second enqueue into a no-op.
    dedup_key = models.CharField(
        "clé d'unicité", max_length=200, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = "message sortant"
        verbose_name_plural = "messages sortants"
        ordering = ["-created_at"]
        indexes = [
            # flush_outbox reads only pending rows, by due date; a partial index stays small
            # however many sent rows the retention period keeps.
            models.Index(
                fields=["next_attempt_at", "created_at"],
                condition=Q(status="pending"),
                name="outbox_pending_due_idx",
            ),
            # purge_sent_messages reads sent rows by age.
            models.Index(fields=["sent_at"], condition=Q(status="sent"), name="outbox_sent_at_idx"),
        ]
        permissions = [
            # Bodies hold password-reset and confirmation links: reading them is a separate
            # right from seeing the queue, so a coordinator cannot take over an account.
            ("view_message_body", "Peut lire le contenu des messages sortants"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self):
        return [*self.to, *self.cc, *self.bcc]


class NotificationPreference(models.Model):
    """A user's choice for one notification type; no row means the type's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name="utilisateur·rice",
    )
    # A key of the registry (epop.notifications.registry). Not a foreign key: types live in code,
    # and a row left by a type removed later is simply ignored.
    key = models.CharField("type de notification", max_length=100)
    frequency = models.CharField("fréquence", max_length=10, choices=Frequency.choices)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_pref_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.key} : {self.get_frequency_display()}"


class SentReminder(models.Model):
    """A reminder claim: one row per reminder or digest actually queued. The unique constraint,
    not a hope, makes the periodic jobs idempotent (claims.claim)."""

    kind = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # What the reminder is about: the confirmation date it reminds of, or the digest's week.
    period_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table was created by the directory, which had the first periodic reminders; the
        # model moved here with no copy of rows (docs/decisions/0009).
        db_table = "directory_sentreminder"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "period_key"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} · {self.period_key}"
