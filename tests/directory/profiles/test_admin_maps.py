"""django-leaflet's map widgets in /gestion/: a commune's centre, a published profile's home point
and travel zone, shown read-only to national coordinators, with the page's CSP nonce on the one
inline script django-leaflet writes."""

import html as html_module
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from epop.accounts import groups
from epop.territories.models import Commune
from tests.factories import CoordinatorFactory, published_profile

NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture
def national_coordinator(db):
    groups.ensure_national_group()
    user = CoordinatorFactory(is_staff=True, email="nationale-cartes@example.org")
    groups.sync_membership(user)
    client = Client()
    client.force_login(user)
    return client


def scripts_of(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def assert_map_with_nonce(response, map_id: str):
    assert response.status_code == 200
    html = response.content.decode()
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    assert f'id="{map_id}"' in html
    inline = [tag for tag in scripts_of(html) if "src=" not in tag and "json" not in tag]
    assert inline, "django-leaflet's widget script is missing"
    assert all(f'nonce="{nonce}"' in tag for tag in inline)
    assert "leaflet/leaflet.js" in html
    return html


def test_a_commune_s_centre_is_shown_on_a_map(national_coordinator):
    amiens = Commune.objects.get(code="80021")
    response = national_coordinator.get(
        reverse("admin:territories_commune_change", args=[amiens.pk])
    )
    html = assert_map_with_nonce(response, "id_centre_map")
    # The geometry travels as GeoJSON in the widget's hidden field; it is never an input.
    geojson = json.loads(
        html_module.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1))
    )
    assert geojson["type"] == "Point"
    assert geojson["coordinates"] == pytest.approx([amiens.centre.x, amiens.centre.y])
    assert 'name="centre"' not in html


def test_a_published_profile_s_home_point_and_zone_are_shown_not_edited(national_coordinator):
    profile = published_profile()
    url = reverse("admin:directory_publishedprofile_change", args=[profile.pk])
    html = assert_map_with_nonce(national_coordinator.get(url), "id_home_point_map")
    assert 'id="id_zone_map"' in html
    assert "Polygon" in html
    assert 'name="zone"' not in html and 'name="home_point"' not in html
