"""The commune-choice field: when what was typed names several communes (or only close
spellings), the person picks one in a list right after the text field; nothing is guessed."""

from django import forms

from .models import Commune
from .resolve import CommuneMatch

CLOSE_SPELLINGS_LABEL = "Nous n'avons pas trouvé ce nom exact. Vouliez-vous dire :"


def commune_choice_label(commune: Commune) -> str:
    return f"{commune.label} – {commune.department.name}"


def commune_choice_field(match: CommuneMatch, *, exact_label: str, help_text: str):
    label = (
        exact_label if match.exact else "Nous n'avons pas trouvé ce nom exact. Vouliez-vous dire :"
    )
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[(c.code, commune_choice_label(c)) for c in match.candidates],
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "choisissez une commune dans la liste."},
    )
