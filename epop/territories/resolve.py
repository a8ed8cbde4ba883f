"""What a commune typed as text means, resolved the same way everywhere a form takes one
without JavaScript (the profile editor, a contact request, a search, an alert): an exact name,
« Nom (code postal) », « Nom (département) », a postcode or an INSEE code. Accents, case and
hyphens do not matter (text.fold)."""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from .models import Commune
from .search import is_searchable, search_communes
from .text import fold, query_key

# « Amiens (80000) », the autocomplete's label; « Saint-Denis (93) », with a department.
_WITH_POSTCODE = re.compile(r"(?P<name>.*?\S)\s*\(\s*(?P<postcode>\d{5})\s*\)")
_WITH_DEPARTMENT = re.compile(r"(?P<name>.*?\S)\s*\(\s*(?P<department>\d{2,3}|2[AaBb])\s*\)")
_DIGITS = re.compile(r"\d{5}|2[AaBb]\d{3}")
_POSTCODE = re.compile(r"\d{5}")


@dataclass
class CommuneMatch:
    """What a typed commune means: one commune, several to choose from, or nothing."""

    commune: Commune | None = None
    candidates: list[Commune] = field(default_factory=list)
    # False when the candidates are only close spellings (no exact name matched).
    exact: bool = True


def resolve_commune(text: str) -> CommuneMatch:
    """Resolve what was typed in the commune field without JavaScript (or not picked from the
    suggestions): an exact name, « Nom (code postal) », « Nom (département) », a postcode or an
    INSEE code. Accents, case and hyphens do not matter."""
    text = (text or "").strip()
    if not text or not is_searchable(text):
        # Overlong or malformed: no query at all; the field's own validation says why.
        return CommuneMatch()
    communes = Commune.objects.select_related("department")
    compact = re.sub(r"\s+", "", text)
    if _DIGITS.fullmatch(compact):
        code = compact.upper()
        found = list(
            communes.filter(Q(postcodes__contains=[code]) | Q(code=code)).order_by(
                "-population", "code"
            )
        )
    elif match := _WITH_POSTCODE.fullmatch(text):
        found = list(
            communes.filter(
                search_name=fold(match["name"]), postcodes__contains=[match["postcode"]]
            )
        )
    elif match := _WITH_DEPARTMENT.fullmatch(text):
        found = list(
            communes.filter(
                search_name=fold(match["name"]), department_id=match["department"].upper()
            )
        )
    else:
        key = query_key(text)
        found = list(
            communes.filter(search_name__in={key, fold(text)}).order_by("-population", "code")
        )
    if len(found) == 1:
        return CommuneMatch(commune=found[0])
    if found:
        return CommuneMatch(candidates=found)
    # No exact match: close spellings (« Amien », « Bordaux ») to pick from, never chosen for
    # the person.
    close = search_communes(text, limit=8)
    ids = [commune.code for commune in close]
    ordered = {c.code: c for c in communes.filter(code__in=ids)}
    return CommuneMatch(candidates=[ordered[code] for code in ids if code in ordered], exact=False)


def matches_exactly(commune: Commune, text: str) -> bool:
    """Whether `text` names this commune without doubt: its name, INSEE code, one of its
    postcodes, or its label « Nom (code postal) » (accents, case and hyphens aside)."""
    text = text.strip()
    label = _WITH_POSTCODE.fullmatch(text)
    if label:
        return fold(label["name"]) == fold(commune.name) and label["postcode"] in (
            commune.postcodes or []
        )
    compact = re.sub(r"\s+", "", text).upper()
    if compact == commune.code:
        return True
    if _POSTCODE.fullmatch(compact):
        return compact in (commune.postcodes or [])
    return query_key(text) == fold(commune.name)
