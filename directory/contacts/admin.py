"""Contact requests in the admin: metadata only (issue 13).

Coordinators never read threads (domain.md §4): no message, no description, no dates or budget
here, and nothing can be added, changed or deleted. A regional coordinator sees the requests of
their regions only; the national team and superusers see all.
"""

from django.contrib import admin

from epop.accounts.permissions import coordinated_regions_q

from .models import ContactRequest

METADATA = (
    "id",
    "status",
    "region",
    "organisation_name",
    "organisation_kind",
    "intervention_type",
    "place",
    "need_title",
    "created_at",
    "read_at",
    "answered_at",
    "decided_at",
    "expired_at",
    "last_message_at",
    "decline_reason",
    "outcome",
)


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "status",
        "region",
        "organisation_name",
        "intervention_type",
        "created_at",
        "last_message_at",
    )
    list_filter = ("status", "region", "organisation_kind", "intervention_type")
    date_hierarchy = "created_at"
    fields = METADATA
    readonly_fields = METADATA
    list_select_related = ("region",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("region")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(coordinated_regions_q(request.user, "region"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
