"""Bug: the CSP source of a custom tile server was made by replacing "a." with "*.", so IGN's
`data.geopf.fr` became `dat*.geopf.fr` and every tile was blocked."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from epop.settings.tiles import tile_source

IGN_PLAN = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
    "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)


@pytest.mark.parametrize(
    ("template", "source"),
    [
        (IGN_PLAN, "https://data.geopf.fr"),
        (
            "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
            "https://*.tile.openstreetmap.fr",
        ),
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"),
        ("http://localhost:8080/tiles/{z}/{x}/{y}.png", "http://localhost:8080"),
        ("https://Tiles.Example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443"),
    ],
)
def test_the_csp_source_is_the_template_s_scheme_and_host(template, source):
    assert tile_source(template) == source


@pytest.mark.parametrize(
    "template",
    [
        "data.geopf.fr/{z}/{x}/{y}.png",  # no scheme
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.{s}.example.org/{z}/{x}/{y}.png",  # CSP has no wildcard in the middle
        "https://{s}/{z}/{x}/{y}.png",
    ],
)
def test_a_template_that_no_csp_source_can_describe_is_refused(template):
    with pytest.raises(ImproperlyConfigured):
        tile_source(template)


def test_the_policy_admits_the_configured_tile_host():
    """The settings read with IGN's template (as .env.example suggests) allow its host. Run in a
    fresh interpreter: the test settings switch tiles off."""
    code = (
        "from epop.settings import base; "
        "print(base.LEAFLET_CONFIG['TILES'][0][1]); print(base.SECURE_CSP['img-src'])"
    )
    environment = {**os.environ, "EPOP_MAP_TILES_URL": IGN_PLAN}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    template, img_src = result.stdout.splitlines()
    assert template == IGN_PLAN
    assert "'https://data.geopf.fr'" in img_src
