import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from epop.territories.models import Commune, Department, Region

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "territories"
FILE_NAMES = ("regions.json", "departements.json", "communes.json")


def fixture_rows(name: str) -> list[dict]:
    return json.loads((FIXTURE_DIR / name).read_text(encoding="utf-8"))


def fixture_commune(code: str) -> dict:
    return next(row for row in fixture_rows("communes.json") if row["code"] == code)


@pytest.fixture(autouse=True)
def _territories_loaded(db):
    """The session loads the fixture once, but a transactional test (the browser tests use a
    live server) flushes every table when it ends: reload inside this test's transaction."""
    if not Commune.objects.exists():
        call_command("load_territories", source=str(FIXTURE_DIR), verbosity=0)


class SourceFolder:
    """A writable copy of the fixture folder, for tests that break or change the source."""

    def __init__(self, path: Path):
        self.path = path
        for name in FILE_NAMES:
            shutil.copy(FIXTURE_DIR / name, path / name)

    def __str__(self):
        return str(self.path)

    def read(self, name: str) -> list:
        return json.loads((self.path / name).read_text(encoding="utf-8"))

    def write(self, name: str, rows) -> None:
        (self.path / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    def edit_commune(self, code: str, **changes) -> None:
        rows = self.read("communes.json")
        for row in rows:
            if row["code"] == code:
                row.update(changes)
        self.write("communes.json", rows)


@pytest.fixture
def source(tmp_path):
    return SourceFolder(tmp_path)


def snapshot() -> dict:
    """Every column of the three tables, to prove that a refused load changed nothing."""
    return {
        "regions": list(Region.objects.order_by("code").values_list()),
        "departments": list(Department.objects.order_by("code").values_list()),
        "communes": [
            (*row[:-1], row[-1].wkt if row[-1] else None)
            for row in Commune.objects.order_by("code").values_list(
                "code",
                "name",
                "search_name",
                "department_id",
                "region_id",
                "postcodes",
                "postcode_prefixes",
                "population",
                "centre",
            )
        ],
    }
