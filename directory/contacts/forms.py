"""Forms of the contact requests. Input validation only; the rules live in services.py.

Messages never start with « Erreur : »: the field and summary templates add that prefix. Each one
says how to fix the problem (accessibility.md §2.2).
"""

import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from directory.profiles import choices
from epop.accounts.models import OrganisationType

# The directory's one way to read a typed commune (profile form, search, here): names, labels
# of the autocomplete, postcodes and INSEE codes, with a choice when several communes match.
from epop.territories.forms import choose_commune, commune_choice_field
from epop.territories.resolve import CommuneMatch, resolve_commune

from .models import ContactRequest, DeclineReason, FollowUpOutcome, ReportReason

TOO_LONG = (
    "ce texte est trop long : %(limit_value)d caractères au plus (il en compte "
    "%(show_value)d). Raccourcissez-le."
)
DATE_INVALID = "indiquez une date valide, par exemple 14/03/2027."
# Desired dates further than this are almost certainly a typo (2207 for 2027).
FURTHEST_DATE = timedelta(days=3 * 366)

# A sensible first guess for the request's sector from the organisation type (domain.md §3.5 and
# §3.8); the employer can change it.
SECTOR_FOR_ORGANISATION = {
    OrganisationType.ESSMS: choices.Sector.MEDICO_SOCIAL,
    OrganisationType.ESAT: choices.Sector.TRAVAIL_PROTEGE_ADAPTE,
    OrganisationType.ENTREPRISE_ADAPTEE: choices.Sector.TRAVAIL_PROTEGE_ADAPTE,
    OrganisationType.ETABLISSEMENT_SANTE: choices.Sector.SANITAIRE,
    OrganisationType.ENTREPRISE: choices.Sector.EMPLOI_ENTREPRISE,
    OrganisationType.COLLECTIVITE: choices.Sector.COLLECTIVITES_SERVICES_PUBLICS,
    OrganisationType.SERVICE_PUBLIC: choices.Sector.COLLECTIVITES_SERVICES_PUBLICS,
    OrganisationType.ORGANISME_FORMATION: choices.Sector.FORMATION_ENSEIGNEMENT,
    OrganisationType.ETABLISSEMENT_SCOLAIRE: choices.Sector.ECOLE_JEUNESSE,
    OrganisationType.CENTRE_RESSOURCES: choices.Sector.MEDICO_SOCIAL,
}


def _text(label, *, max_length, required=True, rows=5, help_text="", required_message=""):
    field = forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )
    field.error_messages["max_length"] = TOO_LONG
    if required_message:
        field.error_messages["required"] = required_message
    return field


def _token_field():
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "le formulaire est incomplet : rechargez la page et recommencez.",
            "invalid": "le formulaire est incomplet : rechargez la page et recommencez.",
        },
    )


def _date_field(label, help_text):
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID},
    )


