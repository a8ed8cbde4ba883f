"""Filters of the resource listing (GET) and the experience-report form."""

from django import forms

from .choices import Audience, InterventionType, Kind, Sector, Theme
from .community_models import ExperienceReport
from .quote_forms import no_control_characters

MAX_QUERY = 100


def _optional_choice(label, enum):
    return forms.ChoiceField(label=label, choices=[("", "Tous")] + enum.choices, required=False)


class ResourceFilterForm(forms.Form):
    q = forms.CharField(
        label="Mots-clés",
        required=False,
        max_length=MAX_QUERY,
        validators=[no_control_characters],
        help_text="Par exemple : contrat, devis, charte.",
    )
    audience = _optional_choice("Public", Audience)
    kind = _optional_choice("Type de ressource", Kind)
    theme = _optional_choice("Thème", Theme)


class ReportFilterForm(forms.Form):
    sector = _optional_choice("Secteur", Sector)
    intervention = _optional_choice("Type d'intervention", InterventionType)


class ExperienceReportForm(forms.ModelForm):
    consent = forms.BooleanField(
        label="J'accepte que ce retour d'expérience soit publié sur le site EPoP après relecture.",
        help_text="Vous pourrez le retirer à tout moment.",
    )
    no_names = forms.BooleanField(
        label="Mon texte ne cite aucune personne accompagnée, ni aucun détail qui permettrait "
        "de la reconnaître."
    )

    class Meta:
        model = ExperienceReport
        fields = [
            "title", "sector", "intervention_type", "context", "actions", "worked",
            "would_change", "show_on_profile",
        ]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("context", "actions", "worked", "would_change")
        }
        help_texts = {
            "context": "Où, avec qui, pourquoi. Ne nommez jamais les personnes accompagnées.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(no_control_characters)
