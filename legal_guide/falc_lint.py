"""A writing aid for easy-to-read text (accessibility.md §2.8): flags long sentences, forbidden
signs, percentages, numeric dates and words in capitals. It helps writers; only a review by
people with intellectual disabilities validates a FALC text."""

import re

MAX_WORDS = 15
FORBIDDEN = (";", "(", ")", "[", "]", "…", "%")
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(/\d{2,4})?\b")
CAPITALS = re.compile(r"\b[A-ZÀ-Ý]{4,}\b")
# Acronyms a reader meets on official letters and that the pages explain.
KNOWN_ACRONYMS = {"RQTH", "MDPH", "ESAT", "CPAM", "URSSAF", "ACRE", "FALC"}


def warnings(text: str) -> list[str]:
    found = []
    plain = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", plain):
        words = sentence.split()
        if len(words) > MAX_WORDS:
            found.append(f"Phrase de {len(words)} mots : « {' '.join(words[:6])}… »")
    for sign in FORBIDDEN:
        if sign in plain:
            found.append(f"Signe à éviter : « {sign} »")
    if NUMERIC_DATE.search(plain):
        found.append("Date en chiffres : écrivez le mois en lettres.")
    for word in sorted(set(CAPITALS.findall(plain)) - KNOWN_ACRONYMS):
        found.append(f"Mot en capitales : « {word} »")
    return found
