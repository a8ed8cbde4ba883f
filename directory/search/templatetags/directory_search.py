"""The search that led to a page, carried in its links: « Retour à l'annuaire » on a profile.

Only the search's own parameters travel (the FilterSet's fields and the page number), each value
capped and stripped of control characters, and the link always points to the directory's search
page: a crafted query string can change which search is shown, never where the link goes.
"""

import re

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from ..forms import SearchFilterSet

register = template.Library()

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_VALUE_LENGTH = 100
MAX_VALUES = 30


def search_query(query) -> str:
    """The whitelisted search parameters of `query` (a QueryDict), URL-encoded, sorted."""
    allowed = {*SearchFilterSet.base_filters, "page"}
    pairs = []
    for key in sorted(set(query) & allowed):
        values = [
            value
            for value in query.getlist(key)[:MAX_VALUES]
            if value and len(value) <= MAX_VALUE_LENGTH and not _CONTROL.search(value)
        ]
        pairs.extend((key, value) for value in values)
    return urlencode(pairs)


@register.simple_tag(takes_context=True)
def search_back_url(context) -> str:
    """The directory's search page with the search found in the current request's query."""
    request = context.get("request")
    encoded = search_query(request.GET) if request is not None else ""
    return reverse("directory:home") + (f"?{encoded}" if encoded else "")


@register.filter
def initials(name: str) -> str:
    """« Inès A. » → « IA »: what a result card shows where a photo would be (decorative)."""
    letters = [
        word[0] for word in re.split(r"[\s\-.]+", str(name or "")) if word and word[0].isalpha()
    ]
    return "".join(letters[:2]).upper()


@register.filter
def active_filters(filterset) -> int:
    """How many filter boxes are ticked: the number « Filtres (n) » shows."""
    return sum(ticked for _field, _folded, ticked in filterset.checkbox_groups())


@register.filter
def filter_errors(filterset) -> bool:
    """Whether a filter group has an error: « Filtres » then opens to show it."""
    return any(field.errors for field, _folded, _ticked in filterset.checkbox_groups())