class ContactRequestForm(forms.Form):
    token = _token_field()
    intervention_type = forms.ChoiceField(
        label="Type d'intervention",
        choices=[("", "Choisissez dans la liste"), *choices.InterventionType.choices],
        error_messages={"required": "choisissez le type d'intervention dans la liste."},
    )
    description = _text(
        "Décrivez l'intervention",
        max_length=2000,
        help_text=(
            "Exemple : une matinée de sensibilisation pour 15 éducateurs et éducatrices, sur "
            "l'accueil des personnes autistes."
        ),
        required_message="décrivez l'intervention en quelques phrases.",
    )
    sector = forms.ChoiceField(
        label="Secteur",
        choices=[("", "Choisissez dans la liste"), *choices.Sector.choices],
        required=False,
        help_text="Facultatif. Le secteur dans lequel a lieu l'intervention.",
    )
    audiences = forms.MultipleChoiceField(
        label="Pour quel public ?",
        choices=choices.Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Facultatif. Cochez un ou plusieurs publics.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=choices.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "choisissez un format."},
    )
    place = forms.ChoiceField(
        label="Où ?",
        choices=ContactRequest.Place.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "indiquez si l'intervention a lieu dans une commune ou à distance."
        },
    )
    commune = forms.CharField(
        label="Commune",
        required=False,
        max_length=150,
        help_text=(
            "Si l'intervention a lieu dans une commune. Exemple : Amiens, ou le code postal 80000."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "max_length": "ce nom est trop long : tapez seulement le nom de la commune.",
        },
    )
    date_start = _date_field(
        "À partir du", "Exemple : 14/03/2027. Laissez vide si vous décrivez les dates plus bas."
    )
    date_end = _date_field("Jusqu'au", "Facultatif. Exemple : 28/03/2027.")
    dates_text = forms.CharField(
        label="Ou décrivez les dates souhaitées",
        required=False,
        max_length=200,
        help_text="Exemple : un mardi matin en mars, ou trois séances d'ici juin.",
    )
    budget_kind = forms.ChoiceField(
        label="Budget",
        choices=[("montant", "Je propose un montant"), ("a_discuter", "À discuter")],
        required=False,
        widget=forms.RadioSelect,
        help_text="Facultatif : sans réponse, le budget est « à discuter ».",
    )
    budget_amount = forms.IntegerField(
        label="Montant proposé, en euros",
        required=False,
        min_value=1,
        max_value=1_000_000,
        help_text="Si vous proposez un montant. Exemple : 550 pour une journée.",
        error_messages={
            "invalid": "indiquez un montant en chiffres, sans espace, par exemple 550.",
            "min_value": "indiquez un montant d'au moins 1 euro, par exemple 550.",
            "max_value": "indiquez un montant de 1 000 000 euros au plus.",
        },
    )
    message = _text(
        "Votre message",
        max_length=3000,
        rows=8,
        help_text=(
            "Présentez-vous et dites ce que vous attendez. N'écrivez pas d'informations de "
            "santé sur les personnes que vous accompagnez."
        ),
        required_message="écrivez un message pour vous présenter.",
    )

    def __init__(self, *args, profile=None, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
            if profile is not None and len(profile.intervention_types) == 1:
                self.initial.setdefault("intervention_type", profile.intervention_types[0])
            if organisation is not None and organisation.kind in SECTOR_FOR_ORGANISATION:
                self.initial.setdefault("sector", SECTOR_FOR_ORGANISATION[organisation.kind])
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.match = CommuneMatch()
        if self.is_bound and self.data.get("place") == ContactRequest.Place.COMMUNE:
            self.match = resolve_commune(self.data.get("commune", ""))
            if self.match.candidates:
                self._add_commune_choice()

    def _add_commune_choice(self):
        """Several communes match what was typed (or only close spellings): a list to choose
        from, right after the text field, instead of guessing for the person."""
        field = commune_choice_field(
            self.match,
            exact_label="Plusieurs communes portent ce nom : laquelle ?",
            help_text="Choisissez la commune puis envoyez. Si elle n'est pas dans la liste, "
            "corrigez le nom ci-dessus.",
        )
        fields = list(self.fields.items())
        position = [name for name, _ in fields].index("commune") + 1
        fields.insert(position, ("commune_code", field))
        self.fields = dict(fields)

    def _not_past(self, name):
        value = self.cleaned_data.get(name)
        today = timezone.localdate()
        if value and value < today:
            self.add_error(
                name, "cette date est déjà passée. Choisissez aujourd'hui ou une date à venir."
            )
            return None
        if value and value > today + FURTHEST_DATE:
            self.add_error(name, "choisissez une date dans les trois ans qui viennent.")
            return None
        return value

    def clean(self):
        data = super().clean()
        start, end = self._not_past("date_start"), self._not_past("date_end")
        if start and end and end < start:
            self.add_error("date_end", "la date de fin doit être le même jour ou après le début.")
        dates_given = any(data.get(name) for name in ("date_start", "date_end", "dates_text"))
        if not dates_given and not self.has_error("date_start") and not self.has_error("date_end"):
            self.add_error(
                "dates_text",
                "indiquez une date, ou décrivez les dates souhaitées, par exemple « un mardi "
                "matin en mars ».",
            )

        if data.get("place") == ContactRequest.Place.COMMUNE:
            data["commune"] = self._commune(data)
        else:
            data["commune"] = None

        if data.get("budget_kind") == "montant":
            if data.get("budget_amount") is None and not self.has_error("budget_amount"):
                self.add_error("budget_amount", "indiquez un montant en euros, par exemple 550.")
        else:
            data["budget_amount"] = None
        return data

    def _commune(self, data):
        if "commune" not in data:
            return None  # already in error (too long)
        text = data["commune"]
        if not text:
            self.add_error("commune", "indiquez la commune, par exemple Amiens.")
            return None
        return choose_commune(
            self,
            self.match,
            text,
            data.get("commune_code"),
            choose_again="choisissez la commune dans la liste, puis envoyez de nouveau.",
        )


class MessageForm(forms.Form):
    token = _token_field()
    body = _text(
        "Votre message",
        max_length=3000,
        help_text="N'écrivez pas d'informations de santé sur d'autres personnes.",
        required_message="écrivez votre message avant de l'envoyer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class AcceptForm(MessageForm):
    body = _text(
        "Un mot pour l'employeur",
        max_length=3000,
        required=False,
        help_text=(
            "Facultatif. Vous pouvez proposer une suite (un appel, un devis) et, si vous le "
            "souhaitez, donner votre adresse e-mail ou votre téléphone : l'employeur ne les voit "
            "que si vous les écrivez."
        ),
    )


class DeclineForm(MessageForm):
    reason = forms.ChoiceField(
        label="Raison",
        choices=[("", "Choisissez dans la liste"), *DeclineReason.choices],
        help_text="La raison est transmise à l'employeur.",
        error_messages={"required": "choisissez une raison dans la liste."},
    )
    body = _text(
        "Précisions",
        max_length=3000,
        required=False,
        rows=3,
        help_text="Facultatif, sauf pour « Une autre raison ».",
    )
    field_order = ["token", "reason", "body"]

    def clean(self):
        data = super().clean()
        if data.get("reason") == DeclineReason.OTHER and not data.get("body"):
            self.add_error("body", "précisez la raison en quelques mots.")
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="L'intervention a-t-elle eu lieu ?",
        choices=FollowUpOutcome.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Votre réponse sert seulement à compter, de façon anonyme, les interventions "
            "réalisées. Elle n'est jamais une note de l'intervenant·e-pair."
        ),
        error_messages={"required": "choisissez une réponse."},
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Pourquoi signalez-vous ce message ?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "choisissez un motif."},
    )
    details = _text(
        "Précisions",
        max_length=1000,
        required=False,
        rows=4,
        help_text="Facultatif. Ce que l'équipe de coordination doit savoir.",
    )
