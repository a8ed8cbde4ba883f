"""LEAFLET_CONFIG is the one source of the maps' configuration: the public map gets its view from
it through the search page, the admin's widgets through django-leaflet."""

from django.urls import reverse

from tests.factories import published_profile


def test_the_public_map_takes_its_view_from_leaflet_config(client, settings):
    settings.LEAFLET_CONFIG = {
        **settings.LEAFLET_CONFIG,
        "DEFAULT_CENTER": (45.75, 4.85),
        "DEFAULT_ZOOM": 7,
        "MIN_ZOOM": 3,
        "MAX_ZOOM": 16,
    }
    published_profile()
    html = client.get(reverse("directory:home"), {"lieu": "80021"}).content.decode()
    assert 'data-center="45.75,4.85"' in html
    assert 'data-zoom="7"' in html
    assert 'data-min-zoom="3"' in html and 'data-max-zoom="16"' in html
