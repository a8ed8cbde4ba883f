"""How commune names are folded for search.

The same function builds `Commune.search_name` at load time and the key of every query, so the
database only ever compares plain lower-case ASCII words: no `unaccent()` call at query time, and
the trigram index on `search_name` answers accent- and punctuation-insensitive searches directly.
"""

import re
import unicodedata

# NFKD leaves these ligatures whole (they are letters, not letter + accent); people type "oe".
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
# Apostrophes, hyphens, brackets, dots…: everything that is not a letter or a digit separates words.
_SEPARATORS = re.compile(r"[\W_]+")
# Common abbreviations, expanded only in queries (names are stored in full).
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def fold(text: str) -> str:
    """« L'Haÿ-les-Roses » → "l hay les roses"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", stripped.lower()).strip()


def query_key(text: str) -> str:
    """Fold a query and expand "st"/"ste" into "saint"/"sainte".

    The last word is left alone because it may still be being typed: "st" alone is the start of
    "Strasbourg" far more often than an abbreviation.
    """
    words = fold(text).split()
    expanded = [_ABBREVIATIONS.get(word, word) for word in words[:-1]]
    return " ".join([*expanded, *words[-1:]])


# Names that start with a vowel sound take « d' »; an initial H is mute in French place names
# (d'Hazebrouck, d'Hyères, d'Hénin-Beaumont), so it counts as a vowel.
_ELIDING = tuple("AEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ")


def of_place(name: str) -> str:
    """« de » before a place name, contracted as French wants: d'Amiens, du Havre, des Andelys."""
    if name.startswith("Le "):
        return f"du {name[3:]}"
    if name.startswith("Les "):
        return f"des {name[4:]}"
    if name.upper().startswith(_ELIDING):
        return f"d'{name}"
    return f"de {name}"
