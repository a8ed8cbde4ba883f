"""Employers' needs in the admin: what, when, where and how many answers, read only (issue 13).
The answers' texts stay between the peer worker and the employer."""

from django.contrib import admin
from django.db.models import Count

from .models import Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "date", "commune", "remote", "answers", "created_at")
    list_filter = ("status", "remote")
    search_fields = ("title", "author__email", "author__organisation__name")
    date_hierarchy = "date"
    fields = (
        "title",
        "author",
        "status",
        "intervention_types",
        "audiences",
        "themes",
        "date",
        "commune",
        "remote",
        "created_at",
        "closed_at",
    )
    readonly_fields = fields
    list_select_related = ("commune",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_count=Count("responses"))

    @admin.display(description="réponses", ordering="answer_count")
    def answers(self, need):
        return need.answer_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
