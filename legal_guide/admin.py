from django.contrib import admin
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from . import falc_lint
from .admin_forms import DecisionTreeAdminForm, SituationAdminForm
from .models import DecisionTree, Example, Situation, Source, Theme


class ExampleInline(admin.StackedInline):
    model = Example
    extra = 0


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


class ReviewDueFilter(admin.SimpleListFilter):
    title = "vérification"
    parameter_name = "a_reverifier"

    def lookups(self, request, model_admin):
        return [("oui", "À revérifier")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.due_for_review()
        return queryset


@admin.register(Situation)
class SituationAdmin(SimpleHistoryAdmin):
    form = SituationAdminForm
    inlines = [ExampleInline, SourceInline]
    list_display = ("short_title", "published", "review_state", "falc_status", "verified_on")
    list_filter = (ReviewDueFilter, "falc_status", "published", "themes")
    search_fields = ("title", "short_title", "body")
    prepopulated_fields = {"slug": ("short_title",)}
    readonly_fields = ("falc_warnings",)
    fieldsets = [
        (None, {"fields": ("short_title", "title", "slug", "themes", "order", "published")}),
        ("Contenu", {"fields": ("falc_summary", "body", "next_steps", "to_confirm")}),
        ("Liens", {"fields": ("toolbox_query",)}),
        (
            "Dates",
            {"fields": ("verified_on", "rules_valid_from", "rules_valid_until", "review_due")},
        ),
        (
            "Page facile à lire",
            {
                "fields": (
                    "falc_body",
                    "falc_warnings",
                    "falc_status",
                    "falc_reviewed_by",
                    "falc_reviewed_at",
                )
            },
        ),
    ]

    class Media:
        js = ("js/legal-admin.js",)

    @admin.display(description="vérification")
    def review_state(self, obj):
        return "À revérifier" if obj.needs_review else "À jour"

    @admin.display(description="aide à l'écriture facile à lire")
    def falc_warnings(self, obj):
        found = falc_lint.warnings(f"{obj.falc_summary}\n{obj.falc_body}") if obj.pk else []
        if not found:
            return (
                "Rien à signaler. Seule une relecture par des personnes concernées valide le texte."
            )
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in found))
        )

    def changelist_view(self, request, extra_context=None):
        due = Situation.objects.due_for_review().count()
        if due:
            self.message_user(
                request,
                f"{due} situation(s) ont dépassé leur date de vérification : "
                "filtrez « À revérifier ».",
                level="warning",
            )
        return super().changelist_view(request, extra_context)


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "order")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(DecisionTree)
class DecisionTreeAdmin(SimpleHistoryAdmin):
    form = DecisionTreeAdminForm
    list_display = ("name", "active", "updated_at")
    readonly_fields = ("help_text",)
    fields = ("name", "active", "help_text", "source")

    @admin.display(description="comment écrire l'arbre")
    def help_text(self, obj):
        return format_html(
            "<p>{}</p>",
            "Une question par entrée de « questions », avec « cle », « texte », « aide » et "
            "« reponses ». Chaque réponse a « cle », « libelle », « pictogramme », « situations » "
            "et « suite » ; une réponse par question porte « ne_sait_pas: oui ». L'arbre est "
            "vérifié à l'enregistrement : pas de boucle, pas d'impasse, toutes les situations "
            "publiées atteignables.",
        )
