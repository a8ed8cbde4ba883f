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


def choose_commune(form, match: CommuneMatch, text: str, code: str | None, *, choose_again: str):
    """The commune that `text` (resolved as `match`) names, with the person's pick among the
    candidates (`code`, from the field above); None with an error on the form otherwise."""
    if match.commune is not None:
        return match.commune
    if match.candidates:
        chosen = [commune for commune in match.candidates if commune.code == code]
        if chosen:
            return chosen[0]
        if "commune_code" not in form.errors:
            form.add_error(
                "commune_code",
                choose_again
                if match.exact
                else f"aucune commune ne s'appelle exactement « {text} » : choisissez-la "
                "dans la liste ou corrigez le nom.",
            )
        return None
    form.add_error(
        "commune",
        f"aucune commune trouvée pour « {text} ». Vérifiez l'orthographe ou tapez le code "
        "postal, par exemple 80000.",
    )
    return None
