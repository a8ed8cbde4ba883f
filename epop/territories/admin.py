"""Admin for reference geography.

Names, codes, postcodes and centres come from `load_territories` and would be overwritten by the
next load, so they are read-only here. The one thing people decide is where the programme has a
regional team: editable straight from the region list.
"""

from django.contrib import admin
from django.db.models import Count, Q

from epop.core.admin_maps import MapAdminMixin

from .models import Commune, Department, Region
from .text import fold


class ReferenceDataAdmin(admin.ModelAdmin):
    """Rows are created and deleted by the loader only."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "has_regional_team", "regional_team_since", "department_count"]
    list_editable = ["has_regional_team", "regional_team_since"]
    list_filter = ["has_regional_team"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "name"]
    fields = ["code", "name", "has_regional_team", "regional_team_since"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(department_count=Count("departments"))

    @admin.display(description="départements", ordering="department_count")
    def department_count(self, region):
        return region.department_count


@admin.register(Department)
class DepartmentAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["code", "name"]
    ordering = ["code"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commune)
class CommuneAdmin(MapAdminMixin, ReferenceDataAdmin):
    list_display = ["name", "code", "main_postcode", "department", "region", "population"]
    list_filter = ["region", "department"]
    list_select_related = ["department", "region"]
    # The search itself is get_search_results(); declaring fields shows the search box.
    search_fields = ["name"]
    search_help_text = "Nom (sans se soucier des accents), code INSEE ou code postal."
    ordering = ["name"]
    fields = [
        "code",
        "name",
        "department",
        "region",
        "postcodes",
        "population",
        "centre_coordinates",
        "centre_map",
    ]
    readonly_fields = fields
    # Counting 35,000 rows for "x of y" on every search page buys nothing.
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="code postal principal")
    def main_postcode(self, commune):
        return commune.main_postcode

    @admin.display(description="centre (latitude, longitude)")
    def centre_coordinates(self, commune):
        if commune.centre is None:
            return "non publié"
        return f"{commune.centre.y:.5f}, {commune.centre.x:.5f}"

    @admin.display(description="centre sur la carte")
    def centre_map(self, commune):
        return self.map_of(commune, "centre")

    def get_search_results(self, request, queryset, search_term):
        """Accent-insensitive name, exact INSEE code or postcode: what coordinators type."""
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(code=term.upper()) | Q(postcodes__contains=[term])
        key = fold(term)
        if key:
            # Same folded column as the autocomplete, so "evreux" finds Évreux; the trigram index
            # serves LIKE '%…%'.
            matches |= Q(search_name__contains=key)
        return queryset.filter(matches), False
