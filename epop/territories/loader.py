"""Load regions, departments and communes in the geo.api.gouv.fr format.

The same code reads the live API (`https://geo.api.gouv.fr`) or a folder holding `regions.json`,
`departements.json` and `communes.json` (CI, demos, machines without that access).

Three steps, so that a bad source never leaves the database half updated:

1. `read_source()` fetches the three JSON documents;
2. `validate()` checks every row and returns clean rows plus the list of bad ones;
3. `plan()` compares the clean rows with the database and `apply()` writes only what differs,
   in one transaction, with `INSERT … ON CONFLICT (code) DO UPDATE`.

Rows that are in the database but no longer in the source (communes merged away) are kept and
counted: profiles may still point to them (`on_delete=PROTECT`), and removing reference data is a
decision for a person, not for a loader.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from .models import Commune, Department, Region
from .text import fold

# Regions where the programme had a regional team when the platform opened, with the date each
# team started. Applied ONLY when the region row is created (first load on an empty database):
# afterwards the admin is the source of truth and reloading never touches these two fields.
INITIAL_REGIONAL_TEAMS: dict[str, date] = {
    "32": date(2021, 1, 1),  # Hauts-de-France
    "75": date(2021, 1, 1),  # Nouvelle-Aquitaine
    "76": date(2023, 10, 1),  # Occitanie
    "27": date(2024, 1, 1),  # Bourgogne-Franche-Comté
}

COMMUNE_API_FIELDS = "nom,code,codeDepartement,codeRegion,codesPostaux,population,centre"
FILE_NAMES = {
    "regions": "regions.json",
    "departements": "departements.json",
    "communes": "communes.json",
}
API_PATHS = {
    "regions": "regions",
    "departements": "departements",
    "communes": f"communes?fields={COMMUNE_API_FIELDS}",
}

REGION_CODE = re.compile(r"\d{2,3}")
DEPARTMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
POSTCODE = re.compile(r"\d{5}")
# Stored coordinates are compared at this precision (about 1 cm) to decide whether a centre moved.
COORDINATE_DIGITS = 7
BATCH_SIZE = 2000
HTTP_TIMEOUT = 120


class SourceError(Exception):
    """The source cannot be read at all: missing file, HTTP error, invalid JSON."""


@dataclass(frozen=True)
class RowError:
    dataset: str
    index: int  # 1-based position in the JSON list, as a person counts
    code: str
    reason: str

    def __str__(self):
        return f"{FILE_NAMES[self.dataset]}, n° {self.index} (code {self.code}) : {self.reason}"


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    search_name: str
    department: str
    region: str
    postcodes: tuple[str, ...]
    postcode_prefixes: tuple[str, ...]
    population: int
    centre: tuple[float, float] | None  # (longitude, latitude)


@dataclass
class Territories:
    regions: list[RegionRow] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    communes: list[CommuneRow] = field(default_factory=list)


# --- 1. Reading ----------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return urlparse(source).scheme in {"http", "https"}


def describe_source(source: str) -> str:
    if is_url(source):
        return f"API {source.rstrip('/')}"
    return f"dossier {Path(source).resolve()}"


def read_source(source: str) -> dict[str, object]:
    """The three documents, parsed. A relative folder is resolved from the current directory."""
    if is_url(source):
        base = source.rstrip("/")
        return {name: _fetch_json(f"{base}/{path}", name) for name, path in API_PATHS.items()}
    folder = Path(source)
    if not folder.is_dir():
        raise SourceError(f"Le dossier {folder.resolve()} n'existe pas.")
    documents = {}
    for name, file_name in FILE_NAMES.items():
        path = folder / file_name
        try:
            body = path.read_bytes()
        except OSError as error:
            raise SourceError(f"Impossible de lire {path.resolve()} : {error.strerror}.") from error
        documents[name] = _parse_json(body, file_name)
    return documents


def _fetch_json(url: str, name: str) -> object:
    request = urllib.request.Request(  # noqa: S310 - is_url() allowed only http(s) schemes
        url,
        headers={
            "Accept": "application/json",
            # The full commune list is about 6 MB of JSON; gzip makes it about ten times smaller.
            "Accept-Encoding": "gzip",
            "User-Agent": "epop-load-territories",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            body = response.read()
            if response.headers.get("Content-Encoding", "").lower() == "gzip":
                body = gzip.decompress(body)
    except urllib.error.HTTPError as error:
        raise SourceError(f"{url} a répondu {error.code} {error.reason}.") from error
    except (urllib.error.URLError, OSError, EOFError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"{url} est injoignable : {reason}.") from error
    return _parse_json(body, FILE_NAMES[name])


def _parse_json(body: bytes, label: str) -> object:
    try:
        return json.loads(body)
    except UnicodeDecodeError as error:
        raise SourceError(f"{label} n'est pas encodé en UTF-8.") from error
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{label} n'est pas du JSON valide ({error.msg}, ligne {error.lineno}, "
            f"colonne {error.colno})."
        ) from error


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


# --- 3. Planning and writing ---------------------------------------------------------------------


@dataclass
class Changes:
    """What a load does to one table."""

    label: str
    # French agrees the participles with the noun: « régions créées », « départements créés ».
    feminine: bool = True
    to_write: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # In the database but absent from the source: kept, see the module docstring.
    missing_from_source: int = 0

    def summary(self, future: bool = False) -> str:
        e = "e" if self.feminine else ""
        if future:
            parts = [
                f"{self.created} à créer",
                f"{self.updated} à mettre à jour",
                f"{self.unchanged} inchangé{e}s",
            ]
        else:
            parts = [
                f"{self.created} créé{e}s",
                f"{self.updated} {'mises' if self.feminine else 'mis'} à jour",
                f"{self.unchanged} inchangé{e}s",
            ]
        if self.missing_from_source:
            parts.append(f"{self.missing_from_source} absent{e}s de la source (conservé{e}s)")
        return f"{self.label} : " + ", ".join(parts)


@dataclass
class Plan:
    regions: Changes
    departments: Changes
    communes: Changes
    # Names of the regions created by this load that start with a regional team.
    initial_teams: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Changes]:
        return [self.regions, self.departments, self.communes]

    @property
    def has_writes(self) -> bool:
        return any(changes.to_write for changes in self.tables)


def plan(data: Territories) -> Plan:
    """Compare the clean rows with the database: what to create, update, or leave alone."""
    regions = Changes("Régions")
    existing_regions = dict(Region.objects.values_list("code", "name"))
    initial_teams = []
    for row in data.regions:
        if row.code not in existing_regions:
            team_since = INITIAL_REGIONAL_TEAMS.get(row.code)
            if team_since:
                initial_teams.append(row.name)
            regions.created += 1
            regions.to_write.append(
                Region(
                    code=row.code,
                    name=row.name,
                    has_regional_team=team_since is not None,
                    regional_team_since=team_since,
                )
            )
        elif existing_regions[row.code] != row.name:
            regions.updated += 1
            regions.to_write.append(Region(code=row.code, name=row.name))
        else:
            regions.unchanged += 1
    regions.missing_from_source = len(existing_regions.keys() - {r.code for r in data.regions})

    departments = Changes("Départements", feminine=False)
    existing_departments = {
        code: (name, region)
        for code, name, region in Department.objects.values_list("code", "name", "region_id")
    }
    for row in data.departments:
        _classify(
            departments,
            existing_departments.get(row.code),
            (row.name, row.region),
            lambda row=row: Department(code=row.code, name=row.name, region_id=row.region),
        )
    departments.missing_from_source = len(
        existing_departments.keys() - {d.code for d in data.departments}
    )

    communes = Changes("Communes")
    existing_communes = {row[0]: row[1:] for row in _existing_commune_rows()}
    for row in data.communes:
        _classify(
            communes,
            existing_communes.get(row.code),
            (
                row.name,
                row.search_name,
                row.department,
                row.region,
                row.postcodes,
                row.postcode_prefixes,
                row.population,
                _rounded(row.centre),
            ),
            lambda row=row: _commune(row),
        )
    communes.missing_from_source = len(existing_communes.keys() - {c.code for c in data.communes})

    return Plan(regions, departments, communes, initial_teams=sorted(initial_teams))


def _existing_commune_rows():
    rows = (
        Commune.objects.annotate(
            # Two floats are much cheaper to build and compare than 35,000 GEOS points.
            lon=RawSQL("ST_X(centre::geometry)", []),
            lat=RawSQL("ST_Y(centre::geometry)", []),
        )
        .values_list(
            "code",
            "name",
            "search_name",
            "department_id",
            "region_id",
            "postcodes",
            "postcode_prefixes",
            "population",
            "lon",
            "lat",
        )
        .iterator(chunk_size=5000)
    )
    for *values, postcodes, prefixes, population, lon, lat in rows:
        centre = None if lon is None else (lon, lat)
        yield (*values, tuple(postcodes), tuple(prefixes), population, _rounded(centre))


def _rounded(centre: tuple[float, float] | None) -> tuple[float, float] | None:
    if centre is None:
        return None
    return round(centre[0], COORDINATE_DIGITS), round(centre[1], COORDINATE_DIGITS)


def _classify(changes: Changes, current, wanted, build) -> None:
    if current is None:
        changes.created += 1
        changes.to_write.append(build())
    elif current != wanted:
        changes.updated += 1
        changes.to_write.append(build())
    else:
        changes.unchanged += 1


def _commune(row: CommuneRow) -> Commune:
    return Commune(
        code=row.code,
        name=row.name,
        search_name=row.search_name,
        department_id=row.department,
        region_id=row.region,
        postcodes=list(row.postcodes),
        postcode_prefixes=list(row.postcode_prefixes),
        population=row.population,
        centre=Point(*row.centre, srid=4326) if row.centre else None,
    )


def apply(plan: Plan) -> None:
    """Write the planned rows in one transaction; unchanged rows are not touched at all."""
    with transaction.atomic():
        # Only the name is updated on a region that exists: has_regional_team and
        # regional_team_since belong to the admin once the row exists.
        _upsert(Region, plan.regions.to_write, ["name"])
        _upsert(Department, plan.departments.to_write, ["name", "region"])
        _upsert(
            Commune,
            plan.communes.to_write,
            [
                "name",
                "search_name",
                "department",
                "region",
                "postcodes",
                "postcode_prefixes",
                "population",
                "centre",
            ],
        )
        # Fresh statistics right away, so the planner does not pick sequential scans for the
        # autocomplete while waiting for autovacuum (it can run inside the transaction).
        with connection.cursor() as cursor:
            for model in (Region, Department, Commune):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _upsert(model, objects: list, update_fields: list[str]) -> None:
    if objects:
        model.objects.bulk_create(
            objects,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=update_fields,
        )
