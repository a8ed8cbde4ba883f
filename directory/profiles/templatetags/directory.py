"""Display helpers for profiles: choice labels for the array fields."""

from functools import lru_cache

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from directory.profiles import choices

register = template.Library()

_LABELS = {
    "peer_roles": choices.PeerRole,
    "approaches": choices.Approach,
    "themes": choices.Theme,
    "intervention_types": choices.InterventionType,
    "audiences": choices.Audience,
    "sectors": choices.Sector,
    "formats": choices.Format,
    "work_modes": choices.WorkMode,
    "languages": choices.Language,
    "communication": choices.Communication,
}

# Built once: the result cards read two of these twenty times a page.
_KNOWN_LABELS = {name: dict(enum.choices) for name, enum in _LABELS.items()}


@register.filter
def labels(values, field_name):
    """["sensibilisation", ...] → ["Sensibilisation (équipes, élèves, grand public)", ...]."""
    known = _KNOWN_LABELS[field_name]
    return [known.get(value, value) for value in values or []]


@register.filter
def checkbox_options(field):
    """A multiple-choice field's checkboxes, with the markup of Django's CheckboxSelectMultiple.

    The search form has about ninety of them on every search page: through the widget templates
    they cost about 10 ms, escaped one by one 1.1 ms; the escaped markup of each box is built
    once per process (the choices are fixed), and a request only says which boxes are ticked."""
    selected = {str(value) for value in (field.value() or [])}
    invalid = ' aria-invalid="true"' if field.errors else ""
    boxes = _checkboxes(field.auto_id, field.html_name, tuple(field.field.choices))
    options = "".join(
        f"{before}{' checked' if value in selected else ''}{invalid}{after}"
        for value, before, after in boxes
    )
    return mark_safe(f'<div id="{escape(field.auto_id)}">{options}</div>')  # noqa: S308


@lru_cache(maxsize=64)
def _checkboxes(auto_id: str, html_name: str, options: tuple) -> tuple:
    """(value, escaped markup before « checked », escaped markup after it) for each choice."""
    return tuple(
        (
            str(value),
            format_html(
                '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" '
                'id="{0}_{1}"',
                auto_id,
                index,
                html_name,
                value,
            ),
            format_html("> {}</label></div>", label),
        )
        for index, (value, label) in enumerate(options)
    )
