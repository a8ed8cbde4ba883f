"""The map's data: the list's search, aggregated as GeoJSON points.

The map never searches on its own. It receives a `SearchFilterSet` already validated with the
page's query, so it shows exactly the people of the list, matched the same way. Positions are
commune centres, never anything more precise (domain rule 3).

One query counts the matches per home commune (the FilterSet's SQL, grouped, joined to the
communes for their name and centre). Then, from the number of communes found:

- **per commune** (up to `MAX_COMMUNE_FEATURES`): one point per commune with its count and its
  first `PEOPLE_PER_COMMUNE` people in the list's order (id, name, profile URL), from a second
  query; the browser clusters the points (markercluster);
- **grid** (more communes, typically the whole of France with no place chosen): the communes are
  gathered into cells of the finest grid in `GRID_STEPS` that keeps at most `MAX_GRID_CELLS`
  cells; each cell gives its count, the mean position of its people and its biggest commune,
  which the popup offers as « voir la liste autour de… ». No names: the answer stays small
  (about 150 bytes a cell, 150 KB at most) and is the same for everyone, so it may be cached.
  The browser clusters the cells too, summing their counts.
"""

import hashlib

from django.db import connection
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.http import urlencode

from epop.territories.models import Commune

from .filters import daily_seed
from .forms import PLACE_PARAMETERS

PEOPLE_PER_COMMUNE = 5
MAX_COMMUNE_FEATURES = 400
MAX_GRID_CELLS = 1000
# Longitude steps in degrees, finest first; latitude steps are three quarters of them, so that
# cells are about square in France (0.02° × 0.015° is about 1.5 × 1.7 km, a commune's size).
GRID_STEPS = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)
# Grid answers carry counts and commune names only, the same for every visitor: cached briefly.
GRID_CACHE_SECONDS = 300
# Browsers may reuse any answer for a minute (a new search has a new URL anyway).
BROWSER_CACHE_SECONDS = 60
COORDINATE_DIGITS = 4


def etag(payload: bytes) -> str:
    return hashlib.md5(payload, usedforsecurity=False).hexdigest()


def cache_key(query_string: str) -> str:
    return f"directory:map:grid:{daily_seed()}:{query_string}"


def build(filterset, search_url: str) -> dict:
    """The GeoJSON FeatureCollection for a valid filterset. `search_url` is the list page's URL
    for the same search without its place: the popups append `commune=<code>` to it."""
    queryset = filterset.qs
    communes = _communes(queryset, filterset.place)
    if filterset.place is None:
        communes.sort(key=lambda commune: (commune["name"], commune["code"]))
    if len(communes) <= MAX_COMMUNE_FEATURES:
        features, mode = _commune_features(queryset, communes), "communes"
    else:
        features, mode = _grid_features(communes), "grid"
    return {
        "type": "FeatureCollection",
        "mode": mode,
        "total": sum(commune["count"] for commune in communes),
        "search_url": search_url,
        "features": features,
    }


def _point(x: float, y: float, digits: int = COORDINATE_DIGITS) -> dict:
    return {"type": "Point", "coordinates": [round(x, digits), round(y, digits)]}


def _communes(queryset, place) -> list[dict]:
    """Matches per home commune, with the commune's name, department and centre, nearest first
    when the search has a place (every person of a commune is at the same distance)."""
    grouped = queryset.order_by().values("home_commune_id").annotate(count=Count("pk"))
    inner_sql, params = grouped.query.sql_with_params()
    commune_table = connection.ops.quote_name(Commune._meta.db_table)
    # Only the FilterSet's compiled SQL and a table name are formatted in; values are parameters.
    sql = f"""
        SELECT c.code, c.name, c.department_id,
            ST_X(c.centre::geometry), ST_Y(c.centre::geometry), matched.count
        FROM ({inner_sql}) matched
        JOIN {commune_table} c ON c.code = matched.home_commune_id
        WHERE c.centre IS NOT NULL
    """  # noqa: S608
    # ORDER BY: ties (same distance) keep a stable order by code.
    order_params = []
    if place is not None:
        sql += (
            " ORDER BY ST_Distance(c.centre, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography),"
            " c.code"
        )
        order_params = [place.x, place.y]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *order_params])
        rows = cursor.fetchall()
    return [
        {"code": code, "name": name, "dep": department, "x": x, "y": y, "count": count}
        for code, name, department, x, y, count in rows
    ]


def _commune_features(queryset, communes: list[dict]) -> list[dict]:
    """One feature per commune, with its first people in the list's order."""
    ordering = [
        expression for expression in queryset.query.order_by if not isinstance(expression, str)
    ]
    rows = (
        queryset.annotate(
            map_rank=Window(RowNumber(), partition_by=[F("home_commune_id")], order_by=ordering)
        )
        .filter(map_rank__lte=PEOPLE_PER_COMMUNE)
        .values_list("pk", "display_name", "home_commune_id", "map_rank")
    )
    people: dict[str, list] = {}
    for pk, name, code, _rank in sorted(rows, key=lambda row: row[3]):
        people.setdefault(code, []).append(
            {"id": pk, "name": name, "url": reverse("directory:profile", args=[pk])}
        )
    return [
        {
            "type": "Feature",
            "geometry": _point(commune["x"], commune["y"]),
            "properties": {
                "code": commune["code"],
                "commune": commune["name"],
                "dep": commune["dep"],
                "count": commune["count"],
                "people": people.get(commune["code"], []),
            },
        }
        for commune in communes
    ]


def _grid_features(communes: list[dict]) -> list[dict]:
    """Communes gathered into grid cells, biggest cells first."""
    for step in GRID_STEPS:
        cells: dict[tuple, dict] = {}
        for commune in communes:
            key = (round(commune["x"] / step), round(commune["y"] / (step * 0.75)))
            cell = cells.setdefault(key, {"count": 0, "x": 0.0, "y": 0.0, "main": commune})
            cell["count"] += commune["count"]
            cell["x"] += commune["x"] * commune["count"]
            cell["y"] += commune["y"] * commune["count"]
            if commune["count"] > cell["main"]["count"]:
                cell["main"] = commune
        if len(cells) <= MAX_GRID_CELLS:
            break
    ordered = sorted(cells.values(), key=lambda cell: (-cell["count"], cell["main"]["code"]))
    return [
        {
            "type": "Feature",
            "geometry": _point(cell["x"] / cell["count"], cell["y"] / cell["count"], 3),
            "properties": {
                "code": cell["main"]["code"],
                "commune": cell["main"]["name"],
                "dep": cell["main"]["dep"],
                "count": cell["count"],
            },
        }
        for cell in ordered
    ]


def search_url_without_place(filterset) -> str:
    query = filterset.canonical_query()
    for key in PLACE_PARAMETERS:
        query.pop(key, None)
    encoded = urlencode(sorted(query.lists()), doseq=True)
    return reverse("directory:home") + (f"?{encoded}" if encoded else "")
