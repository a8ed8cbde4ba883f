"""Contact requests between employers and peer workers (« mises en relation »).

Contact goes through the platform (domain.md §4, rule 4): an employer with a verified account
sends a request from a profile, and the peer worker answers in a thread on the site. Neither side
sees the other's email address or phone number; the peer worker alone decides whether to write
them in the thread.

- `ContactRequest` is the request and its conversation state. It keeps a copy of the employer's
  organisation and the peer worker's region as they were when it was sent, so later edits never
  rewrite history and the coordinators' indicators stay stable.
- `ContactMessage` is one message of the thread, plain text (the request's own message first).
- `ContactReport` is a message reported to the coordinators of the peer worker's region, with a
  copy of the reported text: coordinators never read threads, only what was reported to them.
- `ContactBlock` lets a peer worker stop requests from one employer.
- `ContactReminder` records each reminder, expiry notice and follow-up actually queued: the unique
  constraint, not a hope, makes the daily jobs idempotent.

Write through `services.py` (and the job module `jobs.py`) only; nothing here sends mail.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone

from directory.profiles import choices
from epop.accounts.models import OrganisationType

__all__ = [
    "ContactBlock",
    "ContactMessage",
    "ContactReminder",
    "ContactReport",
    "ContactRequest",
    "DeclineReason",
    "FollowUpOutcome",
    "ReportReason",
]


class DeclineReason(models.TextChoices):
    UNAVAILABLE = "indisponible", "Je ne suis pas disponible à ces dates"
    NOT_MY_FIELD = "hors_champ", "La demande ne correspond pas à ce que je propose"
    TOO_FAR = "trop_loin", "Le lieu est trop loin pour moi"
    CONDITIONS = "conditions", "Les conditions ne me conviennent pas (budget, format)"
    TOO_BUSY = "charge", "J'ai déjà trop d'activités en ce moment"
    OTHER = "autre", "Une autre raison"


class FollowUpOutcome(models.TextChoices):
    YES = "oui", "Oui, l'intervention a eu lieu"
    NO = "non", "Non, elle n'aura pas lieu"
    NOT_YET = "pas_encore", "Pas encore"


class ReportReason(models.TextChoices):
    DISRESPECT = "irrespect", "Propos irrespectueux, discriminants ou menaçants"
    PRIVATE_DATA = "donnees", "Demande d'informations personnelles ou de santé"
    SPAM = "demarchage", "Démarchage, publicité ou message sans rapport"
    UNFAIR = "conditions", "Conditions abusives (travail gratuit imposé, pression)"
    OTHER = "autre", "Autre chose"


class ContactRequestQuerySet(models.QuerySet):
    def for_participant(self, user):
        """The requests this user takes part in: sent as employer or received as peer worker.
        Nobody else (coordinators included) ever reads a thread."""
        if getattr(user, "pk", None) is None:
            return self.none()
        return self.filter(Q(employer=user) | Q(profile__user=user))


class ContactRequest(models.Model):
    class Status(models.TextChoices):
        SENT = "envoyee", "Envoyée"
        READ = "lue", "Lue"
        ANSWERED = "repondue", "Répondue"
        ACCEPTED = "acceptee", "Acceptée"
        DECLINED = "declinee", "Déclinée"
        EXPIRED = "expiree", "Expirée"

    # The peer worker has not answered yet: reminders and expiry apply.
    WAITING = (Status.SENT, Status.READ)
    # The peer worker may still accept or decline.
    UNDECIDED = (Status.SENT, Status.READ, Status.ANSWERED)
    # Nobody can write any more.
    CLOSED = (Status.DECLINED, Status.EXPIRED)

    class Place(models.TextChoices):
        COMMUNE = "commune", "Dans une commune"
        REMOTE = "distance", "À distance"

    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_requests_sent",
        verbose_name="employeur",
    )
    profile = models.ForeignKey(
        "directory.PeerProfile",
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name="intervenant·e-pair",
    )
    # The peer worker's region when the request was sent: the coordinators' scope for reports
    # and indicators (a later move does not move past requests).
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, related_name="+", verbose_name="région"
    )
    # The hidden token of the form: a double click posts it twice, the constraint keeps one.
    token = models.UUIDField("jeton du formulaire", default=uuid.uuid4)
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.SENT, db_index=True
    )

    intervention_type = models.CharField(
        "type d'intervention", max_length=40, choices=choices.InterventionType.choices
    )
    description = models.TextField("description de l'intervention", max_length=2000)
    # Blank only for a thread opened from a need, which does not say its sector.
    sector = models.CharField("secteur", max_length=40, choices=choices.Sector.choices, blank=True)
    audiences = ArrayField(
        models.CharField(max_length=40, choices=choices.Audience.choices),
        default=list,
        verbose_name="publics",
    )
    format = models.CharField("format", max_length=20, choices=choices.Format.choices)
    place = models.CharField("lieu", max_length=10, choices=Place.choices)
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    date_start = models.DateField("à partir du", null=True, blank=True)
    date_end = models.DateField("jusqu'au", null=True, blank=True)
    dates_text = models.CharField("dates souhaitées", max_length=200, blank=True)
    # None: « à discuter ».
    budget_amount = models.PositiveIntegerField("budget (euros)", null=True, blank=True)

    # The need this thread answers, when a peer worker opened it from a need (decision 0016).
    need = models.ForeignKey(
        "alerts.Need",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="besoin",
    )
    need_title = models.CharField("objet (besoin)", max_length=120, blank=True)

    # The organisation as it was when the request was sent.
    organisation_name = models.CharField("structure", max_length=200)
    organisation_kind = models.CharField(
        "type de structure", max_length=30, choices=OrganisationType.choices
    )
    organisation_siret = models.CharField("SIRET", max_length=14, blank=True)

    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    # The peer worker's first answer of any kind: from then on, links in the thread are clickable.
    answered_at = models.DateTimeField("première réponse le", null=True, blank=True)
    decided_at = models.DateTimeField("acceptée ou déclinée le", null=True, blank=True)
    expired_at = models.DateTimeField("expirée le", null=True, blank=True)
    last_message_at = models.DateTimeField("dernier message le", default=timezone.now)
    decline_reason = models.CharField(
        "raison du refus", max_length=20, choices=DeclineReason.choices, blank=True
    )
    # Each side's last visit to the thread: what came after is unread.
    employer_seen_at = models.DateTimeField(null=True, blank=True)
    peer_seen_at = models.DateTimeField(null=True, blank=True)
    # The optional follow-up asked to the employer after an accepted request. It feeds only the
    # coordinators' aggregated indicators: never a rating of the peer worker (domain rule 5).
    followup_asked_at = models.DateTimeField("suivi demandé le", null=True, blank=True)
    outcome = models.CharField(
        "l'intervention a-t-elle eu lieu ?",
        max_length=12,
        choices=FollowUpOutcome.choices,
        blank=True,
    )
    outcome_at = models.DateTimeField("réponse au suivi le", null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        db_table = "directory_contactrequest"
        verbose_name = "demande de mise en relation"
        verbose_name_plural = "demandes de mise en relation"
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "token"], name="contact_request_token_once"
            ),
            models.UniqueConstraint(
                fields=["need", "profile"],
                condition=Q(need__isnull=False),
                name="contact_request_need_once",
            ),
            models.CheckConstraint(
                condition=Q(date_start__isnull=True)
                | Q(date_end__isnull=True)
                | Q(date_end__gte=models.F("date_start")),
                name="contact_request_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(place="distance") | Q(commune__isnull=False),
                name="contact_request_place_has_commune",
            ),
        ]
        indexes = [
            models.Index(fields=["employer", "created_at"], name="contact_employer_created_idx"),
            models.Index(fields=["profile", "created_at"], name="contact_profile_created_idx"),
            models.Index(fields=["region", "created_at"], name="contact_region_created_idx"),
            models.Index(
                fields=["created_at"],
                condition=Q(status__in=["envoyee", "lue"]),
                name="contact_waiting_idx",
            ),
        ]

    def __str__(self):
        return f"Demande n° {self.pk} ({self.get_status_display()})"

    def add_message(self, author, kind, body, token, now) -> "ContactMessage":
        """Add a message to this thread; the caller saves `last_message_at` with its other
        changes, in its transaction."""
        message = ContactMessage.objects.create(
            request=self, author=author, kind=kind, body=body, token=token, created_at=now
        )
        self.last_message_at = now
        return message

    @property
    def peer_has_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def is_undecided(self) -> bool:
        return self.status in self.UNDECIDED

    @property
    def audience_labels(self) -> list[str]:
        known = dict(choices.Audience.choices)
        return [known.get(value, value) for value in self.audiences]

    @property
    def peer_name(self) -> str:
        """The peer worker's public name: never an unvalidated edit of the working copy."""
        try:
            return self.profile.published.display_name
        except ObjectDoesNotExist:
            return "l'intervenant·e-pair"

    def role_of(self, user) -> str | None:
        """« employer », « peer » or None: what this user is in the conversation."""
        if getattr(user, "pk", None) is None:
            return None
        if self.employer_id == user.pk:
            return "employer"
        if self.profile.user_id == user.pk:
            return "peer"
        return None


