"""Derive the map's own background from the IGN Admin Express outlines in ../shared/data/contours.

Writes static/geo/france-contours.json: one GeoJSON FeatureCollection with the metropolitan
departments (`kind: "departement"`, `code`, `nom`) and regions (`kind: "region"`, `code`, `nom`),
further simplified for a map drawn at country to department scale.

Method: each ring is simplified with Douglas–Peucker (tolerance TOLERANCE degrees, about 1 km),
rings that end up with fewer than four points or smaller than MIN_AREA square degrees are
dropped (small islands), and coordinates are rounded to PRECISION decimals (about 100 m). Rings
are simplified one by one, so neighbouring departments may differ by up to the tolerance along
a shared border: invisible at the zoom levels where the background is drawn, where the outlines
are a landmark, not a survey. Plain Python, no GIS library needed:

    .venv/bin/python scripts/simplify_contours.py [../shared/data/contours]

Source and licence: IGN Admin Express COG 2018 via gregoiredavid/france-geojson, Licence Ouverte
(Etalab); the map shows « Contours : IGN Admin Express, Licence Ouverte ».
"""

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "static" / "geo" / "france-contours.json"
TOLERANCE = 0.008
MIN_AREA = 0.0004
PRECISION = 3
SOURCES = (
    ("departement", "departements-version-simplifiee.geojson"),
    ("region", "regions-version-simplifiee.geojson"),
)


def _distance_to_segment(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def douglas_peucker(points, tolerance):
    """Iterative Douglas–Peucker: keep the points farther than `tolerance` from the chord."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend(((first, index), (index, last)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _area(ring):
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))) / 2
    )


def simplify_ring(ring):
    # A closed ring's first and last points are the same: split it in two halves so that
    # Douglas–Peucker has a chord to measure against.
    middle = len(ring) // 2
    half1 = douglas_peucker(ring[: middle + 1], TOLERANCE)
    half2 = douglas_peucker(ring[middle:], TOLERANCE)
    simplified = half1[:-1] + half2
    rounded = []
    for x, y in simplified:
        point = [round(x, PRECISION), round(y, PRECISION)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 4 or _area(rounded) < MIN_AREA:
        return None
    return rounded


def simplify_polygon(rings):
    outer = simplify_ring(rings[0])
    if outer is None:
        return None
    holes = [hole for hole in map(simplify_ring, rings[1:]) if hole]
    return [outer, *holes]


def simplify_geometry(geometry):
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    kept = [polygon for polygon in map(simplify_polygon, polygons) if polygon]
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def main(source_dir: Path) -> None:
    features = []
    for kind, name in SOURCES:
        collection = json.loads((source_dir / name).read_text(encoding="utf-8"))
        for feature in collection["features"]:
            geometry = simplify_geometry(feature["geometry"])
            if geometry is None:
                continue
            properties = feature["properties"]
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "kind": kind,
                        "code": properties["code"],
                        "nom": properties["nom"],
                    },
                    "geometry": geometry,
                }
            )
    payload = json.dumps(
        {
            "type": "FeatureCollection",
            "attribution": "Contours : IGN Admin Express, Licence Ouverte",
            "features": features,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(payload)
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(features)} outlines, {len(payload) // 1024} KB, "
        f"{len(gzip.compress(payload, 9)) // 1024} KB gzip-compressed"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "contours")
