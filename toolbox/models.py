"""Resources of the toolbox and the cache of their generated files.

Other models of the app live in their own modules (quotes, paths, community) and are imported
here so that Django finds them.
"""

import hashlib

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import Audience, Kind, Status, Theme
from .community_models import Event, ExperienceReport, Training  # noqa: F401
from .path_models import OrientationPath, PathProgress, PathStep  # noqa: F401
from .quote_models import Invoice, NumberCounter, Quote, QuoteLine  # noqa: F401

SEARCH_CONFIG = "french"
# Bumped when the document template changes, so every cached file is rebuilt once.
DOCUMENT_TEMPLATE_VERSION = "1"


def _choices_array(enum, verbose_name):
    return ArrayField(
        models.CharField(max_length=30, choices=enum.choices),
        default=list,
        blank=True,
        verbose_name=verbose_name,
    )


def validate_webvtt(value: str) -> None:
    if value and not value.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValidationError(
            "Les sous-titres doivent être au format WebVTT (commencer par WEBVTT)."
        )
    if value and "-->" not in value:
        raise ValidationError("Les sous-titres ne contiennent aucun repère de temps (« --> »).")


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def search(self, text: str):
        """French full-text search on the stored vector, best match first."""
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title")
        )


class Resource(models.Model):
    title = models.CharField("titre", max_length=160)
    slug = models.SlugField("adresse", max_length=160, unique=True)
    summary = models.CharField(
        "résumé en langage clair", max_length=300, help_text="Une ou deux phrases simples."
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    audiences = _choices_array(Audience, "publics")
    themes = _choices_array(Theme, "thèmes")
    body = models.TextField(
        "contenu (Markdown)", blank=True, max_length=100_000, help_text="Le texte de la page."
    )
    falc_body = models.TextField("version facile à lire (Markdown)", blank=True, max_length=30_000)
    legal_references = models.TextField(
        "références juridiques", blank=True, max_length=2_000, help_text="Une par ligne."
    )
    external_url = models.URLField("lien externe", blank=True)
    # Videos: a local file, its WebVTT captions and a full transcript are all required to publish.
    video_src = models.CharField(
        "fichier vidéo", max_length=300, blank=True, help_text="Chemin local, par exemple /static/…"
    )
    video_poster_alt = models.CharField(
        "description de l'image d'attente", max_length=200, blank=True
    )
    captions_vtt = models.TextField(
        "sous-titres (WebVTT)", blank=True, max_length=200_000, validators=[validate_webvtt]
    )
    transcript = models.TextField("transcription (Markdown)", blank=True, max_length=100_000)
    last_reviewed = models.DateField("dernière relecture", default=timezone.localdate)
    status = models.CharField("état", max_length=20, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config=SEARCH_CONFIG)
            + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="toolbox_resource_search"),
            GinIndex(fields=["audiences"], name="toolbox_resource_audiences"),
            GinIndex(fields=["themes"], name="toolbox_resource_themes"),
            models.Index(fields=["status", "kind"], name="toolbox_resource_status_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("toolbox:resource", args=[self.slug])

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO

    @property
    def has_document(self) -> bool:
        return self.kind not in (Kind.VIDEO, Kind.LINK) and bool(self.body.strip())

    def clean(self):
        if self.status != Status.PUBLISHED:
            return
        if self.is_video:
            missing = [
                label
                for label, value in (
                    ("le fichier vidéo", self.video_src),
                    ("les sous-titres WebVTT", self.captions_vtt),
                    ("la transcription", self.transcript),
                )
                if not value.strip()
            ]
            if missing:
                raise ValidationError(
                    "Une vidéo ne peut pas être publiée sans " + ", ".join(missing) + "."
                )
        if self.kind == Kind.LINK and not self.external_url:
            raise ValidationError({"external_url": "Un lien utile a besoin de son adresse."})

    def source_hash(self) -> str:
        """Fingerprint of everything the generated files show."""
        parts = [
            DOCUMENT_TEMPLATE_VERSION,
            self.title,
            self.summary,
            self.body,
            self.legal_references,
            self.last_reviewed.isoformat(),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    ODT = "odt", "ODT"


class DocumentFile(models.Model):
    """A generated file, cached until its resource's source changes (``source_hash``)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=DocumentFormat.choices)
    source_hash = models.CharField(max_length=64)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    generated_at = models.DateTimeField(auto_now=True)
    download_count = models.PositiveIntegerField("téléchargements", default=0)

    class Meta:
        verbose_name = "fichier généré"
        verbose_name_plural = "fichiers générés"
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "format"], name="toolbox_one_file_per_format"
            )
        ]

    def __str__(self):
        return f"{self.resource} ({self.get_format_display()})"