class ContactMessage(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "demande", "Demande"
        MESSAGE = "message", "Message"
        ACCEPT = "acceptation", "Acceptation"
        DECLINE = "refus", "Refus"
        SYSTEM = "systeme", "Information de la plateforme"

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    # None for the platform's own notes in the thread (expiry).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur·rice",
    )
    kind = models.CharField("nature", max_length=12, choices=Kind.choices, default=Kind.MESSAGE)
    # Plain text, escaped when shown: never HTML.
    body = models.TextField("texte", max_length=3000, blank=True)
    token = models.UUIDField("jeton du formulaire", null=True, blank=True)
    created_at = models.DateTimeField("écrit le", default=timezone.now)

    class Meta:
        db_table = "directory_contactmessage"
        verbose_name = "message de mise en relation"
        verbose_name_plural = "messages de mise en relation"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "token"],
                condition=Q(token__isnull=False),
                name="contact_message_token_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.created_at:%d/%m/%Y}"


class ContactReport(models.Model):
    message = models.ForeignKey(ContactMessage, on_delete=models.CASCADE, related_name="reports")
    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="signalé par",
    )
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, related_name="+", verbose_name="région"
    )
    reason = models.CharField("motif", max_length=20, choices=ReportReason.choices)
    details = models.TextField("précisions", max_length=1000, blank=True)
    # What the coordinators read: the reported message as it was, not the whole thread.
    message_text = models.TextField("texte signalé")
    created_at = models.DateTimeField("signalé le", default=timezone.now)

    class Meta:
        db_table = "directory_contactreport"
        verbose_name = "signalement de message"
        verbose_name_plural = "signalements de messages"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="contact_report_once")
        ]

    def __str__(self):
        return f"Signalement du {self.created_at:%d/%m/%Y} ({self.get_reason_display()})"


class ContactBlock(models.Model):
    """A peer worker no longer receives requests (or messages) from this employer."""

    peer_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "directory_contactblock"
        verbose_name = "employeur écarté"
        verbose_name_plural = "employeurs écartés"
        constraints = [
            models.UniqueConstraint(fields=["peer_worker", "employer"], name="contact_block_once")
        ]

    def __str__(self):
        return f"Employeur {self.employer_id} écarté par {self.peer_worker_id}"


class ContactReminder(models.Model):
    class Kind(models.TextChoices):
        REMINDER = "relance", "Relance après 7 jours"
        EXPIRY = "expiration", "Expiration après 30 jours"
        FOLLOW_UP = "suivi", "Question de suivi"

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "directory_contactreminder"
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="contact_reminder_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (demande n° {self.request_id})"
