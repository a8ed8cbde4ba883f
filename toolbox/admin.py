"""Editing screens for national coordinators: Markdown with a live preview, history kept by
django-simple-history, download counts, and the review of experience reports."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Sum
from django.urls import reverse_lazy
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .choices import Audience, Theme
from .community_models import Event, ExperienceReport, ReportStatus, Training
from .models import DocumentFile, Resource
from .path_models import OrientationPath, PathStep

PREVIEW_URL = reverse_lazy("core:markdown_preview")


class MarkdownTextarea(forms.Textarea):
    """A textarea that toolbox-admin.js follows with a live, sanitised preview."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 14, **(attrs or {})})

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "data-markdown-preview": str(PREVIEW_URL)}
        return super().get_context(name, value, attrs)

    class Media:
        js = ["js/toolbox-admin.js"]
        css = {"all": ["css/toolbox-admin.css"]}


def _markdown_widgets(*names):
    return {name: MarkdownTextarea() for name in names}


class ResourceForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label="Publics", choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label="Thèmes", choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Resource
        fields = [
            "title", "slug", "summary", "kind", "audiences", "themes", "status", "body",
            "falc_body", "legal_references", "last_reviewed", "external_url", "video_src",
            "video_poster_alt", "captions_vtt", "transcript",
        ]  # fmt: skip
        widgets = _markdown_widgets("body", "falc_body", "transcript")


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    fields = ["format", "size", "generated_at", "download_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Fichiers générés et téléchargements"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    form = ResourceForm
    list_display = ["title", "kind", "status", "last_reviewed", "downloads"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DocumentFileInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "kind", "audiences", "themes", "status"]}),
        ("Contenu", {"fields": ["body", "falc_body", "legal_references", "last_reviewed"]}),
        ("Lien", {"fields": ["external_url"]}),
        ("Vidéo", {"fields": ["video_src", "video_poster_alt", "captions_vtt", "transcript"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_downloads=Sum("files__download_count"))

    @admin.display(description="téléchargements", ordering="total_downloads")
    def downloads(self, obj):
        return obj.total_downloads or 0


class PathStepInline(admin.StackedInline):
    model = PathStep
    extra = 0
    fields = ["position", "title", "body", "checklist", "resources"]
    filter_horizontal = ["resources"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownTextarea()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(OrientationPath)
class OrientationPathAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug"]
    inlines = [PathStepInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "intro":
            kwargs["widget"] = MarkdownTextarea()
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ExperienceReport)
class ExperienceReportAdmin(admin.ModelAdmin):
    """Coordinators read each report before publication and check that nobody supported is
    named or recognisable. The author can withdraw it at any time from the site."""

    list_display = ["title", "author", "status", "created_at", "consent_at"]
    list_filter = ["status", "sector", "intervention_type"]
    readonly_fields = ["author", "consent_at", "reviewed_by", "reviewed_at", "created_at"]
    actions = ["publish", "send_back"]

    def get_queryset(self, request):
        # A withdrawn report is no longer ours to read.
        return super().get_queryset(request).exclude(status=ReportStatus.WITHDRAWN)

    @admin.action(description="Publier (relu : personne n'est nommé ni reconnaissable)")
    def publish(self, request, queryset):
        count = queryset.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.REJECTED]).update(
            status=ReportStatus.PUBLISHED, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        messages.success(request, f"{count} retour(s) publié(s).")

    @admin.action(description="Renvoyer à l'auteur·e pour correction")
    def send_back(self, request, queryset):
        count = queryset.exclude(status=ReportStatus.WITHDRAWN).update(
            status=ReportStatus.REJECTED, reviewed_by=request.user, reviewed_at=timezone.now()
        )
        messages.success(request, f"{count} retour(s) renvoyé(s).")


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "provider", "region", "remote", "starts_on"]
    list_filter = ["is_foundation", "remote", "region"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "region", "published"]
    list_filter = ["published", "region"]
    prepopulated_fields = {"slug": ["title"]}
