"""Peer-worker profiles.

Two records per peer worker, on purpose:

- `PeerProfile` is the working copy the peer worker edits step by step. Public code never reads it.
- `PublishedProfile` is the last version a coordinator validated, with the columns search needs
  (home point, travel zone, department). Every public surface (pages, map, API, sitemaps) reads
  only `PublishedProfile.objects.listed()`, so an unvalidated edit can never leak, and the
  validated version stays public while a significant edit waits for validation.

Both share their content fields through `ProfileContent`, which also defines the diff that
coordinators see.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone

from . import choices

# A profile must be confirmed every 6 months; after 9 it leaves the public directory.
CONFIRM_EVERY = timedelta(days=183)
STALE_AFTER = timedelta(days=274)
MAX_TRAVEL_RADIUS_KM = 200


def choice_array(choice_class, verbose_name):
    return ArrayField(
        models.CharField(max_length=40, choices=choice_class.choices),
        default=list,
        blank=True,
        verbose_name=verbose_name,
    )


def photo_path(instance, filename):
    # Random names: a new photo never overwrites the one the published version still shows.
    return f"profils/{uuid.uuid4().hex}.jpg"


class ProfileContent(models.Model):
    """Everything a peer worker writes about themselves. Only `display_name`, `pitch` and the
    home commune are needed to submit; nothing about disability is ever required."""

    display_name = models.CharField("nom affiché", max_length=60)
    photo = models.ImageField("photo", upload_to=photo_path, blank=True)
    pitch = models.TextField("présentation courte", max_length=600)
    job_title = models.CharField("intitulé exact de votre activité", max_length=120, blank=True)
    peer_roles = choice_array(choices.PeerRole, "rôles")
    approaches = choice_array(choices.Approach, "approches")
    experience_statement = models.TextField("expérience vécue", max_length=3000, blank=True)
    experience_visibility = models.CharField(
        "qui peut lire votre expérience vécue",
        max_length=20,
        choices=choices.Visibility.choices,
        default=choices.Visibility.COORDINATORS,
    )
    themes = choice_array(choices.Theme, "thèmes d'expérience")
    intervention_types = choice_array(choices.InterventionType, "types d'intervention")
    audiences = choice_array(choices.Audience, "publics")
    sectors = choice_array(choices.Sector, "secteurs")
    formats = choice_array(choices.Format, "formats")
    work_modes = choice_array(choices.WorkMode, "façons de travailler")
    languages = choice_array(choices.Language, "langues")
    communication = choice_array(choices.Communication, "communication adaptée")
    training = models.CharField(
        "formation d'intervenant·e-pair",
        max_length=20,
        choices=choices.Training.choices,
        blank=True,
    )
    other_trainings = models.TextField("autres formations", max_length=1500, blank=True)
    rate_kind = models.CharField(
        "conditions", max_length=20, choices=choices.RateKind.choices, default="sur_devis"
    )
    rate_details = models.CharField("précisions sur le tarif", max_length=200, blank=True)
    home_commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="commune de résidence",
    )
    travel_radius_km = models.PositiveSmallIntegerField(
        "distance de déplacement (km)",
        default=30,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_TRAVEL_RADIUS_KM)],
    )
    zone_departments = ArrayField(
        models.CharField(max_length=3), default=list, blank=True, verbose_name="départements"
    )
    remote = models.BooleanField("j'interviens aussi à distance, partout en France", default=False)

    # Fields whose change needs a new validation; availability is the minor, immediate part.
    SIGNIFICANT_FIELDS = (
        "display_name", "photo", "pitch", "job_title", "peer_roles", "approaches",
        "experience_statement", "experience_visibility", "themes", "intervention_types",
        "audiences", "sectors", "formats", "work_modes", "languages", "communication",
        "training", "other_trainings", "rate_kind", "rate_details", "home_commune",
        "travel_radius_km", "zone_departments", "remote",
    )  # fmt: skip

    class Meta:
        abstract = True

    def content_values(self) -> dict:
        values = {}
        for name in self.SIGNIFICANT_FIELDS:
            field = self._meta.get_field(name)
            values[name] = getattr(self, field.attname)
        values["photo"] = self.photo.name if self.photo else ""
        return values


class AvailabilityFields(models.Model):
    availability = models.CharField(
        "disponibilité",
        max_length=30,
        choices=choices.Availability.choices,
        default=choices.Availability.DISPONIBLE,
    )
    paused_until = models.DateField("en pause jusqu'au", null=True, blank=True)
    pause_display = models.CharField(
        "pendant la pause",
        max_length=10,
        choices=choices.PauseDisplay.choices,
        default=choices.PauseDisplay.HIDE,
    )

    AVAILABILITY_FIELDS = ("availability", "paused_until", "pause_display")

    class Meta:
        abstract = True

    def is_paused(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.availability == choices.Availability.EN_PAUSE and (
            self.paused_until is None or self.paused_until >= today
        )


class PeerProfile(ProfileContent, AvailabilityFields):
    class Status(models.TextChoices):
        DRAFT = "brouillon", "Brouillon"
        SUBMITTED = "soumis", "En attente de validation"
        CHANGES_REQUESTED = "modifications_demandees", "Modifications demandées"
        VALIDATED = "valide", "Validé"
        REFUSED = "refuse", "Refusé"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_profile"
    )
    status = models.CharField(
        "état", max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    display_name = models.CharField("nom affiché", max_length=60, blank=True)
    pitch = models.TextField("présentation courte", max_length=600, blank=True)
    # Recruitment path, recorded by coordinators (domain.md §1.5): the date and outcome of the
    # first exchange, never what was said about the person's health.
    first_exchange_on = models.DateField("date du premier échange", null=True, blank=True)
    first_exchange_notes = models.TextField(
        "notes de la coordination (jamais publiques)", max_length=3000, blank=True
    )
    training_status = models.CharField(
        "formation (constatée par la coordination)",
        max_length=20,
        choices=choices.Training.choices,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField("soumis le", null=True, blank=True)
    confirmed_at = models.DateTimeField("confirmé à jour le", null=True, blank=True)

    class Meta:
        verbose_name = "profil d'intervenant·e-pair"
        verbose_name_plural = "profils d'intervenant·es-pairs"
        indexes = [models.Index(fields=["status", "submitted_at"], name="profile_queue_idx")]

    def __str__(self):
        return self.display_name or self.user.email

    @property
    def region_id(self):
        return self.home_commune.region_id if self.home_commune_id else None

    def confirmation_due_at(self):
        return self.confirmed_at + CONFIRM_EVERY if self.confirmed_at else None


class PublishedProfileQuerySet(models.QuerySet):
    def of_user(self, user):
        """The public record of this person's profile (at most one)."""
        return self.filter(profile__user=user)

    def listed(self, now=None):
        """What the public may see: validated, confirmed within 9 months, not hidden by a pause,
        account active. The one definition every public surface uses."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        hidden_pause = Q(
            availability=choices.Availability.EN_PAUSE,
            pause_display=choices.PauseDisplay.HIDE,
        ) & (Q(paused_until__isnull=True) | Q(paused_until__gte=today))
        return self.filter(confirmed_at__gte=now - STALE_AFTER, user_active=True).exclude(
            hidden_pause
        )


class PublishedProfile(ProfileContent, AvailabilityFields):
    """The last validated version, denormalised for search."""

    profile = models.OneToOneField(
        PeerProfile, on_delete=models.CASCADE, primary_key=True, related_name="published"
    )
    home_commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="commune de résidence",
    )
    # The commune centre, never more precise. Geography: distances in metres on the spheroid.
    home_point = models.PointField(geography=True, srid=4326)
    # The travel zone as a polygon (a circle of travel_radius_km around the home point), so that
    # "is the search point inside this person's zone" is an indexed point-in-polygon test.
    zone = models.PolygonField(srid=4326, null=True)
    department = models.CharField(max_length=3)
    region = models.CharField(max_length=3)
    validated_at = models.DateTimeField()
    confirmed_at = models.DateTimeField()
    # Copied from the account so the listing needs no join; kept in sync by the services.
    user_active = models.BooleanField(default=True)
    # Today's tie-break, hashint8extended(profile_id, daily seed), kept so that the landing page
    # reads an index instead of hashing and sorting every row (ranking.py, decision 0015).
    daily_rank = models.BigIntegerField(null=True, editable=False)

    objects = PublishedProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "profil publié"
        verbose_name_plural = "profils publiés"
        indexes = [
            # No index on confirmed_at: nearly every published profile is confirmed within nine
            # months, and the planner reading such an index halved search speed (decision 0007).
            GinIndex(fields=["zone_departments"], name="published_zone_dep_gin"),
            GinIndex(fields=["intervention_types"], name="published_interventions_gin"),
            GinIndex(fields=["themes"], name="published_themes_gin"),
            GinIndex(fields=["audiences"], name="published_audiences_gin"),
            GinIndex(fields=["formats"], name="published_formats_gin"),
            GinIndex(fields=["work_modes"], name="published_work_modes_gin"),
            GinIndex(fields=["languages"], name="published_languages_gin"),
            models.Index(fields=["remote"], name="published_remote_idx", condition=Q(remote=True)),
            models.Index(fields=["daily_rank"], name="published_daily_rank_idx"),
            # A commune's people in today's order: the first of each commune around a dense
            # place, without reading everyone tied at its centre (decision 0015).
            models.Index(fields=["home_commune", "daily_rank"], name="published_commune_rank_idx"),
        ]

    def __str__(self):
        return self.display_name


class ProfileEvent(models.Model):
    """Every transition of a profile: who, when, from, to, and the message (history)."""

    profile = models.ForeignKey(PeerProfile, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=30, choices=PeerProfile.Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=PeerProfile.Status.choices, blank=True)
    action = models.CharField(max_length=40)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "événement du profil"


class CharterVersion(models.Model):
    """The EPoP charter, versioned; a new version asks every peer worker to accept it again."""

    number = models.PositiveIntegerField("version", unique=True)
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte")
    falc_summary = models.TextField("résumé facile à lire", blank=True)
    published_at = models.DateTimeField("publiée le", default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = "version de la charte"
        verbose_name_plural = "versions de la charte"

    def __str__(self):
        return f"{self.title} (version {self.number})"

    @classmethod
    def current(cls):
        return cls.objects.filter(published_at__lte=timezone.now()).order_by("-number").first()


class CharterAcceptance(models.Model):
    """Immutable consent record: who accepted which version, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="charter_acceptances"
    )
    version = models.ForeignKey(CharterVersion, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="charter_accepted_once")
        ]
        verbose_name = "acceptation de la charte"
        verbose_name_plural = "acceptations de la charte"
