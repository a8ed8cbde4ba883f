"""Forms of alerts and needs. Every message starts with « Erreur : » and says how to fix it."""

from datetime import timedelta

from django import forms
from django.utils import formats, timezone

from directory.profiles import choices
from epop.territories.forms import choose_commune, commune_choice_field
from epop.territories.resolve import CommuneMatch, resolve_commune

from .models import AlertFrequency

NEED_MAX_DAYS_AHEAD = 2 * 365


class AlertForm(forms.Form):
    name = forms.CharField(
        label="Nom de l'alerte",
        max_length=80,
        help_text="Un nom pour la retrouver, par exemple « Sensibilisation – Amiens ».",
        error_messages={
            "required": "Erreur : donnez un nom à l'alerte, par exemple « Formation – Lille ».",
            "max_length": "Erreur : le nom doit tenir en 80 caractères au plus.",
        },
    )
    frequency = forms.ChoiceField(
        label="Quand recevoir un e-mail ?",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text="Un seul e-mail regroupe tous les nouveaux profils de vos alertes.",
        error_messages={
            "required": "Erreur : choisissez quand recevoir un e-mail.",
            "invalid_choice": "Erreur : choisissez une des fréquences proposées.",
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(
                "Erreur : donnez un nom à l'alerte, par exemple « Formation – Lille »."
            )
        return name


class AlertEditForm(AlertForm):
    active = forms.BooleanField(
        label="Recevoir les e-mails de cette alerte",
        required=False,
        help_text="Décochez pour garder la recherche sans recevoir d'e-mail.",
    )


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in: the button is the whole form."""


def _checkboxes(enum, label, help_text, required=False):
    return forms.MultipleChoiceField(
        label=label,
        choices=enum.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "required": f"Erreur : cochez au moins une case dans « {label} ».",
            "invalid_choice": f"Erreur : cochez des cases de la liste « {label} ».",
        },
    )


class NeedForm(forms.Form):
    title = forms.CharField(
        label="Titre du besoin",
        max_length=120,
        help_text="Exemple : Témoignage lors de notre journée d'équipe.",
        error_messages={
            "required": "Erreur : donnez un titre, par exemple « Témoignage en réunion d'équipe ».",
            "max_length": "Erreur : le titre doit tenir en 120 caractères au plus.",
        },
    )
    intervention_types = _checkboxes(
        choices.InterventionType,
        "Type d'intervention recherché",
        "Cochez un ou plusieurs types.",
        required=True,
    )
    audiences = _checkboxes(
        choices.Audience, "Pour qui ?", "Le public de l'intervention. Facultatif."
    )
    themes = _checkboxes(
        choices.Theme,
        "Thèmes d'expérience",
        "Seulement si votre besoin porte sur une expérience précise. Facultatif.",
    )
    date = forms.DateField(
        label="Date de l'intervention",
        help_text="Exemple : 12/03/2027. Le besoin se ferme après cette date.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": "Erreur : indiquez la date, par exemple 12/03/2027.",
            "invalid": "Erreur : indiquez une date valide, par exemple 12/03/2027.",
        },
    )
    # The directory's one way to read a typed commune (decision 0009): a text field that the
    # autocomplete enhances, resolved on the server, with a list when several communes match.
    commune = forms.CharField(
        label="Commune de l'intervention",
        required=False,
        max_length=150,
        help_text="Exemple : Amiens, ou le code postal 80000. Laissez vide si tout se fait à "
        "distance.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={
            "max_length": "Erreur : ce nom est trop long : tapez seulement le nom de la commune.",
        },
    )
    remote = forms.BooleanField(
        label="L'intervention peut se faire à distance",
        required=False,
    )
    description = forms.CharField(
        label="Description",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Votre structure, ce que vous attendez, la durée, les conditions (tarif, "
        "frais). N'écrivez rien sur la santé d'une personne.",
        error_messages={
            "required": "Erreur : décrivez votre besoin en quelques phrases.",
            "max_length": "Erreur : la description doit tenir en 3000 caractères au plus.",
        },
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["commune"].widget.attrs.update(autocomplete="off")
        self.match = CommuneMatch()
        if self.is_bound and (self.data.get("commune") or "").strip():
            self.match = resolve_commune(self.data.get("commune", ""))
            if self.match.candidates:
                self._add_commune_choice()

    def _add_commune_choice(self):
        """Several communes match what was typed (or only close spellings): a list to choose
        from, right after the text field, instead of an error."""
        field = commune_choice_field(
            self.match,
            exact_label="Plusieurs communes portent ce nom : laquelle ?",
            help_text="Choisissez la commune puis publiez. Si elle n'est pas dans la liste, "
            "corrigez le nom ci-dessus.",
        )
        fields = list(self.fields.items())
        position = [name for name, _ in fields].index("commune") + 1
        fields.insert(position, ("commune_code", field))
        self.fields = dict(fields)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < self.today:
            raise forms.ValidationError(
                "Erreur : la date est passée. Indiquez une date à partir d'aujourd'hui, le "
                f"{formats.date_format(self.today, 'j F Y')}."
            )
        if date > self.today + timedelta(days=NEED_MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                "Erreur : indiquez une date dans les deux prochaines années."
            )
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("commune"):
            cleaned["commune"] = choose_commune(
                self,
                self.match,
                cleaned["commune"],
                cleaned.get("commune_code"),
                choose_again="choisissez la commune dans la liste, puis publiez de nouveau.",
            )
        elif "commune" in cleaned:
            cleaned["commune"] = None
        if (
            "commune" not in self.errors
            and "commune_code" not in self.errors
            and not cleaned.get("commune")
            and not cleaned.get("remote")
        ):
            self.add_error(
                "commune",
                "Erreur : indiquez la commune de l'intervention, ou cochez « L'intervention "
                "peut se faire à distance ».",
            )
        return cleaned


class NeedAnswerForm(forms.Form):
    message = forms.CharField(
        label="Votre message à l'employeur",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Dites pourquoi ce besoin vous intéresse et comment vous pouvez y répondre. "
        "Votre profil est joint à votre message.",
        error_messages={
            "required": "Erreur : écrivez un message à l'employeur.",
            "max_length": "Erreur : le message doit tenir en 2000 caractères au plus.",
        },
    )
