import gzip
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from epop.territories import loader, validation
from epop.territories.models import Commune, Department, Region

from .conftest import FIXTURE_DIR, fixture_commune, fixture_rows, snapshot


def load(source, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_territories", source=str(source), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def load_refused(source) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("load_territories", source=str(source), stdout=out, stderr=err)
    return str(refused.value), err.getvalue()


def empty_tables():
    Commune.objects.all().delete()
    Department.objects.all().delete()
    Region.objects.all().delete()


# --- Loading the fixture -------------------------------------------------------------------------


def test_fixture_is_loaded_in_full():
    assert Region.objects.count() == len(fixture_rows("regions.json")) == 26
    assert Department.objects.count() == len(fixture_rows("departements.json")) == 109
    assert Commune.objects.count() == len(fixture_rows("communes.json"))


def test_commune_fields_come_from_the_source():
    amiens = Commune.objects.get(code="80021")
    source = fixture_commune("80021")

    assert amiens.name == "Amiens"
    assert amiens.department_id == "80"
    assert amiens.region_id == "32"
    assert amiens.postcodes == ["80000", "80080", "80090"]
    assert amiens.population == source["population"]
    assert (amiens.centre.x, amiens.centre.y) == tuple(source["centre"]["coordinates"])
    assert amiens.centre.srid == 4326
    # Every 2- to 5-digit prefix of every postcode, for the postcode autocomplete.
    assert amiens.postcode_prefixes == [
        *["80", "800", "8000", "80000"],
        *["8008", "80080"],
        *["8009", "80090"],
    ]


def test_search_name_is_folded():
    names = dict(Commune.objects.values_list("code", "search_name"))
    assert names["94038"] == "l hay les roses"  # L'Haÿ-les-Roses
    assert names["27229"] == "evreux"  # Évreux
    assert names["42218"] == "saint etienne"  # Saint-Étienne
    assert names["71076"] == "chalon sur saone"  # Chalon-sur-Saône


def test_commune_without_centre_population_or_postcode_is_accepted():
    trois_lacs = Commune.objects.get(code="27676")
    assert "centre" not in fixture_commune("27676")
    assert trois_lacs.centre is None
    assert trois_lacs.population == 1735

    kerguelen = Commune.objects.get(code="98412")  # population null, no postcode, no centre
    assert (kerguelen.population, kerguelen.postcodes, kerguelen.centre) == (0, [], None)


def test_relative_folder_is_resolved_from_the_current_directory(monkeypatch):
    monkeypatch.chdir(FIXTURE_DIR.parent)
    out, _ = load("territories")
    assert f"Source : dossier {FIXTURE_DIR}" in out
    assert "Communes : 0 créées, 0 mises à jour" in out


def test_default_source_is_the_setting(settings):
    settings.TERRITORIES_SOURCE = str(FIXTURE_DIR)
    out = StringIO()
    call_command("load_territories", stdout=out)
    assert f"Source : dossier {FIXTURE_DIR}" in out.getvalue()


def test_missing_folder_is_refused(tmp_path):
    message, _ = load_refused(tmp_path / "nowhere")
    assert "n'existe pas" in message
    assert "Aucune donnée modifiée" in message


# --- Idempotence and updates ---------------------------------------------------------------------


def test_second_run_changes_nothing_and_says_so():
    before = snapshot()
    out, err = load(FIXTURE_DIR)

    communes = len(fixture_rows("communes.json"))
    assert "Régions : 0 créées, 0 mises à jour, 26 inchangées" in out
    assert "Départements : 0 créés, 0 mis à jour, 109 inchangés" in out
    assert f"Communes : 0 créées, 0 mises à jour, {communes} inchangées" in out
    assert err == ""
    assert snapshot() == before


def test_changed_and_new_rows_are_upserted(source):
    source.edit_commune(
        "80021", population=140000, codesPostaux=["80000"], centre=None, nom="Amiens-Test"
    )
    communes = source.read("communes.json")
    communes.append(
        {
            "nom": "Commune-Nouvelle-Test",
            "code": "80999",
            "codeDepartement": "80",
            "codeRegion": "32",
            "codesPostaux": ["80800"],
            "population": 200,
            "centre": {"type": "Point", "coordinates": [2.5, 49.9]},
        }
    )
    source.write("communes.json", communes)

    out, _ = load(source)

    assert f"Communes : 1 créées, 1 mises à jour, {len(communes) - 2} inchangées" in out
    amiens = Commune.objects.get(code="80021")
    assert (amiens.name, amiens.search_name, amiens.population) == (
        "Amiens-Test",
        "amiens test",
        140000,
    )
    assert amiens.postcodes == ["80000"]
    assert "8008" not in amiens.postcode_prefixes
    assert amiens.centre is None
    assert Commune.objects.get(code="80999").department_id == "80"


def test_rows_missing_from_the_source_are_kept_and_counted(source):
    source.write("communes.json", [c for c in source.read("communes.json") if c["code"] != "80001"])
    out, _ = load(source)
    assert "1 absentes de la source (conservées)" in out
    assert Commune.objects.filter(code="80001").exists()


def test_dry_run_writes_nothing(source):
    source.edit_commune("80021", population=1)
    before = snapshot()
    out, _ = load(source, dry_run=True)
    assert "Communes : 0 à créer, 1 à mettre à jour" in out
    assert "rien n'a été écrit" in out
    assert snapshot() == before


# --- Regional teams ------------------------------------------------------------------------------


def test_new_regions_get_the_initial_regional_teams():
    empty_tables()
    out, _ = load(FIXTURE_DIR)

    teams = dict(
        Region.objects.filter(has_regional_team=True).values_list("code", "regional_team_since")
    )
    assert teams == {
        "32": date(2021, 1, 1),
        "75": date(2021, 1, 1),
        "76": date(2023, 10, 1),
        "27": date(2024, 1, 1),
    }
    assert teams == loader.INITIAL_REGIONAL_TEAMS
    assert "Hauts-de-France, Nouvelle-Aquitaine, Occitanie" in out


def test_reload_keeps_regional_teams_edited_in_the_admin(source):
    Region.objects.filter(code="32").update(has_regional_team=False, regional_team_since=None)
    Region.objects.filter(code="11").update(
        has_regional_team=True, regional_team_since=date(2026, 9, 1)
    )
    regions = source.read("regions.json")
    for region in regions:
        if region["code"] == "32":
            region["nom"] = "Hauts-de-France (nouveau nom)"
    source.write("regions.json", regions)

    out, _ = load(source)

    assert "Régions : 0 créées, 1 mises à jour, 25 inchangées" in out
    hdf = Region.objects.get(code="32")
    assert hdf.name == "Hauts-de-France (nouveau nom)"
    assert (hdf.has_regional_team, hdf.regional_team_since) == (False, None)
    idf = Region.objects.get(code="11")
    assert (idf.has_regional_team, idf.regional_team_since) == (True, date(2026, 9, 1))
    assert "Équipe régionale activée" not in out


# --- Refused sources -----------------------------------------------------------------------------


def test_invalid_json_is_refused_and_nothing_changes(source):
    source.edit_commune("80021", population=1)  # a valid change that must not be applied
    (source.path / "departements.json").write_text('[{"nom": "Ain", "code": "01",', "utf-8")
    before = snapshot()

    message, _ = load_refused(source)

    assert "departements.json n'est pas du JSON valide" in message
    assert "ligne 1" in message
    assert snapshot() == before


def test_every_bad_row_is_reported_and_nothing_changes(source):
    communes = source.read("communes.json")
    by_code = {row["code"]: row for row in communes}
    del by_code["80001"]["nom"]  # missing field
    by_code["80016"]["centre"] = {"type": "Point", "coordinates": [2.65, 95.0]}  # latitude
    by_code["80212"]["codeDepartement"] = "999"  # unknown department
    by_code["80253"]["centre"] = {"type": "Point", "coordinates": ["2.35", 50.15]}  # not a number
    by_code["80620"]["codeRegion"] = "75"  # Somme is not in Nouvelle-Aquitaine
    by_code["80561"]["code"] = "8056"  # malformed INSEE code
    by_code["80021"]["population"] = 1  # a valid change that must not be applied
    source.write("communes.json", communes)
    before = snapshot()

    message, err = load_refused(source)

    position = {row["code"]: index for index, row in enumerate(communes, start=1)}
    lines = err.strip().splitlines()
    assert len(lines) == 6
    expected = [
        (position["80001"], "80001", "champ obligatoire manquant : nom"),
        (position["80016"], "80016", "centre invalide : latitude hors limites (95.0)"),
        (position["80212"], "80212", 'département inconnu : "999"'),
        (position["80253"], "80253", "centre invalide : coordonnées [longitude, latitude]"),
        (position["80620"], "80620", "la région « 75 » n'est pas celle du département 80"),
        (position["8056"], "8056", 'code invalide : "8056"'),
    ]
    for index, code, reason in expected:
        assert any(
            f"communes.json, n° {index} (code {code}) : {reason}" in line for line in lines
        ), (index, code, reason, lines)
    assert "6 ligne(s) invalide(s)" in message
    assert "aucune donnée modifiée" in message
    assert snapshot() == before


def test_bad_rows_in_regions_and_departments_are_reported(source):
    regions = source.read("regions.json")
    regions.append({"nom": "Hauts-de-France", "code": "32"})  # duplicate
    source.write("regions.json", regions)
    departments = source.read("departements.json")
    departments[0]["codeRegion"] = "99"
    source.write("departements.json", departments)

    _, err = load_refused(source)

    assert f"regions.json, n° {len(regions)} (code 32) : code en double (déjà présent au n° " in err
    assert 'departements.json, n° 1 (code 01) : région inconnue : "99"' in err


@pytest.mark.parametrize(
    ("centre", "reason"),
    [
        ({"type": "Point", "coordinates": [181.0, 45.0]}, "longitude hors limites"),
        ({"type": "Point", "coordinates": [2.0]}, "coordonnées [longitude, latitude] attendues"),
        ({"type": "Point", "coordinates": [True, 45.0]}, "coordonnées"),
        ({"type": "Point", "coordinates": [float("nan"), 45.0]}, "coordonnées"),
        ({"type": "Polygon", "coordinates": [[2.0, 45.0]]}, "un point GeoJSON est attendu"),
        ([2.0, 45.0], "un point GeoJSON est attendu"),
    ],
)
def test_invalid_centres_are_refused(centre, reason):
    documents = {name: fixture_rows(f"{name}.json") for name in ("regions", "departements")}
    commune = dict(fixture_commune("80021"), centre=centre)
    documents["communes"] = [commune]

    data, errors = validation.validate(documents)

    assert data.communes == []
    assert [(e.dataset, e.index, e.code) for e in errors] == [("communes", 1, "80021")]
    assert reason in errors[0].reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"population": -3}, "population invalide"),
        ({"population": "136449"}, "population invalide"),
        ({"codesPostaux": ["8000"]}, "codesPostaux invalides"),
        ({"codesPostaux": "80000"}, "codesPostaux invalides"),
        ({"nom": "  "}, "nom vide ou invalide"),
        ({"code": 80021}, "code invalide"),
    ],
)
def test_invalid_fields_are_refused(changes, reason):
    documents = {name: fixture_rows(f"{name}.json") for name in ("regions", "departements")}
    documents["communes"] = [dict(fixture_commune("80021"), **changes)]

    _, errors = validation.validate(documents)

    assert len(errors) == 1
    assert reason in errors[0].reason


