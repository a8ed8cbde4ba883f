"""The directory search as the page presents it.

`SearchFilterSet` is `DirectoryFilterSet` (the one search shared by the page, the map data and the
API) plus what a person types: a place as text (`lieu`). Matching and ordering are inherited, never
redefined here; this module only turns the visitor's input into the FilterSet's parameters and
words its messages for people.

The place, in order of precedence:

1. `lieu` filled in and consistent with `commune` (the autocomplete picked it, or a link carried
   both): the commune code is used as is;
2. `lieu` filled in otherwise (typed without JavaScript, or changed after a choice): the server
   resolves it like the autocomplete would. One commune with exactly that name, code, postcode
   or label → that commune; several → a list to choose from (`place_choices`), no results yet;
   none → an error on the field;
3. `lieu` empty: `lat`/`lon` (« Autour de moi ») if given; a `commune` code alone only when the
   query has no `lieu` at all (a link such as `?commune=80021`); a `lieu` emptied by the person
   means the whole of France, even if the form still carried the previous code.
"""

import django_filters
from django import forms
from django.http import QueryDict

from epop.territories.models import Commune
from epop.territories.resolve import matches_exactly
from epop.territories.search import (
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    commune_by_code,
    search_communes,
)

from . import filters

# The overlap filters, shown as groups of checkboxes; long groups are folded in <details>.
CHECKBOX_GROUPS = ("intervention", "theme", "audience", "format", "work_mode", "language",
                   "availability")  # fmt: skip
FOLDED_GROUPS = frozenset({"intervention", "theme", "audience", "work_mode", "language"})
# The parameters that say where: the typed place, the chosen commune, « Autour de moi ».
PLACE_PARAMETERS = ("lieu", "commune", "lat", "lon")


def commune_label(commune: Commune) -> str:
    """What the place field shows once a commune is chosen: « Amiens (80000) »."""
    return commune.label


