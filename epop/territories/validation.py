"""Step 2 of the territories loader: every row checked, clean rows kept, bad ones reported."""

from __future__ import annotations

import json
import math
import re

from .sources import (
    COMMUNE_CODE,
    DEPARTMENT_CODE,
    FILE_NAMES,
    POSTCODE,
    REGION_CODE,
    CommuneRow,
    DepartmentRow,
    RegionRow,
    RowError,
    SourceError,
    Territories,
)
from .text import fold

# --- 2. Validation -------------------------------------------------------------------------------


class _RowProblem(Exception):
    """One reason why a row is refused; caught per row so every bad row gets reported."""


def validate(documents: dict[str, object]) -> tuple[Territories, list[RowError]]:
    """Check every row of the three documents; return the clean rows and all the bad ones."""
    for name, document in documents.items():
        if not isinstance(document, list):
            raise SourceError(f"{FILE_NAMES[name]} doit contenir une liste d'objets JSON.")

    data = Territories()
    errors: list[RowError] = []

    region_codes: dict[str, int] = {}
    for index, row in enumerate(documents["regions"], start=1):
        try:
            code = _code(row, "code", REGION_CODE)
            _not_seen(code, region_codes)
            data.regions.append(RegionRow(code=code, name=_name(row, 100)))
            region_codes[code] = index
        except _RowProblem as problem:
            errors.append(RowError("regions", index, _code_for_report(row), str(problem)))

    department_regions: dict[str, str] = {}
    seen_departments: dict[str, int] = {}
    for index, row in enumerate(documents["departements"], start=1):
        try:
            code = _code(row, "code", DEPARTMENT_CODE)
            _not_seen(code, seen_departments)
            region = _reference(row, "codeRegion", region_codes, "région inconnue")
            data.departments.append(DepartmentRow(code=code, name=_name(row, 100), region=region))
            seen_departments[code] = index
            department_regions[code] = region
        except _RowProblem as problem:
            errors.append(RowError("departements", index, _code_for_report(row), str(problem)))

    seen_communes: dict[str, int] = {}
    for index, row in enumerate(documents["communes"], start=1):
        try:
            code = _code(row, "code", COMMUNE_CODE)
            _not_seen(code, seen_communes)
            name = _name(row, 150)
            department = _reference(
                row, "codeDepartement", department_regions, "département inconnu"
            )
            region = _reference(row, "codeRegion", region_codes, "région inconnue")
            if department_regions[department] != region:
                raise _RowProblem(
                    f"la région « {region} » n'est pas celle du département {department} "
                    f"(« {department_regions[department]} »)"
                )
            postcodes = _postcodes(row)
            data.communes.append(
                CommuneRow(
                    code=code,
                    name=name,
                    search_name=fold(name),
                    department=department,
                    region=region,
                    postcodes=postcodes,
                    postcode_prefixes=postcode_prefixes(postcodes),
                    population=_population(row),
                    centre=_centre(row),
                )
            )
            seen_communes[code] = index
        except _RowProblem as problem:
            errors.append(RowError("communes", index, _code_for_report(row), str(problem)))

    return data, errors


def _code_for_report(row) -> str:
    code = row.get("code") if isinstance(row, dict) else None
    return str(code) if code not in (None, "") else "absent"


def _field(row, key: str):
    if not isinstance(row, dict):
        raise _RowProblem("la ligne n'est pas un objet JSON")
    if row.get(key) is None:
        raise _RowProblem(f"champ obligatoire manquant : {key}")
    return row[key]


def _code(row, key: str, pattern: re.Pattern) -> str:
    value = _field(row, key)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _RowProblem(f"{key} invalide : {json.dumps(value, ensure_ascii=False)}")
    return value


def _not_seen(code: str, seen: dict[str, int]) -> None:
    if code in seen:
        raise _RowProblem(f"code en double (déjà présent au n° {seen[code]})")


def _name(row, max_length: int) -> str:
    value = _field(row, "nom")
    if not isinstance(value, str) or not value.strip():
        raise _RowProblem("nom vide ou invalide")
    if len(value) > max_length:
        raise _RowProblem(f"nom trop long ({len(value)} caractères, {max_length} au plus)")
    return value.strip()


def _reference(row, key: str, known, problem: str) -> str:
    value = _field(row, key)
    if not isinstance(value, str) or value not in known:
        raise _RowProblem(f"{problem} : {json.dumps(value, ensure_ascii=False)}")
    return value


def _postcodes(row) -> tuple[str, ...]:
    # Some overseas collectivities (Kerguelen, Crozet…) have no postcode: an empty list is valid.
    value = row.get("codesPostaux") or []
    if not isinstance(value, list) or not all(
        isinstance(code, str) and POSTCODE.fullmatch(code) for code in value
    ):
        raise _RowProblem(f"codesPostaux invalides : {json.dumps(value, ensure_ascii=False)}")
    # Keep the source order (the first one is shown in labels) but drop repeats.
    return tuple(dict.fromkeys(value))


def postcode_prefixes(postcodes) -> tuple[str, ...]:
    """("80000", "80080") → ("80", "800", "8000", "80000", "8008", "80080"): what a search for a
    postcode being typed looks up (see `Commune.postcode_prefixes`)."""
    return tuple(
        sorted({code[:length] for code in postcodes for length in range(2, len(code) + 1)})
    )


def _population(row) -> int:
    # A few collectivities have no published population (null): stored as 0.
    value = row.get("population")
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _RowProblem(f"population invalide : {json.dumps(value)}")
    return value


def _centre(row) -> tuple[float, float] | None:
    value = row.get("centre")
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") != "Point":
        raise _RowProblem("centre invalide : un point GeoJSON est attendu")
    coordinates = value.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) != 2
        or not all(_is_number(number) for number in coordinates)
    ):
        raise _RowProblem("centre invalide : coordonnées [longitude, latitude] attendues")
    lon, lat = (float(number) for number in coordinates)
    if not -180 <= lon <= 180:
        raise _RowProblem(f"centre invalide : longitude hors limites ({lon})")
    if not -90 <= lat <= 90:
        raise _RowProblem(f"centre invalide : latitude hors limites ({lat})")
    return lon, lat


def _is_number(value) -> bool:
    # JSON booleans are ints in Python, and Python's json accepts NaN and Infinity: refuse them.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