def test_a_document_that_is_not_a_list_is_refused(source):
    (source.path / "communes.json").write_text('{"communes": []}', "utf-8")
    message, _ = load_refused(source)
    assert "communes.json doit contenir une liste d'objets JSON" in message


# --- Reading from the API ------------------------------------------------------------------------


class _FakeGeoApi(BaseHTTPRequestHandler):
    """Serves the fixture folder the way geo.api.gouv.fr serves its endpoints."""

    requested: list[str] = []
    status = 200

    def do_GET(self):  # noqa: N802 - the name http.server calls
        type(self).requested.append(self.path)
        name = urlsplit(self.path).path.strip("/")
        file = FIXTURE_DIR / f"{name}.json"
        if self.status != 200 or not file.is_file():
            self.send_error(self.status if self.status != 200 else 404)
            return
        body = file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@pytest.fixture
def geo_api():
    _FakeGeoApi.requested = []
    _FakeGeoApi.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeGeoApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _FakeGeoApi
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_loads_from_the_api(geo_api):
    base_url, handler = geo_api
    Commune.objects.filter(code="80021").delete()

    out, _ = load(base_url)

    assert f"Source : API {base_url.rstrip('/')}" in out
    assert "Communes : 1 créées, 0 mises à jour" in out
    assert sorted(handler.requested) == [
        "/communes?fields=nom,code,codeDepartement,codeRegion,codesPostaux,population,centre",
        "/departements",
        "/regions",
    ]
    assert Commune.objects.get(code="80021").centre is not None


def test_api_error_is_refused_and_nothing_changes(geo_api):
    base_url, handler = geo_api
    handler.status = 503
    before = snapshot()

    message, _ = load_refused(base_url)

    assert "a répondu 503" in message
    assert snapshot() == before
