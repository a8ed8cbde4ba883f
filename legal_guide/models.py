"""The legal guide's content: themes, situations (with their easy-to-read page), examples and
sources, and the decision tree stored as validated data (``tree.py`` holds its rules)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .pictograms import PICTOGRAM_CHOICES


class Theme(models.Model):
    slug = models.SlugField("adresse", max_length=60, unique=True)
    title = models.CharField("titre", max_length=120)
    description = models.CharField("description en une phrase", max_length=300)
    pictogram = models.CharField("pictogramme", max_length=40, choices=PICTOGRAM_CHOICES)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "thème"
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


# Addresses of the guide's own pages, which a situation's slug must not take.
RESERVED_SLUGS = {"orientation", "simulateur", "facile-a-lire"}


class SituationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def due_for_review(self, today=None):
        return self.filter(review_due__lte=today or timezone.localdate())


class Situation(models.Model):
    class FalcStatus(models.TextChoices):
        DRAFT = "brouillon", "Brouillon"
        REVIEWED = "relu", "Relu par des personnes concernées"
        PUBLISHED = "publie", "Relu et publié avec le logo"

    slug = models.SlugField("adresse", max_length=80, unique=True)
    title = models.CharField("question, comme la personne la dit", max_length=200)
    short_title = models.CharField("titre court", max_length=100)
    themes = models.ManyToManyField(Theme, related_name="situations", verbose_name="thèmes")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    published = models.BooleanField("publiée", default=True)

    falc_summary = models.TextField(
        "« En bref, facile à lire »",
        max_length=1200,
        help_text="Quelques phrases courtes, une par ligne.",
    )
    body = models.TextField("explication (Markdown)", max_length=20000)
    next_steps = models.TextField("que faire maintenant (Markdown)", max_length=5000)
    to_confirm = models.TextField(
        "chiffres à confirmer",
        max_length=2000,
        blank=True,
        help_text="Les montants ou règles marqués « À VÉRIFIER » dans la base de faits, "
        "un par ligne.",
    )
    toolbox_query = models.CharField("recherche dans la boîte à outils", max_length=100, blank=True)

    verified_on = models.DateField("vérifié le")
    rules_valid_from = models.DateField("règles valables à partir du")
    rules_valid_until = models.DateField("règles valables jusqu'au", null=True, blank=True)
    review_due = models.DateField("à revérifier le")

    falc_body = models.TextField("page facile à lire (Markdown)", max_length=10000)
    falc_status = models.CharField(
        "relecture facile à lire",
        max_length=12,
        choices=FalcStatus.choices,
        default=FalcStatus.DRAFT,
    )
    falc_reviewed_by = models.CharField(
        "relu par", max_length=300, blank=True, help_text="Les noms des relecteurs et relectrices."
    )
    falc_reviewed_at = models.DateField("relu le", null=True, blank=True)

    history = HistoricalRecords()
    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = "situation"
        ordering = ["order", "short_title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(falc_status="brouillon")
                | (~models.Q(falc_reviewed_by="") & models.Q(falc_reviewed_at__isnull=False)),
                name="legal_situation_falc_review_recorded",
                violation_error_message=("Une page relue doit indiquer qui l'a relue et quand."),
            ),
            models.CheckConstraint(
                condition=models.Q(rules_valid_until__isnull=True)
                | models.Q(rules_valid_until__gte=models.F("rules_valid_from")),
                name="legal_situation_validity_ordered",
                violation_error_message="La fin de validité précède son début.",
            ),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("legal_guide:situation", args=[self.slug])

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "Cette adresse est réservée à une page du guide."})

    def get_falc_url(self):
        return reverse("legal_guide:situation_falc", args=[self.slug])

    @property
    def needs_review(self) -> bool:
        return self.review_due <= timezone.localdate()

    @property
    def falc_reviewed(self) -> bool:
        """The easy-to-read logo shows only once people with intellectual disabilities
        reviewed the page, and who they are is recorded."""
        return (
            self.falc_status != self.FalcStatus.DRAFT
            and bool(self.falc_reviewed_by)
            and self.falc_reviewed_at is not None
        )

    def summary_lines(self) -> list[str]:
        return [line.strip() for line in self.falc_summary.splitlines() if line.strip()]

    def to_confirm_lines(self) -> list[str]:
        return [line.strip() for line in self.to_confirm.splitlines() if line.strip()]


class Example(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="examples")
    title = models.CharField("titre", max_length=150)
    text = models.TextField("exemple (Markdown)", max_length=3000)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "exemple chiffré"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Source(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField("titre", max_length=200)
    publisher = models.CharField("éditeur", max_length=100)
    url = models.URLField("adresse", max_length=500)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "source officielle"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class DecisionTree(models.Model):
    """The orientation questions, as a YAML text edited by coordinators and validated on save
    (``tree.py``); ``data`` keeps the validated structure the pages read."""

    name = models.CharField("nom", max_length=100)
    active = models.BooleanField("en service", default=True)
    source = models.TextField("questions et réponses (YAML)", max_length=50000)
    data = models.JSONField("structure validée", default=dict, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "arbre de décision"
        verbose_name_plural = "arbres de décision"
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="legal_one_active_tree",
                violation_error_message="Un seul arbre peut être en service.",
            )
        ]

    def __str__(self):
        return self.name
