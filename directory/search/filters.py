"""The directory search: one FilterSet shared by the page, the map data and the API, so that all
three always return the same people in the same order."""

import django_filters
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import (
    BigIntegerField,
    ExpressionWrapper,
    FloatField,
    Func,
    Q,
    Value,
)
from django.db.models.functions import Round

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from directory.profiles.ranking import daily_seed, ranks_are_current, seed_value
from epop.core.filters import YesNoFilter
from epop.territories.models import Commune

__all__ = ["DirectoryFilterSet", "daily_seed"]

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (20, "20 km"), (30, "30 km"), (50, "50 km"),
                  (100, "100 km"), (150, "150 km"), (200, "200 km")]  # fmt: skip
DEFAULT_RADIUS_KM = 30
MIN_RADIUS_KM, MAX_RADIUS_KM = 5, 200


class SeededHash(Func):
    """PostgreSQL's own 64-bit hash of an integer, with a seed: a different shuffle for each
    seed. About as cheap as reading the column, where md5() of a text costs some 2 µs a row
    (150 ms to order the whole directory)."""

    function = "hashint8extended"
    output_field = BigIntegerField()


class FixedChoices(tuple):
    """A filter's choices, fixed in the code. Every request deep-copies the FilterSet's filters
    and its form's fields; these are shared instead of copying some ninety pairs each time."""

    __slots__ = ()

    def __deepcopy__(self, memo):
        return self


class OverlapFilter(django_filters.MultipleChoiceFilter):
    """Matches profiles having at least one of the chosen values (array overlap, GIN index)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__overlap": list(value)})


class DirectoryFilterSet(django_filters.FilterSet):
    commune = django_filters.CharFilter(
        method="filter_noop",
        label="Commune",
        max_length=5,
        help_text="Code INSEE de la commune, par exemple 80021 pour Amiens.",
    )
    lat = django_filters.NumberFilter(
        method="filter_noop", label="Latitude", min_value=-90, max_value=90
    )
    lon = django_filters.NumberFilter(
        method="filter_noop", label="Longitude", min_value=-180, max_value=180
    )
    radius_km = django_filters.NumberFilter(
        method="filter_noop",
        label="Rayon de recherche (km)",
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
    )
    # Strict yes/no (epop.core.filters): `remote=maybe` is an error naming it, not a yes.
    remote = YesNoFilter(
        method="filter_noop",
        label="Inclure les intervenant·es qui travaillent à distance",
    )
    intervention = OverlapFilter(
        field_name="intervention_types",
        choices=FixedChoices(choices.InterventionType.choices),
        label="Types d'intervention",
    )
    theme = OverlapFilter(
        field_name="themes", choices=FixedChoices(choices.Theme.choices), label="Thèmes"
    )
    audience = OverlapFilter(
        field_name="audiences", choices=FixedChoices(choices.Audience.choices), label="Publics"
    )
    format = OverlapFilter(
        field_name="formats", choices=FixedChoices(choices.Format.choices), label="Formats"
    )
    work_mode = OverlapFilter(
        field_name="work_modes",
        choices=FixedChoices(choices.WorkMode.choices),
        label="Façons de travailler",
    )
    language = OverlapFilter(
        field_name="languages", choices=FixedChoices(choices.Language.choices), label="Langues"
    )
    availability = django_filters.MultipleChoiceFilter(
        field_name="availability",
        choices=FixedChoices(
            [
                (choices.Availability.DISPONIBLE, "Disponible"),
                (choices.Availability.LIMITEE, "Disponibilité limitée"),
            ]
        ),
        label="Disponibilité",
    )

    class Meta:
        model = PublishedProfile
        fields = []

    def filter_noop(self, queryset, name, value):
        # Place parameters are combined in filter_queryset: they only make sense together.
        return queryset

    # --- validation -----------------------------------------------------------------------
    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        data = self.form.cleaned_data
        # INSEE codes of Corsica carry letters (2A004): accept them in either case.
        code = data["commune"] = (data.get("commune") or "").upper()
        if code:
            commune = self.commune_with_centre(code)
            if commune is None:
                self.form.add_error(
                    "commune",
                    "Erreur : cette commune est inconnue. "
                    "Choisissez-la dans la liste des suggestions.",
                )
                return False
            self.place_commune = commune
        elif (data.get("lat") is None) != (data.get("lon") is None):
            self.form.add_error(
                "lat" if data.get("lat") is None else "lon",
                "Erreur : indiquez à la fois la latitude et la longitude.",
            )
            return False
        return True

    def commune_with_centre(self, code: str) -> Commune | None:
        return Commune.objects.filter(code=code).exclude(centre__isnull=True).first()

    # --- the search -----------------------------------------------------------------------
    @property
    def place(self) -> Point | None:
        data = self.form.cleaned_data
        if data.get("commune") and not getattr(self, "place_commune", None):
            # `.qs` read without `is_valid()` first: resolve the commune here rather than
            # silently searching all of France.
            self.place_commune = Commune.objects.filter(code=data["commune"]).first()
        if getattr(self, "place_commune", None):
            return self.place_commune.centre
        if data.get("lat") is not None and data.get("lon") is not None:
            return Point(float(data["lon"]), float(data["lat"]), srid=4326)
        return None

    @property
    def search_radius_km(self) -> int:
        return int(self.form.cleaned_data.get("radius_km") or DEFAULT_RADIUS_KM)

    def place_department(self, point: Point) -> str | None:
        commune = getattr(self, "place_commune", None)
        if commune is None:
            # "Around me": the department of the nearest commune centre (KNN on the GiST index).
            commune = (
                Commune.objects.with_centre()
                .annotate(distance=Distance("centre", point))
                .order_by("distance")
                .only("department_id")
                .first()
            )
            self.place_commune_nearest = commune
        return commune.department_id if commune else None

    def stored_rank_is_current(self) -> bool:
        """Whether `daily_rank` holds today's tie-break: a cache lookup, made once, and only by
        the searches that read the column (after `.qs`)."""
        if not hasattr(self, "_stored_rank_is_current"):
            self._stored_rank_is_current = ranks_are_current(self._seed)
        return self._stored_rank_is_current

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        point = self.search_point = self.place
        seed = daily_seed()
        tie_break = SeededHash("profile_id", Value(seed_value(seed)))
        self._seed = seed
        if point is None:
            # The stored rank is the same hash, indexed (decision 0015): an index scan of twenty
            # rows instead of hashing and sorting the whole directory.
            if self.stored_rank_is_current():
                return queryset.order_by("daily_rank")
            return queryset.order_by(tie_break)
        # A peer worker matches a search at P when P is within their travel zone, or in one of
        # their departments, or when they work remotely and the search accepts it; the search
        # radius also matches home communes within that distance.
        radius = D(km=self.search_radius_km)
        matches = Q(home_point__dwithin=(point, radius)) | Q(zone__intersects=point)
        department = self.place_department(point)
        if department:
            matches |= Q(zone_departments__contains=[department])
        if self.form.cleaned_data.get("remote"):
            matches |= Q(remote=True)
        distance_km = ExpressionWrapper(
            Distance("home_point", point) / 1000.0, output_field=FloatField()
        )
        # Whole kilometres, so that people in the same commune or a few hundred metres apart
        # count as equally placed and take turns thanks to the daily tie-break.
        return (
            queryset.filter(matches)
            .annotate(distance_km=distance_km)
            .order_by(Round("distance_km"), tie_break)
        )
