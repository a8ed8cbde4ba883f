"""The forum in the admin: moderation metadata only, never a post's body (domain rule 6).

National coordinators give or take the peer moderator role here; everything else about posts is
done by peer moderators in the forum itself."""

from django.contrib import admin, messages
from django.utils import timezone

from epop.accounts.permissions import can_access_forum, is_national_coordinator

from .models import Category, ForumMember, ModerationAction, Report


def _national(request) -> bool:
    return request.user.is_superuser or is_national_coordinator(request.user)


@admin.register(ForumMember)
class ForumMemberAdmin(admin.ModelAdmin):
    list_display = (
        "handle",
        "is_moderator",
        "suspended_until",
        "charter_accepted_at",
        "created_at",
    )
    list_filter = ("is_moderator",)
    search_fields = ("handle",)
    fields = (
        "handle",
        "is_moderator",
        "moderator_since",
        "suspended_until",
        "charter_version",
        "charter_accepted_at",
        "created_at",
    )
    readonly_fields = tuple(name for name in fields if name != "is_moderator")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return _national(request)

    def has_view_permission(self, request, obj=None):
        return _national(request)

    def save_model(self, request, obj, form, change):
        if obj.is_moderator and not can_access_forum(obj.user):
            obj.is_moderator = False
            messages.error(
                request,
                "Cette personne n'a pas accès au forum (profil non validé, refusé ou compte "
                "désactivé) : elle ne peut pas être modératrice.",
            )
        if "is_moderator" in form.changed_data and obj.is_moderator:
            obj.moderator_since = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "position")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return _national(request)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """How many reports, why, and whether peer moderators handled them: never the post or the
    reporter's words."""

    list_display = ("id", "post_id", "reason", "status", "created_at", "handled_at")
    list_filter = ("status", "reason")
    fields = ("post_id", "reason", "status", "created_at", "handled_at")
    readonly_fields = fields


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "topic_id", "post_id")
    list_filter = ("action",)
    fields = ("created_at", "action", "topic_id", "post_id", "details")
    readonly_fields = fields
