"""The guide's pictograms: one consistent set of SVG files drawn for the site
(``static/img/legal_guide/<name>.svg``, stroked in ``currentColor`` so they follow the text colour,
forced colours included), each with its text alternative.

They are inlined in the page (not <img>) so that ``currentColor`` works; next to a text label
they are decorative (``aria-hidden``), alone they carry ``role="img"`` and their alternative.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

PICTOGRAMS = {
    "oui": "Oui",
    "non": "Non",
    "ne-sais-pas": "Je ne sais pas",
    "aucune": "Aucune de ces situations",
    "aah": "Allocation aux adultes handicapés",
    "invalidite": "Pension d'invalidité",
    "retraite": "Retraite",
    "chomage": "Chômage et recherche d'emploi",
    "salarie": "Contrat de travail salarié",
    "micro": "Micro-entreprise",
    "benevolat": "Bénévolat",
    "association": "Association",
    "esat": "Travail en ESAT ou en entreprise adaptée",
    "formation": "Intervention ou formation",
    "protection": "Mesure de protection juridique",
    "rqth": "Reconnaissance de travailleur handicapé",
    "assurance": "Assurance",
    "statuts": "Les façons de travailler",
    "prestations": "Les aides et pensions",
    "argent": "Argent et prix",
}
PICTOGRAM_CHOICES = list(PICTOGRAMS.items())
DIRECTORY = Path(settings.BASE_DIR) / "static" / "img" / "legal_guide"


@cache
def _svg_body(name: str) -> str:
    """The drawing without its <svg> wrapper and <title>: the wrapper is written per use."""
    text = (DIRECTORY / f"{name}.svg").read_text(encoding="utf-8")
    inner = text[text.index(">", text.index("<svg")) + 1 : text.rindex("</svg>")]
    if "<title>" in inner:
        inner = inner[: inner.index("<title>")] + inner[inner.index("</title>") + 8 :]
    return inner


def render(name: str, decorative: bool = True, css_class: str = "picto") -> str:
    if name not in PICTOGRAMS:
        return ""
    attributes = (
        mark_safe('aria-hidden="true"')  # noqa: S308 (a constant)
        if decorative
        else format_html('role="img" aria-label="{}"', PICTOGRAMS[name])
    )
    return format_html(
        '<svg class="{}" {} focusable="false" viewBox="0 0 48 48" width="48" height="48" '
        'fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" '
        'stroke-linejoin="round">{}</svg>',
        css_class,
        attributes,
        mark_safe(_svg_body(name)),  # noqa: S308 (our own committed files, not user input)
    )
