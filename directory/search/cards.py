"""The result cards' words, phrased once in Python.

The results list is the directory's hot path: twenty cards on every search. A card template that
looked everything up itself (the commune's department, choice labels, the pause, the rounded
distance, the link carrying the search) cost about 0.17 ms a card, 3.4 ms a page; one that prints
ready values costs a third of that (decision 0015). The markup stays in `_card.html`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import date
from django.utils import timezone

from directory.profiles import choices
from directory.profiles.templatetags.directory import labels
from directory.search.templatetags.directory_search import initials

from .links import profile_path

# What a card shows, and all the page query reads: the lived-experience text, the travel zone's
# polygon and the rest of the profile stay off the wire and out of GEOS.
CARD_FIELDS = (
    "display_name", "photo", "job_title", "remote", "availability", "paused_until",
    "pause_display", "intervention_types", "formats",
    "home_commune__name", "home_commune__department__name",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResultCard:
    name: str
    url: str  # the public profile, carrying the search back (« Retour à l'annuaire »)
    photo_url: str
    initials: str
    job_title: str
    place: str  # « Bordeaux, Gironde (33) »
    distance: str  # « à 3 km », « à moins de 1 km », or "" without a place
    remote: bool
    availability: str  # "" when there is nothing to say
    availability_class: str
    interventions: str
    formats: str


def result_cards(page, *, with_distance: bool, query_string: str) -> list[ResultCard]:
    """The cards of a page of results; each profile link carries the search and the page."""
    if page.number > 1:
        query_string = "&".join(filter(None, [query_string, f"page={page.number}"]))
    suffix = f"?{query_string}" if query_string else ""
    today = timezone.localdate()
    return [_card(profile, with_distance, suffix, today) for profile in page.object_list]


def _card(profile, with_distance: bool, suffix: str, today) -> ResultCard:
    commune = profile.home_commune
    availability, availability_class = _availability(profile, today)
    return ResultCard(
        name=profile.display_name,
        url=profile_path(profile.pk) + suffix,
        photo_url=profile.photo.url if profile.photo else "",
        initials=initials(profile.display_name),
        job_title=profile.job_title,
        place=f"{commune.name}, {commune.department.name} ({commune.department_id})",
        distance=_distance(profile.distance_km) if with_distance else "",
        remote=profile.remote,
        availability=availability,
        availability_class=availability_class,
        interventions=", ".join(labels(profile.intervention_types, "intervention_types")),
        formats=", ".join(labels(profile.formats, "formats")),
    )


def _distance(kilometres: float) -> str:
    # Whole kilometres, rounded as the ranking rounds them (half up, like SQL's round()).
    whole = int(Decimal(repr(kilometres)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return "à moins de 1 km" if whole == 0 else f"à {whole} km"


def _availability(profile, today) -> tuple[str, str]:
    if profile.is_paused(today):
        until = f" jusqu'au {date(profile.paused_until, 'j F Y')}" if profile.paused_until else ""
        return f"En pause{until}", choices.Availability.EN_PAUSE
    if profile.availability == choices.Availability.EN_PAUSE:
        return "", ""  # a pause that has ended: nothing to announce
    return profile.get_availability_display(), profile.availability
