"""Admin for national coordinators: profiles (read-mostly; the workflow lives in the
coordination dashboard), their history, and the charter versions."""

from django.contrib import admin

from epop.core.admin_maps import MapAdminMixin

from .models import CharterAcceptance, CharterVersion, PeerProfile, ProfileEvent, PublishedProfile


class ProfileEventInline(admin.TabularInline):
    model = ProfileEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "action", "from_status", "to_status", "message")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PeerProfile)
class PeerProfileAdmin(admin.ModelAdmin):
    list_display = (
        "display_name",
        "user",
        "status",
        "home_commune",
        "submitted_at",
        "confirmed_at",
    )
    list_filter = ("status", "home_commune__region", "availability")
    search_fields = ("display_name", "user__email", "home_commune__name")
    list_select_related = ("user", "home_commune")
    raw_id_fields = ("user", "home_commune")
    readonly_fields = ("status", "submitted_at", "confirmed_at", "created_at", "updated_at")
    inlines = [ProfileEventInline]

    def get_exclude(self, request, obj=None):
        # The first-exchange notes are read by the team that follows the person, on the
        # coordination pages (their scope applies there); the admin shows them to superusers
        # only (issue 7, item 7; docs/decisions/0010).
        exclude = list(super().get_exclude(request, obj) or ())
        if not request.user.is_superuser:
            exclude.append("first_exchange_notes")
        return exclude


@admin.register(PublishedProfile)
class PublishedProfileAdmin(MapAdminMixin, admin.ModelAdmin):
    list_display = ("display_name", "home_commune", "region", "validated_at", "confirmed_at")
    list_filter = ("region", "availability")
    search_fields = ("display_name", "home_commune__name")
    list_select_related = ("home_commune",)
    exclude = ("zone", "home_point")
    raw_id_fields = ("profile", "home_commune")
    # Computed at validation (the commune's centre, a circle of the travel radius): shown, never
    # edited here.
    readonly_fields = ("home_point_map", "zone_map")

    @admin.display(description="point de résidence (centre de la commune)")
    def home_point_map(self, published):
        return self.map_of(published, "home_point")

    @admin.display(description="zone d'intervention")
    def zone_map(self, published):
        return self.map_of(published, "zone")

    def has_add_permission(self, request):
        # Only validation publishes a profile; the admin can correct or remove one.
        return False


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "published_at")
    ordering = ("-number",)


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(admin.ModelAdmin):
    list_display = ("user", "version", "accepted_at")
    list_select_related = ("user", "version")
    search_fields = ("user__email",)
    readonly_fields = ("user", "version", "accepted_at")

    def has_add_permission(self, request):
        return False  # consent records are written by the peer worker's own action only

    def has_change_permission(self, request, obj=None):
        return False
