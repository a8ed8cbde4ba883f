"""Display helpers for profiles: choice labels for the array fields."""

from django import template
from django.utils.html import format_html, format_html_join
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


@register.filter
def labels(values, field_name):
    """["sensibilisation", ...] → ["Sensibilisation (équipes, élèves, grand public)", ...]."""
    enum = _LABELS[field_name]
    known = dict(enum.choices)
    return [known.get(value, value) for value in values or []]


@register.filter
def checkbox_options(field):
    """A multiple-choice field's checkboxes, with the markup of Django's CheckboxSelectMultiple.

    The search form has about ninety of them; rendering each through the widget templates cost
    about 10 ms per page, this costs well under one."""
    selected = {str(value) for value in (field.value() or [])}
    invalid = mark_safe(' aria-invalid="true"') if field.errors else ""  # noqa: S308 (constant)
    options = format_html_join(
        "",
        '<div><label for="{0}_{1}"><input type="checkbox" name="{2}" value="{3}" id="{0}_{1}"'
        "{4}{5}> {6}</label></div>",
        (
            (
                field.auto_id,
                index,
                field.html_name,
                value,
                mark_safe(" checked") if str(value) in selected else "",  # noqa: S308
                invalid,
                label,
            )
            for index, (value, label) in enumerate(field.field.choices)
        ),
    )
    return format_html('<div id="{}">{}</div>', field.auto_id, options)
