"""Forms of the peer worker's own profile: one per step, the availability, the submission.

The forms only clean what was typed; views hand `profile_values()` to `services.save_content` or
`services.update_availability`, which own every write. Nothing here about disability is ever
required (domain.md §4.1), and every message says how to fix the problem, in French.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from epop.territories.models import Commune, Department
from epop.territories.search import is_searchable, search_communes
from epop.territories.text import fold, query_key

from . import choices, photos
from .models import MAX_TRAVEL_RADIUS_KM, PeerProfile

NEEDED_TO_SUBMIT = "Nécessaire pour envoyer votre profil à la validation."
TRAVEL_RADII = (0, 10, 20, 30, 50, 80, 100, 150, 200)
assert max(TRAVEL_RADII) <= MAX_TRAVEL_RADIUS_KM


def _model_field(name):
    return PeerProfile._meta.get_field(name)


def text_field(name, *, label=None, help_text="", required=False, textarea=False, rows=5, **attrs):
    """A CharField sized by the model, with French messages that say how to fix the input.

    No `maxlength` attribute: browsers would cut the text silently (and unannounced to screen
    reader users); the server says how much to shorten instead."""
    max_length = _model_field(name).max_length
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if textarea else forms.TextInput(attrs)
    field = forms.CharField(
        label=label or capfirst(_model_field(name).verbose_name),
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "max_length": (
                f"raccourcissez ce texte à {max_length} caractères au plus "
                "(il en compte %(show_value)d pour l'instant)."
            ),
            "required": "ce champ est nécessaire : remplissez-le pour continuer.",
        },
    )
    field.widget.attrs.pop("maxlength", None)
    return field


def checkboxes(choice_class, label, help_text=""):
    """An array field of the profile as a group of checkboxes in a fieldset with its legend."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choice_class.choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "« %(value)s » ne fait pas partie de la liste : cochez une case.",
        },
    )


def radios(choice_class, label, help_text="", extra=()):
    """A single choice as radio buttons. Never « (obligatoire) »: one button is always checked,
    and a missing answer keeps the current value (see `keep_current_choices`)."""
    return forms.ChoiceField(
        label=label,
        choices=[*extra, *choice_class.choices],
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={
            "required": "choisissez une réponse dans la liste.",
            "invalid_choice": "choisissez une réponse dans la liste.",
        },
    )


def keep_current_choices(form, cleaned: dict, current) -> None:
    """A radio group sent without any button checked (only a hand-made request can do that)
    keeps the current value instead of writing an empty one the model does not allow."""
    model_fields = {f.name for f in PeerProfile._meta.get_fields()}
    for name, form_field in form.fields.items():
        if (
            isinstance(form_field.widget, forms.RadioSelect)
            and name in model_fields
            and name in cleaned
            and cleaned[name] in ("", None)
            and not _model_field(name).blank
        ):
            cleaned[name] = getattr(current, name)


class StepForm(forms.Form):
    """A step of the guided form. `saved_fields` are the profile fields it writes;
    `profile_values()` gives them, cleaned, for `services.save_content`."""

    saved_fields: tuple[str, ...] = ()

    def __init__(self, *args, profile: PeerProfile, **kwargs):
        self.profile = profile
        kwargs.setdefault("initial", self.initial_from(profile))
        super().__init__(*args, **kwargs)

    def initial_from(self, profile) -> dict:
        return {name: getattr(profile, name) for name in self.saved_fields}

    def clean(self):
        cleaned = super().clean()
        keep_current_choices(self, cleaned, self.profile)
        return cleaned

    def _in_list_order(self, name, values: list) -> list:
        """Checked values in the order of the list on screen, whatever order they came in."""
        order = {str(value): index for index, (value, _) in enumerate(self.fields[name].choices)}
        return sorted(values, key=lambda value: order.get(value, len(order)))

    def profile_values(self) -> dict:
        values = {}
        for name in self.saved_fields:
            value = self.cleaned_data[name]
            if isinstance(value, list):
                value = self._in_list_order(name, value)
                current = getattr(self.profile, name) or []
                # The same boxes in another order is no change (and needs no new validation).
                if sorted(value) == sorted(current):
                    value = current
            values[name] = value
        return values


