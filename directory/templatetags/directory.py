"""Display helpers for profiles: choice labels for the array fields."""

from django import template

from .. import choices

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
