"""Experience reports by peer workers, the training catalogue, and news and events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .choices import InterventionType, Sector


class ReportStatus(models.TextChoices):
    SUBMITTED = "soumis", "En attente de relecture"
    PUBLISHED = "publie", "Publié"
    REJECTED = "refuse", "À reprendre"
    WITHDRAWN = "retire", "Retiré par son auteur·e"


class ExperienceReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)


class ExperienceReport(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experience_reports"
    )
    title = models.CharField("titre", max_length=120)
    sector = models.CharField("secteur", max_length=40, choices=Sector.choices)
    intervention_type = models.CharField(
        "type d'intervention", max_length=40, choices=InterventionType.choices
    )
    context = models.TextField("le contexte", max_length=2_000)
    actions = models.TextField("ce que j'ai fait", max_length=2_000)
    worked = models.TextField("ce qui a marché", max_length=2_000)
    would_change = models.TextField("ce que je changerais", max_length=2_000)
    show_on_profile = models.BooleanField("afficher ce retour sur mon profil public", default=False)
    consent_at = models.DateTimeField("consentement donné le")
    status = models.CharField(
        "état", max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="relu par",
    )
    reviewed_at = models.DateTimeField("relu le", null=True, blank=True)
    review_note = models.TextField("message de relecture", blank=True, max_length=1_000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExperienceReportQuerySet.as_manager()

    class Meta:
        verbose_name = "retour d'expérience"
        verbose_name_plural = "retours d'expérience"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="publie") | Q(reviewed_by__isnull=False),
                name="toolbox_report_published_after_review",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolbox:report", args=[self.pk])


class Training(models.Model):
    title = models.CharField("intitulé", max_length=150)
    is_foundation = models.BooleanField("formation socle EPoP", default=False)
    provider = models.CharField("organisme", max_length=150)
    description = models.TextField("description (Markdown)", max_length=5_000)
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="région",
        help_text="Vide si la formation a lieu à distance.",
    )
    remote = models.BooleanField("à distance", default=False)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    cost = models.CharField("coût", max_length=150)
    accessibility = models.TextField("aménagements d'accessibilité", max_length=2_000)
    registration_url = models.URLField("lien d'inscription")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "formation"
        ordering = ["starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="toolbox_training_dates"
            )
        ]

    def __str__(self):
        return self.title


class Event(models.Model):
    title = models.CharField("titre", max_length=150)
    slug = models.SlugField("adresse", max_length=150, unique=True)
    summary = models.CharField("résumé", max_length=300)
    body = models.TextField("présentation (Markdown)", max_length=10_000, blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=200)
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="région",
        help_text="Vide pour un événement national.",
    )
    registration_url = models.URLField("lien d'inscription", blank=True)
    published = models.BooleanField("publié", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "événement"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="toolbox_event_dates"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolbox:event", args=[self.slug])
