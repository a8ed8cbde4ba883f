"""Saved searches (alerts) of employers, needs published by employers, and their matches.

Two-sided matching, one shape on both sides:

- an employer saves a directory search as an `Alert`; when a peer worker's profile becomes
  listed, one SQL statement (`matching.match_profile`) records an `AlertMatch` for every
  alert the profile satisfies, with the same rules as the search;
- an employer publishes a `Need`; one SQL statement records a `NeedMatch` for every listed,
  non-paused peer worker whose zone and intervention types fit it (and again when a peer worker
  becomes listed while needs are open).

Matches are written with `INSERT … SELECT … ON CONFLICT DO NOTHING` on a unique (alert, profile)
or (need, profile) pair, so running the matching twice changes nothing. Mail goes out later, in
grouped `Digest`s built by periodic jobs: a digest row is unique per recipient, kind, frequency
and period, and the matches it carries point at it, so a job that is retried, run twice or killed
half-way never mails anyone twice.

The search criteria are columns, not JSON, so that matching is SQL and uses indexes: the place
(a geography point, GiST-indexed, plus a GiST index on its geometry cast for the "point in the
peer worker's zone" test), the radius, the department of the place, the remote flag, and one
array per filter (empty means "any").
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import Q
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.models import PublishedProfile, choice_array

__all__ = [
    "Alert",
    "AlertFrequency",
    "AlertMatch",
    "Digest",
    "Need",
    "NeedMatch",
    "NeedResponse",
]

# The alert's place radius: the same bounds as the search form (directory/search/filters.py).
ALERT_MIN_RADIUS_KM, ALERT_MAX_RADIUS_KM = 5, 200


class AlertFrequency(models.TextChoices):
    """How often the employer hears about an alert. The values are those of the notification
    registry (epop.notifications.registry.Frequency), so a preference can be compared with them."""

    IMMEDIATE = "immediate", "Dès qu'un profil correspond (quelques minutes après)"
    DAILY = "daily", "Un e-mail par jour au plus"
    WEEKLY = "weekly", "Un e-mail par semaine au plus"


class Alert(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_alerts",
        verbose_name="employeur",
    )
    name = models.CharField("nom de l'alerte", max_length=80)
    frequency = models.CharField(
        "fréquence des e-mails",
        max_length=10,
        choices=AlertFrequency.choices,
        default=AlertFrequency.WEEKLY,
    )
    # False after an unsubscribe link or when the employer switches it off: the saved search
    # stays on the alerts page and can be switched on again.
    active = models.BooleanField("e-mails activés", default=True)
    # The search as the search page understands it (only known parameters, normalised): the
    # "see the results" link and what the summary is built from.
    query = models.TextField("paramètres de la recherche", blank=True)

    # --- the place -------------------------------------------------------------------------
    # The commune searched around (for the summary); null for "around me" or no place.
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    # The commune centre, or the lat/lon of "around me". Null: no place, filters only.
    point = models.PointField("lieu", geography=True, srid=4326, null=True, blank=True)
    radius_km = models.PositiveSmallIntegerField("rayon (km)", null=True, blank=True)
    # The department of the place: peer workers who cover that department match.
    department = models.CharField("département du lieu", max_length=3, blank=True)
    remote = models.BooleanField("à distance accepté", default=False)

    # --- filters (empty = any) ---------------------------------------------------------------
    intervention_types = choice_array(choices.InterventionType, "types d'intervention")
    themes = choice_array(choices.Theme, "thèmes")
    audiences = choice_array(choices.Audience, "publics")
    formats = choice_array(choices.Format, "formats")
    work_modes = choice_array(choices.WorkMode, "façons de travailler")
    languages = choice_array(choices.Language, "langues")
    availabilities = ArrayField(
        models.CharField(max_length=30, choices=choices.Availability.choices),
        default=list,
        blank=True,
        verbose_name="disponibilités",
    )

    created_at = models.DateTimeField("créée le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        db_table = "directory_alert"
        verbose_name = "alerte"
        verbose_name_plural = "alertes"
        ordering = ["-created_at", "-id"]
        indexes = [
            # "Alert point within the alert's radius of the profile's home" (ST_DWithin with a
            # constant 200 km bound) reads the GiST index Django creates on `point`. The reverse
            # test, "alert point inside the profile's zone", needs the geometry cast: that GiST
            # index is created by the migration (an expression index, see 0004_alerts).
            models.Index(
                fields=["id"], name="alert_without_place_idx", condition=Q(point__isnull=True)
            ),
            models.Index(
                fields=["department"], name="alert_department_idx", condition=~Q(department="")
            ),
            models.Index(fields=["id"], name="alert_remote_idx", condition=Q(remote=True)),
            models.Index(fields=["owner", "-created_at"], name="alert_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(radius_km__isnull=True)
                | Q(radius_km__gte=ALERT_MIN_RADIUS_KM, radius_km__lte=ALERT_MAX_RADIUS_KM),
                name="alert_radius_range",
            ),
            # A radius without a place would mean nothing (and would escape the 200 km bound the
            # matching relies on to use the index).
            models.CheckConstraint(
                condition=Q(point__isnull=True) | Q(radius_km__isnull=False),
                name="alert_place_has_radius",
            ),
        ]

    def __str__(self):
        return self.name


class Digest(models.Model):
    """One grouped mail actually queued. The unique constraint is what makes the periodic jobs
    idempotent: a second run for the same recipient, kind, frequency and period inserts nothing
    and therefore sends nothing."""

    class Kind(models.TextChoices):
        ALERTS = "alertes", "Nouveaux profils pour des alertes"
        NEEDS = "besoins", "Nouveaux besoins d'employeurs"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=AlertFrequency.choices)
    # The period the digest covers: "2026-W10", "2026-03-04", or a 5-minute slot for "immediate".
    period_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "directory_digest"
        verbose_name = "résumé envoyé"
        verbose_name_plural = "résumés envoyés"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "frequency", "period_key"], name="digest_once"
            )
        ]


class AlertMatch(models.Model):
    """A profile that satisfied an alert when it became listed. Unsent while `digest` is null.

    A profile can match tens of thousands of alerts in one insert, so every index and database
    constraint here is paid for per row (measured: the deferred foreign-key checks of 24,000
    matches cost 200 to 450 ms at commit). Hence:

    - no database foreign-key constraint: rows are only ever written by the matching statement,
      which selects them from existing alerts and profiles, and Django's `on_delete=CASCADE`
      deletes them with their alert, profile or account (through the alert). A row orphaned by a
      deletion racing a matching run is never mailed: the digest joins the live alert and profile;
    - the unique (alert, profile) index also serves lookups by alert;
    - the employer column is a plain copy of the alert's owner, indexed only while unsent."""

    alert = models.ForeignKey(
        Alert,
        on_delete=models.CASCADE,
        related_name="matches",
        db_index=False,
        db_constraint=False,
    )
    profile = models.ForeignKey(
        PublishedProfile, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # The alert's owner, copied so the digest job reads one index to find who has news.
    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # RESTRICT: a digest is never deleted alone (its matches would look unsent and go out
    # again); deleting the account deletes both.
    digest = models.ForeignKey(
        Digest,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        db_index=False,
        related_name="alert_matches",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "directory_alertmatch"
        verbose_name = "profil trouvé par une alerte"
        verbose_name_plural = "profils trouvés par des alertes"
        constraints = [
            models.UniqueConstraint(fields=["alert", "profile"], name="alert_match_once"),
        ]
        indexes = [
            models.Index(
                fields=["employer"], name="alert_match_unsent_idx", condition=Q(digest__isnull=True)
            ),
            models.Index(
                fields=["digest"], name="alert_match_digest_idx", condition=Q(digest__isnull=False)
            ),
        ]


class NeedQuerySet(models.QuerySet):
    def open(self, today=None):
        """Open and not past: a need closes by its author or after its date, whichever first
        (the daily job also marks past needs closed; this condition holds in between)."""
        today = today or timezone.localdate()
        return self.filter(status=Need.Status.OPEN, date__gte=today)


class Need(models.Model):
    """An intervention an employer is looking for, that matching peer workers hear about."""

    class Status(models.TextChoices):
        OPEN = "ouvert", "Ouvert"
        CLOSED = "ferme", "Fermé"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_needs",
        verbose_name="employeur",
    )
    title = models.CharField("titre", max_length=120)
    intervention_types = choice_array(choices.InterventionType, "types d'intervention")
    themes = choice_array(choices.Theme, "thèmes")
    audiences = choice_array(choices.Audience, "publics")
    description = models.TextField("description", max_length=3000)
    date = models.DateField("date de l'intervention")
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    point = models.PointField(geography=True, srid=4326, null=True, blank=True)
    department = models.CharField(max_length=3, blank=True)
    remote = models.BooleanField("à distance", default=False)
    status = models.CharField(
        "état", max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField("publié le", default=timezone.now)
    closed_at = models.DateTimeField("fermé le", null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        db_table = "directory_need"
        verbose_name = "besoin d'un employeur"
        verbose_name_plural = "besoins des employeurs"
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["author", "-created_at"], name="need_author_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(remote=True) | Q(point__isnull=False), name="need_has_a_place"
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, today=None) -> bool:
        return self.status == self.Status.OPEN and self.date >= (today or timezone.localdate())


class NeedMatch(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches", db_index=False)
    profile = models.ForeignKey(PublishedProfile, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(
        Digest,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        db_index=False,
        related_name="need_matches",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "directory_needmatch"
        constraints = [
            models.UniqueConstraint(fields=["need", "profile"], name="need_match_once"),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], name="need_match_unsent_idx", condition=Q(digest__isnull=True)
            ),
            models.Index(
                fields=["digest"], name="need_match_digest_idx", condition=Q(digest__isnull=False)
            ),
        ]


class NeedResponse(models.Model):
    """A peer worker's answer to a need. The conversation itself belongs to contact requests;
    until those can be opened from a need, the answer is kept here and mailed to the author."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    profile = models.ForeignKey(PublishedProfile, on_delete=models.CASCADE, related_name="+")
    message = models.TextField("message", max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "directory_needresponse"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "profile"], name="need_response_once"),
        ]
