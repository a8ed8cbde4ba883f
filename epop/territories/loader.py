"""Load regions, departments and communes in the geo.api.gouv.fr format.

The same code reads the live API (`https://geo.api.gouv.fr`) or a folder holding `regions.json`,
`departements.json` and `communes.json` (CI, demos, machines without that access).

Three steps, so that a bad source never leaves the database half updated:

1. `sources.read_source()` fetches the three JSON documents;
2. `validation.validate()` checks every row and returns clean rows plus the list of bad ones;
3. `plan()` compares the clean rows with the database and `apply()` writes only what differs,
   in one transaction, with `INSERT … ON CONFLICT (code) DO UPDATE`.

Rows that are in the database but no longer in the source (communes merged away) are kept and
counted: profiles may still point to them (`on_delete=PROTECT`), and removing reference data is a
decision for a person, not for a loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from . import signals
from .models import Commune, Department, Region
from .sources import BATCH_SIZE, COORDINATE_DIGITS, CommuneRow, Territories

# Regions where the programme had a regional team when the platform opened, with the date each
# team started. Applied ONLY when the region row is created (first load on an empty database):
# afterwards the admin is the source of truth and reloading never touches these two fields.
INITIAL_REGIONAL_TEAMS: dict[str, date] = {
    "32": date(2021, 1, 1),  # Hauts-de-France
    "75": date(2021, 1, 1),  # Nouvelle-Aquitaine
    "76": date(2023, 10, 1),  # Occitanie
    "27": date(2024, 1, 1),  # Bourgogne-Franche-Comté
}


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
    # Communes only: the existing ones whose centre changes (signals.centres_moved).
    moved: list = field(default_factory=list)

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
        current = existing_communes.get(row.code)
        if current is not None and row.centre and current[-1] != _rounded(row.centre):
            communes.moved.append(row.code)
        _classify(
            communes,
            current,
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
        if plan.communes.moved:
            signals.centres_moved.send(sender=Commune, codes=plan.communes.moved)
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
