"""The Content-Security-Policy source that lets the map load tiles from a tile server.

A tile URL is a Leaflet template (`https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png`,
`https://data.geopf.fr/wmts?…&TILEMATRIX={z}…`): the source is its scheme and host (and port),
where a placeholder label such as `{s}` (the subdomains a, b, c) becomes the CSP wildcard `*`.
CSP only allows a wildcard as the leftmost label, so a placeholder anywhere else is refused.
"""

import re

from django.core.exceptions import ImproperlyConfigured

_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def tile_source(template: str) -> str:
    """`https://{s}.tile.openstreetmap.fr/…` → `https://*.tile.openstreetmap.fr`."""
    scheme, separator, rest = template.strip().partition("://")
    # The host (and port) ends at the path, the query or the fragment; placeholders there, such
    # as {z}/{x}/{y}, do not matter.
    host = re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
    if not separator or scheme.lower() not in {"http", "https"} or not host or "@" in host:
        raise ImproperlyConfigured(f"EPOP_MAP_TILES_URL n'est pas une adresse http(s) : {template}")
    first, dot, others = host.partition(".")
    if _PLACEHOLDER.search(first):
        first = "*"
    if _PLACEHOLDER.search(others) or not dot and first == "*":
        raise ImproperlyConfigured(
            f"EPOP_MAP_TILES_URL : seul le premier élément du nom d'hôte peut varier ({template})."
        )
    return f"{scheme.lower()}://{first}{dot}{others}"