# --- Step 1: presentation -------------------------------------------------------------------


class PresentationForm(StepForm):
    saved_fields = ("display_name", "pitch", "job_title", "peer_roles", "approaches")

    display_name = text_field(
        "display_name",
        label="Nom affiché",
        required=True,
        help_text=(
            "Le nom que le public verra. Un prénom et une initiale suffisent. Exemple : Camille R."
        ),
        autocomplete="nickname",
    )
    photo = forms.FileField(
        label="Photo (facultative)",
        required=False,
        help_text=(
            "Une photo de vous ou une image qui vous représente. Formats JPEG, PNG, WebP ou GIF, "
            "5 Mo au plus. Nous la réduisons et retirons les informations cachées dans le fichier "
            "(lieu de prise de vue, appareil)."
        ),
        widget=forms.FileInput(attrs={"accept": photos.ACCEPT}),
        error_messages={
            "invalid": photos.NOT_AN_IMAGE,
            "empty": "ce fichier est vide : choisissez une autre photo.",
        },
    )
    remove_photo = forms.BooleanField(label="Retirer ma photo", required=False)
    pitch = text_field(
        "pitch",
        label="Présentation courte",
        textarea=True,
        help_text=(
            "Quelques phrases sur ce que vous proposez et à qui, 600 caractères au plus. "
            + NEEDED_TO_SUBMIT
        ),
    )
    job_title = text_field(
        "job_title",
        label="Intitulé exact de votre activité (facultatif)",
        help_text=(
            "Le titre que vous utilisez, tel que vous l'écrivez. "
            "Exemple : Formatrice paire en santé mentale."
        ),
        autocomplete="organization-title",
    )
    peer_roles = checkboxes(
        choices.PeerRole,
        "Vos rôles (facultatif)",
        "Cochez tous ceux qui vous correspondent.",
    )
    approaches = checkboxes(
        choices.Approach,
        "Vos approches (facultatif)",
        "Individuelle : auprès d'une personne. Collective : en groupe. "
        "Participation et conception : formation, conseil, projets, représentation.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.profile.photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return photos.clean_photo(upload) if upload else None

    def profile_values(self) -> dict:
        values = super().profile_values()
        if self.cleaned_data.get("photo"):
            values["photo"] = self.cleaned_data["photo"]
        elif self.cleaned_data.get("remove_photo"):
            values["photo"] = ""
        return values


# --- Step 2: lived experience ----------------------------------------------------------------


class ExperienceForm(StepForm):
    saved_fields = ("experience_statement", "experience_visibility", "themes")

    experience_statement = text_field(
        "experience_statement",
        label="Votre expérience vécue, avec vos mots (facultatif)",
        textarea=True,
        rows=8,
        help_text=(
            "Ce que votre parcours vous a appris et que vous transmettez dans votre travail. "
            "Écrivez seulement ce que vous voulez partager, 3 000 caractères au plus. "
            "Ne donnez pas de diagnostic ni de détail médical : personne ne vous le demandera."
        ),
    )
    experience_visibility = radios(
        choices.Visibility,
        "Qui peut lire ce texte ?",
        "Vous pouvez changer ce choix quand vous voulez.",
    )
    themes = checkboxes(
        choices.Theme,
        "Thèmes sur lesquels vous intervenez (facultatif)",
        "Ces thèmes décrivent votre travail, pas votre santé. Ils s'affichent sur votre profil "
        "public et servent à la recherche dans l'annuaire : ne cochez que ce que vous voulez "
        "montrer à tout le monde.",
    )


# --- Step 3: what I offer ----------------------------------------------------------------------


class OfferForm(StepForm):
    saved_fields = (
        "intervention_types", "audiences", "sectors", "formats", "work_modes", "languages",
        "communication", "training", "other_trainings", "rate_kind", "rate_details",
    )  # fmt: skip

    intervention_types = checkboxes(
        choices.InterventionType,
        "Types d'intervention",
        "Cochez au moins un type. " + NEEDED_TO_SUBMIT,
    )
    audiences = checkboxes(choices.Audience, "Publics (facultatif)")
    sectors = checkboxes(choices.Sector, "Secteurs (facultatif)")
    formats = checkboxes(
        choices.Format,
        "Formats (facultatif)",
        "Où vous travaillez (commune, distance) se règle à l'étape suivante.",
    )
    work_modes = checkboxes(
        choices.WorkMode,
        "Façons de travailler (facultatif)",
        "Plusieurs statuts peuvent se combiner : cochez tous les vôtres.",
    )
    languages = checkboxes(choices.Language, "Langues (facultatif)")
    communication = checkboxes(choices.Communication, "Communication adaptée (facultatif)")
    training = radios(
        choices.Training,
        "Formation d'intervenant·e-pair",
        "Ce n'est pas une condition pour être dans l'annuaire : cela aide la coordination à "
        "vous proposer la suite du parcours.",
        extra=(("", "Aucune de ces situations pour l'instant"),),
    )
    other_trainings = text_field(
        "other_trainings",
        label="Autres formations (facultatif)",
        textarea=True,
        rows=4,
        help_text="Exemple : prise de parole en public, relation d'aide, écriture en FALC.",
    )
    rate_kind = radios(
        choices.RateKind,
        "Vos conditions",
        "Votre expertise est un travail : vous choisissez comment l'afficher.",
    )
    rate_details = text_field(
        "rate_details",
        label="Précisions sur le tarif (facultatif)",
        help_text=(
            "Exemple : 550 € la journée de formation, frais de déplacement en plus. "
            "200 caractères au plus."
        ),
    )


# --- Step 4: where I work --------------------------------------------------------------------

# « Amiens (80000) », the autocomplete's label; « Saint-Denis (93) », with a department.
_WITH_POSTCODE = re.compile(r"(?P<name>.*?\S)\s*\(\s*(?P<postcode>\d{5})\s*\)")
_WITH_DEPARTMENT = re.compile(r"(?P<name>.*?\S)\s*\(\s*(?P<department>\d{2,3}|2[AaBb])\s*\)")
_DIGITS = re.compile(r"\d{5}|2[AaBb]\d{3}")


@dataclass
class CommuneMatch:
    """What a typed commune means: one commune, several to choose from, or nothing."""

    commune: Commune | None = None
    candidates: list[Commune] = field(default_factory=list)
    # False when the candidates are only close spellings (no exact name matched).
    exact: bool = True


def resolve_commune(text: str) -> CommuneMatch:
    """Resolve what was typed in the commune field without JavaScript (or not picked from the
    suggestions): an exact name, « Nom (code postal) », « Nom (département) », a postcode or an
    INSEE code. Accents, case and hyphens do not matter."""
    text = (text or "").strip()
    if not text or not is_searchable(text):
        # Overlong or malformed: no query at all; the field's own validation says why.
        return CommuneMatch()
    communes = Commune.objects.select_related("department")
    compact = re.sub(r"\s+", "", text)
    if _DIGITS.fullmatch(compact):
        code = compact.upper()
        found = list(
            communes.filter(Q(postcodes__contains=[code]) | Q(code=code)).order_by(
                "-population", "code"
            )
        )
    elif match := _WITH_POSTCODE.fullmatch(text):
        found = list(
            communes.filter(
                search_name=fold(match["name"]), postcodes__contains=[match["postcode"]]
            )
        )
    elif match := _WITH_DEPARTMENT.fullmatch(text):
        found = list(
            communes.filter(
                search_name=fold(match["name"]), department_id=match["department"].upper()
            )
        )
    else:
        key = query_key(text)
        found = list(
            communes.filter(search_name__in={key, fold(text)}).order_by("-population", "code")
        )
    if len(found) == 1:
        return CommuneMatch(commune=found[0])
    if found:
        return CommuneMatch(candidates=found)
    # No exact match: close spellings (« Amien », « Bordaux ») to pick from, never chosen for
    # the person.
    close = search_communes(text, limit=8)
    ids = [commune.code for commune in close]
    ordered = {c.code: c for c in communes.filter(code__in=ids)}
    return CommuneMatch(candidates=[ordered[code] for code in ids if code in ordered], exact=False)


def commune_choice_label(commune: Commune) -> str:
    return f"{commune.label} – {commune.department.name}"


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
        if match.exact:
            label = "Plusieurs communes portent ce nom : laquelle est la vôtre ?"
        else:
            label = "Nous n'avons pas trouvé ce nom exact. Vouliez-vous dire :"
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[(c.code, commune_choice_label(c)) for c in match.candidates],
            widget=forms.RadioSelect,
            help_text="Choisissez votre commune puis enregistrez. "
            "Si elle n'est pas dans la liste, corrigez le nom ci-dessus.",
            error_messages={"invalid_choice": "choisissez une commune dans la liste."},
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
        elif self.match.commune is not None:
            cleaned["home_commune"] = self.match.commune
        elif self.match.candidates:
            code = cleaned.get("commune_code")
            chosen = [c for c in self.match.candidates if c.code == code]
            if chosen:
                cleaned["home_commune"] = chosen[0]
            elif "commune_code" not in self.errors:
                self.add_error(
                    "commune_code",
                    "choisissez votre commune dans la liste, puis enregistrez de nouveau."
                    if self.match.exact
                    else f"aucune commune ne s'appelle exactement « {text} » : choisissez-la "
                    "dans la liste ou corrigez le nom.",
                )
        else:
            self.add_error(
                "commune",
                f"aucune commune trouvée pour « {text} ». Vérifiez l'orthographe ou tapez le "
                "code postal, par exemple 80000.",
            )
        return cleaned


# --- Availability (minor edit) -----------------------------------------------------------------


class AvailabilityForm(forms.Form):
    availability = radios(choices.Availability, "Votre disponibilité")
    paused_until = forms.DateField(
        label="Date de retour (facultative)",
        required=False,
        help_text=(
            "Seulement si vous êtes en pause. Sans date, la pause dure jusqu'à ce que vous la "
            "changiez ici. Exemple : 15/03/2027."
        ),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "écrivez la date sous la forme jour/mois/année, 15/03/2027."},
    )
    pause_display = radios(
        choices.PauseDisplay,
        "Pendant la pause",
        "Dans les deux cas, vous ne recevez pas de demande de contact pendant la pause.",
    )

    def __init__(self, *args, profile: PeerProfile, **kwargs):
        self.profile = profile
        kwargs.setdefault(
            "initial", {name: getattr(profile, name) for name in PeerProfile.AVAILABILITY_FIELDS}
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        keep_current_choices(self, cleaned, self.profile)
        paused = cleaned.get("availability") == choices.Availability.EN_PAUSE
        until = cleaned.get("paused_until")
        if not paused:
            cleaned["paused_until"] = None  # a return date means nothing without a pause
        elif until is not None and until <= timezone.localdate():
            self.add_error(
                "paused_until",
                "la date de retour doit être après aujourd'hui, par exemple "
                f"{(timezone.localdate() + timedelta(days=30)):%d/%m/%Y}, "
                "ou laissez le champ vide.",
            )
        return cleaned

    def profile_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in PeerProfile.AVAILABILITY_FIELDS}


# --- Submission ----------------------------------------------------------------------------


class SubmitForm(forms.Form):
    accept_charter = forms.BooleanField(
        required=True,
        error_messages={
            "required": "cochez la case pour accepter la charte, après l'avoir lue.",
        },
    )
    charter_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, **kwargs)
        self.charter = charter
        number = charter.number if charter else "?"
        self.fields[
            "accept_charter"
        ].label = f"J'ai lu et j'accepte la charte EPoP (version {number})"
        self.fields["charter_version"].initial = charter.number if charter else None

    def clean(self):
        cleaned = super().clean()
        # The version shown is the version accepted: if a new one was published meanwhile, the
        # person reads it first. A non-field error, since the hidden field cannot take focus.
        if self.charter is None or cleaned.get("charter_version") != self.charter.number:
            self.errors.pop("charter_version", None)
            raise forms.ValidationError(
                "la charte a changé depuis l'affichage de cette page : relisez la nouvelle "
                "version, puis cochez de nouveau la case."
            )
        return cleaned
