"""Every home point is its commune's centre (the search relies on it, decision 0015): when the
official data moves a centre, the public records of that commune follow, travel zone included."""

import json
import shutil
from io import StringIO

from django.contrib.gis.geos import Point
from django.core.management import call_command

from directory.profiles.models import PublishedProfile
from tests.factories import published_profile
from tests.territories.conftest import FILE_NAMES, FIXTURE_DIR

AMIENS, ABBEVILLE = "80021", "80001"


def load_with(tmp_path, code, lon, lat):
    for name in FILE_NAMES:
        shutil.copy(FIXTURE_DIR / name, tmp_path / name)
    communes = json.loads((tmp_path / "communes.json").read_text(encoding="utf-8"))
    for row in communes:
        if row["code"] == code:
            row["centre"] = {"type": "Point", "coordinates": [lon, lat]}
    (tmp_path / "communes.json").write_text(json.dumps(communes), encoding="utf-8")
    call_command("load_territories", source=str(tmp_path), stdout=StringIO())


def test_a_moved_centre_moves_the_home_points_and_zones_of_its_commune(tmp_path):
    amiens = published_profile(display_name="Amiens", travel_radius_km=10).published
    abbeville = published_profile(display_name="Abbeville", home_commune_id=ABBEVILLE).published
    abbeville_point = abbeville.home_point

    load_with(tmp_path, AMIENS, 2.31, 49.9)

    amiens.refresh_from_db()
    abbeville.refresh_from_db()
    assert amiens.home_point.equals_exact(Point(2.31, 49.9, srid=4326), tolerance=1e-9)
    assert amiens.zone.contains(Point(2.31, 49.9, srid=4326))
    assert not amiens.zone.contains(Point(2.31, 50.1, srid=4326))  # 22 km north: outside 10 km
    assert abbeville.home_point == abbeville_point  # another commune: untouched
    assert PublishedProfile.objects.filter(home_point=None).count() == 0
