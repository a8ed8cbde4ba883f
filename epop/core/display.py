"""Display preferences (text size, spacing, font, contrast, motion, easy-to-read).

Kept in a first-party cookie and rendered as data-* attributes on <html>, so they apply without
JavaScript and without a flash of the default style. The cookie is user input: only whitelisted
values ever reach a template.
"""

from collections.abc import Mapping

COOKIE_NAME = "affichage"
COOKIE_MAX_AGE = 365 * 24 * 3600

# The first value of each tuple is the default.
CHOICES: dict[str, tuple[str, ...]] = {
    "texte": ("100", "125", "150", "200"),
    "espacement": ("normal", "large"),
    "police": ("defaut", "atkinson", "opendyslexic"),
    "contraste": ("defaut", "renforce"),
    "animations": ("systeme", "reduites"),
    "falc": ("non", "oui"),
}


def defaults() -> dict[str, str]:
    return {key: allowed[0] for key, allowed in CHOICES.items()}


def parse(raw: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in raw.split("|"))
    saved = dict(pair for pair in pairs if len(pair) == 2)
    return {
        key: saved[key] if saved.get(key) in allowed else allowed[0]
        for key, allowed in CHOICES.items()
    }


def serialize(preferences: dict[str, str]) -> str:
    return "|".join(f"{key}:{preferences[key]}" for key in CHOICES)


def merge(current: dict[str, str], submitted: Mapping[str, str]) -> dict[str, str]:
    """Apply submitted values over the current ones. A value outside the whitelist (a forged or
    outdated form) is ignored rather than reported: the visitor keeps their current setting."""
    return {
        key: submitted.get(key) if submitted.get(key) in allowed else current[key]
        for key, allowed in CHOICES.items()
    }


def read_preferences(request) -> dict[str, str]:
    return parse(request.COOKIES.get(COOKIE_NAME, ""))
