"""Step 4 of the profile editor: where the peer worker lives and works (home commune, travel
radius, departments, remote work). A commune typed without JavaScript is resolved by
epop.territories.resolve; several matches become a list to choose from."""

from django import forms

from epop.territories.forms import choose_commune, commune_choice_field
from epop.territories.models import Department
from epop.territories.resolve import CommuneMatch, resolve_commune

from .forms import NEEDED_TO_SUBMIT, TRAVEL_RADII, StepForm

# --- Step 4: where I work --------------------------------------------------------------------


class DepartmentCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by region, each region in a <details> opened when one of its
    departments is checked. Ids stay flat (`id_x_0`, `id_x_1`…) so error links work."""

    template_name = "directory/edit/widgets/grouped_checkboxes.html"

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = [option for _, group, _ in context["widget"]["optgroups"] for option in group]
        by_value = {str(option["value"]): option for option in options}
        regions = []
        for label, codes in self.groups:
            group = [by_value[code] for code in codes if code in by_value]
            checked = sum(1 for option in group if option["selected"])
            regions.append({"label": label, "options": group, "checked": checked})
        context["widget"]["regions"] = regions
        return context


def department_groups():
    """The 101 departments (overseas collectivities aside), by region: mainland regions in
    alphabetical order, then the overseas ones."""
    departments = (
        Department.objects.filter(region__code__regex=r"^\d{2}$")
        .select_related("region")
        .order_by("region__name", "code")
    )
    regions: dict[str, tuple[str, list[str]]] = {}
    labels = []
    for department in departments:
        region = department.region
        regions.setdefault(region.code, (region.name, []))[1].append(department.code)
        labels.append((department.code, f"{department.name} ({department.code})"))
    ordered = sorted(regions.items(), key=lambda item: (item[0] < "10", item[1][0]))
    return labels, [group for _, group in ordered]


class PlaceForm(StepForm):
    saved_fields = ("home_commune", "travel_radius_km", "zone_departments", "remote")

    commune = forms.CharField(
        label="Votre commune",
        max_length=150,
        required=False,
        help_text=(
            "La commune où vous habitez ou d'où vous partez. Exemple : Amiens, ou le code postal "
            "80000. Seul le nom de la commune s'affiche, jamais votre adresse. " + NEEDED_TO_SUBMIT
        ),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "spellcheck": "false"}),
        error_messages={
            "max_length": "ce nom est trop long : tapez seulement le nom de la commune.",
        },
    )
    travel_radius_km = forms.TypedChoiceField(
        label="Jusqu'où vous déplacez-vous ?",
        choices=[(0, "Seulement dans ma commune")]
        + [(km, f"Jusqu'à {km} km") for km in TRAVEL_RADII[1:]],
        coerce=int,
        empty_value=None,
        # A select always has a value: no « (obligatoire) »; an empty one keeps the current value.
        required=False,
        help_text="Distance autour de votre commune.",
        error_messages={"invalid_choice": "choisissez une distance dans la liste."},
    )
    zone_departments = forms.MultipleChoiceField(
        label="Départements entiers où vous intervenez (facultatif)",
        required=False,
        help_text=(
            "En plus de la distance, si vous travaillez dans tout un département. "
            "Ouvrez une région pour voir ses départements."
        ),
        error_messages={"invalid_choice": "« %(value)s » n'est pas un département de la liste."},
    )
    remote = forms.BooleanField(
        label="J'interviens aussi à distance, partout en France", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels, groups = department_groups()
        departments = self.fields["zone_departments"]
        departments.choices = labels
        departments.widget = DepartmentCheckboxes(groups=groups, choices=labels)
        radius = self.fields["travel_radius_km"]
        if self.profile.travel_radius_km not in TRAVEL_RADII:
            # A distance set elsewhere (admin, import) stays selectable: never changed silently.
            km = self.profile.travel_radius_km
            radius.choices = sorted([*radius.choices, (km, f"Jusqu'à {km} km")])
        self.match = None
        if self.is_bound:
            self.match = resolve_commune(self.data.get(self.add_prefix("commune"), ""))
            if self.match.candidates:
                self.fields["commune_code"] = self._choice_field(self.match)

    @staticmethod
    def _choice_field(match: CommuneMatch) -> forms.ChoiceField:
        return commune_choice_field(
            match,
            exact_label="Plusieurs communes portent ce nom : laquelle est la vôtre ?",
            help_text="Choisissez votre commune puis enregistrez. "
            "Si elle n'est pas dans la liste, corrigez le nom ci-dessus.",
        )

    def initial_from(self, profile) -> dict:
        initial = super().initial_from(profile)
        initial.pop("home_commune")
        initial["commune"] = profile.home_commune.label if profile.home_commune_id else ""
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("travel_radius_km") is None and "travel_radius_km" not in self.errors:
            cleaned["travel_radius_km"] = self.profile.travel_radius_km
        if "commune" not in cleaned:
            return cleaned  # already in error (too long)
        text = cleaned["commune"]
        if not text:
            cleaned["home_commune"] = None
            return cleaned
        commune = choose_commune(
            self,
            self.match,
            text,
            cleaned.get("commune_code"),
            choose_again="choisissez votre commune dans la liste, puis enregistrez de nouveau.",
        )
        if commune is not None:
            cleaned["home_commune"] = commune
        return cleaned
