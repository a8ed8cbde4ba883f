"""What an alert looks for: criteria parsed from the search form, and their plain-French summary."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.geos import Point
from django.urls import reverse
from django.utils.http import urlencode

from directory.profiles import choices
from directory.profiles.models import PublishedProfile
from directory.search.forms import SearchFilterSet
from epop.territories.models import Commune
from epop.territories.text import of_place

from .models import (
    Alert,
)

logger = logging.getLogger(__name__)


# --- Criteria -----------------------------------------------------------------------------------


# Search parameter → Alert column, for the overlap filters.
ARRAY_FILTERS = {
    "intervention": "intervention_types",
    "theme": "themes",
    "audience": "audiences",
    "format": "formats",
    "work_mode": "work_modes",
    "language": "languages",
    "availability": "availabilities",
}


@dataclass
class Criteria:
    """A search read from a query string: Alert column values, and the normalised query."""

    values: dict
    query: str
    commune: Commune | None

    def as_alert(self, **extra) -> Alert:
        return Alert(**self.values, query=self.query, **extra)


def parse_search(data):
    """Read a search query string as the search page does. Returns (criteria, filterset); the
    criteria are None when the search is invalid or its place is ambiguous."""
    # The search page's own parser (DirectoryFilterSet plus the place typed as text, « lieu »):
    # an alert reads a query string exactly as the search page does.
    filterset = SearchFilterSet(data, queryset=PublishedProfile.objects.none())
    if not filterset.is_valid() or getattr(filterset, "place_choices", None):
        return None, filterset
    cleaned = filterset.form.cleaned_data
    point = filterset.place
    commune = getattr(filterset, "place_commune", None)
    values = {name: sorted(cleaned.get(param) or []) for param, name in ARRAY_FILTERS.items()}
    query = []
    if point is not None:
        radius = filterset.search_radius_km
        department = filterset.place_department(point) or ""
        values.update(
            commune=commune,
            point=Point(point.x, point.y, srid=4326),
            radius_km=radius,
            department=department,
            remote=bool(cleaned.get("remote")),
        )
        if commune is not None:
            query.append(("commune", commune.code))
        else:
            query += [("lat", f"{point.y:.5f}"), ("lon", f"{point.x:.5f}")]
        query.append(("radius_km", str(radius)))
        if values["remote"]:
            query.append(("remote", "on"))
    else:
        values.update(commune=None, point=None, radius_km=None, department="", remote=False)
    for param, name in ARRAY_FILTERS.items():
        query += [(param, value) for value in values[name]]
    return Criteria(values=values, query=urlencode(query), commune=commune), filterset


def _short(label: str) -> str:
    """« Sensibilisation (équipes, élèves, grand public) » → « Sensibilisation »."""
    return label.split(" (", 1)[0] if label.endswith(")") and " (" in label else label


def joined_labels(enum, values, joiner=" ou ") -> str:
    labels = dict(enum.choices)
    return joiner.join(_short(str(labels.get(value, value))) for value in values)


def summary(alert: Alert, *, for_mail: bool = False) -> str:
    """The criteria in plain French: « Sensibilisation, à moins de 30 km d'Amiens (80), à
    distance accepté ». In mails the experience themes are not named (domain rule 2: lived
    experience never travels by e-mail), only counted."""
    parts = []
    if alert.intervention_types:
        parts.append(joined_labels(choices.InterventionType, alert.intervention_types))
    if alert.point is not None:
        if alert.commune_id and alert.commune is not None:
            place = f"{alert.commune.name} ({alert.commune.department_id})"
            parts.append(f"à moins de {alert.radius_km} km {of_place(place)}")
        else:
            parts.append(f"à moins de {alert.radius_km} km de la position choisie")
        if alert.remote:
            parts.append("à distance accepté")
    else:
        parts.append("partout en France")
    if alert.themes:
        if for_mail:
            plural = "s" if len(alert.themes) > 1 else ""
            parts.append(f"{len(alert.themes)} thème{plural} d'expérience choisi{plural}")
        else:
            parts.append("thème : " + joined_labels(choices.Theme, alert.themes))
    if alert.audiences:
        parts.append("public : " + joined_labels(choices.Audience, alert.audiences))
    if alert.formats:
        parts.append("format : " + joined_labels(choices.Format, alert.formats))
    if alert.work_modes:
        parts.append("façon de travailler : " + joined_labels(choices.WorkMode, alert.work_modes))
    if alert.languages:
        parts.append("langue : " + joined_labels(choices.Language, alert.languages))
    if alert.availabilities:
        parts.append(joined_labels(choices.Availability, alert.availabilities).lower())
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def suggested_name(alert: Alert) -> str:
    """A first name for the alert, which the employer may change: « Sensibilisation – Amiens »."""
    parts = []
    if alert.intervention_types:
        parts.append(_short(choices.InterventionType(alert.intervention_types[0]).label))
    if alert.commune is not None:
        parts.append(alert.commune.name)
    elif alert.point is not None:
        parts.append("autour de ma position")
    elif not parts:
        parts.append("Tous les nouveaux profils")
    return " – ".join(parts)[:80]


def search_url(alert: Alert, *, absolute: bool = False) -> str:
    path = reverse("directory:home") + (f"?{alert.query}" if alert.query else "")
    return settings.SITE_URL.rstrip("/") + path if absolute else path