class SearchFilterSet(filters.DirectoryFilterSet):
    lieu = django_filters.CharFilter(
        method="filter_noop",
        label="Commune ou code postal",
        max_length=MAX_QUERY_LENGTH,
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        self.place_choices: list[Commune] = []
        self.resolved_commune: Commune | None = None
        self.lieu_error = ""
        self.lieu_query = ""
        self._resolve_place(data)
        if not data.get("radius_km"):
            data["radius_km"] = str(filters.DEFAULT_RADIUS_KM)
        super().__init__(data, *args, **kwargs)
        self._present_fields()

    # --- the place typed as text ----------------------------------------------------------
    def _resolve_place(self, data: QueryDict) -> None:
        lieu = (data.get("lieu") or "").strip()
        code = (data.get("commune") or "").strip()
        if not lieu:
            if "lieu" in data:
                # The person emptied the field: a code left in the form is not their choice.
                data.pop("commune", None)
            elif code:
                commune = self.resolved_commune = commune_by_code(code)
                if commune is not None:
                    data["lieu"] = commune_label(commune)
            return
        # A place typed as text wins over « Autour de moi ».
        data.pop("lat", None)
        data.pop("lon", None)
        if len(lieu) > MAX_QUERY_LENGTH:
            return  # the field's own max_length error reports it
        if code:
            commune = commune_by_code(code)
            if commune is not None and matches_exactly(commune, lieu):
                self.resolved_commune = commune
                return
            data.pop("commune", None)
        self.lieu_query = lieu
        candidates = search_communes(lieu, MAX_LIMIT)
        exact = [commune for commune in candidates if matches_exactly(commune, lieu)]
        if len(exact) == 1:
            self.resolved_commune = exact[0]
            data["commune"] = exact[0].code
            data["lieu"] = commune_label(exact[0])
        elif exact:
            self.place_choices = exact
        elif candidates:
            self.place_choices = candidates
        else:
            self.lieu_error = (
                f"Erreur : aucune commune ne correspond à « {lieu} ». Vérifiez l'orthographe, "
                "ou tapez le code postal, par exemple 80000."
            )

    # --- validation -----------------------------------------------------------------------
    def commune_with_centre(self, code: str) -> Commune | None:
        # The place was already read while resolving `lieu`: no second query for it.
        commune = self.resolved_commune
        if commune is not None and commune.code == code:
            return commune if commune.centre is not None else None
        return super().commune_with_centre(code)

    def is_valid(self):
        if hasattr(self, "_valid"):
            return self._valid
        valid = super().is_valid()
        errors = self.form.errors
        # The hidden place fields have no label on screen: their messages go to the place field.
        for name in ("commune", "lat", "lon"):
            for message in errors.pop(name, []):
                if message not in errors.get("lieu", []):
                    self.form.add_error("lieu", message)
        if self.lieu_error and "lieu" not in errors:
            self.form.add_error("lieu", self.lieu_error)
        self._valid = valid and not self.form.errors
        return self._valid

    # --- presentation ---------------------------------------------------------------------
    def get_form_class(self):
        """The form class, built and worded once per process: django-filter would build a new
        class and re-word its fields on every request (about a millisecond of copying)."""
        cls = type(self)
        if "_presented_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            _present(form_class.base_fields)
            cls._presented_form_class = form_class
        return cls._presented_form_class

    def _present_fields(self):
        # A link may carry a radius outside the list: show it rather than pretend 5 km.
        current = self.data.get("radius_km", "")
        if current and current not in {str(value) for value, _ in filters.RADIUS_CHOICES}:
            choices = [*filters.RADIUS_CHOICES, (current, f"{current} km")]
            self.form.fields["radius_km"].widget = forms.Select(choices=choices)

    # --- what the page says about the search ---------------------------------------------
    def checkbox_groups(self):
        """(bound field, folded in <details>, number of boxes ticked) for each group."""
        for name in CHECKBOX_GROUPS:
            bound = self.form[name]
            ticked = len([value for value in self.data.getlist(name) if value])
            yield bound, name in FOLDED_GROUPS, ticked

    def canonical_query(self, **changes) -> QueryDict:
        """The search as a query string, without empty values, the page number, or the text of a
        place already resolved to its code: what links, the pushed URL and the map data use."""
        query = QueryDict(mutable=True)
        resolved = bool(self.data.get("commune"))
        for key in self.data:
            if key == "page" or key not in self.filters:
                continue
            if key == "lieu" and resolved:
                continue  # the code says it all; the page writes the commune's label back
            values = [value for value in self.data.getlist(key) if value != ""]
            if values:
                query.setlist(key, values)
        for key, value in changes.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        return query


def _present(fields) -> None:
    """Labels, help, widgets and French messages of the search form's fields."""
    fields["lieu"].help_text = (
        "Exemple : Amiens, ou le code postal 80000. "
        "Laissez vide pour chercher dans toute la France."
    )
    fields["lieu"].error_messages["max_length"] = (
        f"Erreur : tapez {MAX_QUERY_LENGTH} caractères au plus, "
        "par exemple le nom de la commune seul."
    )
    radius = fields["radius_km"]
    radius.label = "Distance autour de ce lieu"
    radius.widget = forms.Select(choices=filters.RADIUS_CHOICES)
    message = (
        f"Erreur : choisissez une distance entre {filters.MIN_RADIUS_KM} "
        f"et {filters.MAX_RADIUS_KM} km dans la liste."
    )
    for code in ("min_value", "max_value", "invalid", "max_digits", "max_decimal_places"):
        radius.error_messages[code] = message
    fields["remote"].label = "Inclure les personnes qui interviennent à distance"
    fields["commune"].error_messages["max_length"] = (
        "Erreur : cette commune est inconnue. Choisissez-la dans la liste des suggestions."
    )
    for name in ("lat", "lon"):
        for code in ("min_value", "max_value", "invalid"):
            fields[name].error_messages[code] = (
                "Erreur : la position reçue est invalide. Choisissez à nouveau "
                "« Autour de moi », ou tapez le nom de votre commune."
            )
        fields[name].widget = forms.HiddenInput()
    fields["commune"].widget = forms.HiddenInput()
    for name in CHECKBOX_GROUPS:
        field = fields[name]
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
        field.error_messages["invalid_choice"] = (
            f"Erreur : « %(value)s » ne fait pas partie des choix. "
            f"Cochez une ou plusieurs cases de la liste « {field.label} »."
        )
