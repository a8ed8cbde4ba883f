import re

from django import forms

from .display import CHOICES

# Legend, help text and one label per value, in the order of display.CHOICES. Labels say what
# changes, in plain words, rather than naming a technique.
SETTINGS = {
    "texte": (
        "Taille du texte",
        "Agrandit tout le texte du site. Le zoom de votre navigateur fonctionne aussi.",
        (
            "100 % : taille habituelle",
            "125 % : un peu plus grand",
            "150 % : plus grand",
            "200 % : deux fois plus grand",
        ),
    ),
    "espacement": (
        "Espacement du texte",
        "Plus d'espace entre les lignes, les paragraphes, les mots et les lettres.",
        ("Normal", "Large"),
    ),
    "police": (
        "Police de caractères",
        "La police est la forme des lettres. Elle ne se télécharge que si vous la choisissez.",
        (
            "Police habituelle du site",
            "Atkinson Hyperlegible : lettres bien distinctes, pensée pour la malvoyance",
            "OpenDyslexic : certaines personnes dyslexiques la trouvent plus confortable",
        ),
    ),
    "contraste": (
        "Contrastes",
        "Des couleurs plus foncées, des liens et des contours plus épais.",
        ("Habituels", "Renforcés"),
    ),
    "animations": (
        "Animations",
        "Les mouvements à l'écran, par exemple quand une partie de la page s'ouvre.",
        (
            "Comme le réglage de mon appareil",
            "Réduites : aucune animation",
        ),
    ),
    "falc": (
        "Facile à lire et à comprendre",
        "Quand une page a un résumé facile à lire, il s'affiche en premier.",
        ("Non, afficher les pages comme d'habitude", "Oui, les textes faciles à lire d'abord"),
    ),
}


class DisplayPreferencesForm(forms.Form):
    """Only used to render the radio groups: saving goes through display.merge(), which ignores
    unknown values instead of showing an error for a choice nobody could make on screen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, allowed in CHOICES.items():
            legend, help_text, labels = SETTINGS[key]
            self.fields[key] = forms.ChoiceField(
                label=legend,
                help_text=help_text,
                choices=list(zip(allowed, labels, strict=True)),
                widget=forms.RadioSelect,
                # Always has a value: « (obligatoire) » on every group would only add noise.
                required=False,
            )


# --- Control characters: refused in every text field of every form ------------------------------

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. PostgreSQL cannot store
# NUL at all (a 500 before this check), and the others only hide text or rewrite terminals.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = (
    "enlevez les caractères spéciaux invisibles (par exemple un caractère nul), souvent copiés "
    "avec le texte : ils ne peuvent pas être enregistrés."
)


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def reject_control_characters(value) -> None:
    """Validator: the field's normal French error for any control character."""
    if has_control_characters(value):
        raise forms.ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


_char_field_to_python = forms.CharField.to_python


def _to_python_without_control_characters(self, value):
    value = _char_field_to_python(self, value)
    reject_control_characters(value)
    return value


def refuse_control_characters_everywhere() -> None:
    """Make every ``forms.CharField`` (and subclass: email, URL, django-filter's text filters,
    allauth's fields…) refuse control characters in ``to_python``, before any other validator or
    ``clean_<field>`` method can hand the value to a query. Done once from
    ``CoreConfig.ready()`` so forms of every app, including those written later, are covered
    without opting in (tests/core/test_control_characters.py checks every form class)."""
    forms.CharField.to_python = _to_python_without_control_characters
