"""Benchmark: the directory search, over real HTTP, on 100,000 demo profiles and every commune.

What is measured, and why:

- the search page (`/annuaire/`) and the API (`/api/v1/peer-workers/`) for a 30 km search around
  a large city (Bordeaux, Lille, Toulouse in turn) with two filters, served by a real WSGI server
  in a thread with DEBUG off (the machinery of the communes benchmark) and timed from a client;
- beside them, the bare SQL of the same searches' first page (the statements the page sends,
  executed directly), so that what the framework adds (URL resolution, forms, templates, the
  socket) shows: `framework.p50_ms` is the difference, `page_to_sql_ratio` the quotient;
- the number of SQL queries of a results page, which must not grow with the results;
- the size of the map data for the whole of France (`/annuaire/carte.json` without a place).

It runs against the configured database (DATABASE_URL). Missing data is created first, once:
the full commune table, then `seed_demo --profiles 100000` (idempotent: only what is missing).
"""

import http.client
import os
import random
import statistics
import time
from io import StringIO
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from directory.profiles import ranking
from directory.profiles.models import PeerProfile
from epop.core.bench import register
from epop.territories.bench import _ensure_full_table, _live_server

from .api import PeerWorkerListView
from .filters import DirectoryFilterSet
from .pagination import SearchPaginator

# `make bench BENCH_PROFILES=1000000` (optional, not in CI) tops the database up to a million
# profiles for the growth figures; a separate database gives the 10,000 figures (README).
PROFILES = int(os.environ.get("BENCH_PROFILES") or 100_000)
CITIES = ["33063", "59350", "31555"]  # Bordeaux, Lille, Toulouse
RADIUS_KM = 30
# Two filters per search, as an employer would combine them.
FILTER_PAIRS = [
    {"intervention": "sensibilisation", "format": "presentiel"},
    {"intervention": "formation_professionnels", "audience": "professionnels_accompagnement"},
    {"theme": "handicap_psychique", "format": "presentiel"},
    {"audience": "salaries_managers", "intervention": "conference_temoignage"},
    {"work_mode": "micro_entreprise", "intervention": "co_animation"},
    {"theme": "autisme_tnd", "audience": "proches_aidants"},
]
WARM_UP_REQUESTS = 20
MEASURED_REQUESTS = 150
SQL_RUNS = 60
SQL_ROUNDS = 4
PAGE_SIZE = PeerWorkerListView.pagination_class.page_size
SEED = 2026
# Every shape of issue 12's table: (name, surface, parameters). Deep pages included.
SHAPES = [
    ("landing", "page", {}),
    ("bordeaux_two_filters", "page", {"commune": "33063", **FILTER_PAIRS[0]}),
    ("bourganeuf", "page", {"commune": "23030"}),
    ("lille", "page", {"commune": "59350"}),
    ("paris_100km", "page", {"commune": "75056", "radius_km": 100}),
    ("paris_100km_page50", "page", {"commune": "75056", "radius_km": 100, "page": 50}),
    ("bordeaux_remote", "page", {"commune": "33063", "remote": "on"}),
    ("theme_only", "page", {"theme": "handicap_psychique"}),
    ("landing_page50", "page", {"page": 50}),
    ("api_bordeaux", "api", {"commune": "33063"}),
    ("api_bordeaux_remote", "api", {"commune": "33063", "remote": "true"}),
    ("api_no_place", "api", {}),
    ("api_no_place_page50", "api", {"page": 50}),
]
SHAPE_RUNS = 12
# Issue 12's limits: every shape's p95, and the landing page's.
SHAPE_LIMIT_MS, LANDING_LIMIT_MS, RATIO_LIMIT = 120, 60, 2.5
MAP_BUDGET_BYTES = 300 * 1024
# The page's static files come from the plain storage: the bench needs no collectstatic.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@register("directory")
def bench_search(report):
    _ensure_full_table(report)
    ensure_profiles(report)
    _prepare_tables(report)
    searches = _search_mix()
    measured = searches[WARM_UP_REQUESTS:]

    report.write(f"Charge de la machine (1, 5, 15 min) : {_load()}")
    surfaces = {
        "page": (reverse("directory:home"), _check_page),
        "api": (reverse("api:peer-worker-list"), _check_api),
    }
    timings = {name: [] for name in surfaces}
    with _bench_settings():
        statements = _page_statements(surfaces["page"][0], measured[:SQL_RUNS])
    with _bench_settings(), _live_server() as (host, port):
        for params in searches[:WARM_UP_REQUESTS]:
            for path, check in surfaces.values():
                _get(host, port, path, params, check)
        # Page and API in turn for each search, so that both meet the same conditions.
        for params in measured:
            for name, (path, check) in surfaces.items():
                timings[name].append(_get(host, port, path, params, check)[0])
        shape_p95 = _shapes(report, host, port, surfaces)
        # Each page beside its own SQL executed bare, so that the two meet the same machine;
        # which goes first alternates, so that neither always finds the other's rows in cache.
        page_path = surfaces["page"][0]
        pairs = [
            _pair(host, port, page_path, params, sqls, sql_first=(index + round_number) % 2)
            for round_number in range(SQL_ROUNDS)
            for index, (params, sqls) in enumerate(zip(measured, statements, strict=False))
        ]
        map_status, map_bytes = _map_size(host, port)
    for name, values in timings.items():
        _percentiles(report, f"directory.search.{name}", values)
    worst = max(shape_p95.values())
    report.figure("directory.search.worst.p95_ms", worst, "ms")
    report.figure("directory.search.landing.p95_ms", shape_p95["landing"], "ms")

    page_times, sql_times = zip(*pairs, strict=True)
    _percentiles(report, "directory.search.sql", sql_times)
    report.figure(
        "directory.search.framework.p50_ms",
        statistics.median(page - sql for page, sql in pairs),
        "ms",
    )
    ratio = statistics.median(page_times) / statistics.median(sql_times)
    report.figure("directory.search.page_to_sql_ratio", ratio, "x")
    for label, value, limit in (
        ("worst.p95_ms", worst, SHAPE_LIMIT_MS),
        ("landing.p95_ms", shape_p95["landing"], LANDING_LIMIT_MS),
        ("page_to_sql_ratio", ratio, RATIO_LIMIT),
    ):
        if value > limit:
            report.write(f"Attention : directory.search.{label} dépasse {limit}.")

    with _bench_settings():
        page_queries = _queries(reverse("directory:home"), measured)
        api_queries = _queries(reverse("api:peer-worker-list"), measured)
    report.figure("directory.search.queries", max(page_queries), "requêtes")
    report.figure("directory.search.api.queries", max(api_queries), "requêtes")
    for name, counts in (("page", page_queries), ("API", api_queries)):
        if len(set(counts)) > 1:
            report.write(f"Attention : le nombre de requêtes SQL de la {name} varie : {counts}")

    report.write(f"Charge de la machine (1, 5, 15 min) : {_load()}")
    if map_status == 200:
        report.figure("directory.map.france_bytes", map_bytes, "octets")
        if map_bytes > MAP_BUDGET_BYTES:
            report.write(f"Attention : carte.json dépasse {MAP_BUDGET_BYTES} octets.")
    else:
        report.write(
            f"directory.map.france_bytes : carte.json répond {map_status} "
            "(pas encore écrite ?) : rien à mesurer."
        )


def _bench_settings():
    # Every request comes from 127.0.0.1: the API's throttle is raised (it still runs, its
    # cache round trip is part of the measure), and the page's static files need no manifest.
    rest_framework = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"peer_workers": "1000000/min"},
    }
    return override_settings(STORAGES=PLAIN_STATIC, REST_FRAMEWORK=rest_framework)


# --- data -------------------------------------------------------------------------------------


def ensure_profiles(report, figure: str = "directory.seed_s"):
    """Top the development database up to PROFILES profiles (seed_demo creates what is missing)."""
    existing = PeerProfile.objects.count()
    if existing >= PROFILES:
        return
    report.write(f"{existing} profils : seed_demo --profiles {PROFILES} crée ceux qui manquent…")
    started = time.perf_counter()
    call_command("seed_demo", profiles=PROFILES, stdout=StringIO())
    report.figure(figure, time.perf_counter() - started, "s")


def _prepare_tables(report):
    # Fresh statistics and no dead rows, as autovacuum keeps them in production: the planner
    # must not judge 100,000 rows by the statistics of an empty table (and on development
    # servers where autovacuum is off, nothing else would refresh them).
    started = time.perf_counter()
    # Today's stored rank, as the hourly beat job keeps it (decision 0015). First: the daily
    # rewrite leaves a dead copy of every row, which autovacuum clears in production and the
    # VACUUM below clears here (measuring through them doubled the heap read by a search).
    ranking.refresh_daily_ranks()
    with connection.cursor() as cursor:
        for table in ("directory_publishedprofile", "territories_commune"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    elapsed = time.perf_counter() - started
    report.write(f"VACUUM (ANALYZE) des tables de recherche : {elapsed:.1f} s")


def _load() -> str:
    # The figures are wall-clock times: on a busy machine (tests, browsers) they grow with the
    # load, which is printed so that two runs can be compared.
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def _search_mix() -> list[dict]:
    """Deterministic, so that two runs compare the same traffic: each city with each pair."""
    rng = random.Random(SEED)
    total = WARM_UP_REQUESTS + MEASURED_REQUESTS
    combos = [
        {"commune": city, "radius_km": RADIUS_KM, **pair}
        for city in CITIES
        for pair in FILTER_PAIRS
    ]
    searches = [combos[index % len(combos)] for index in range(total)]
    rng.shuffle(searches)
    return searches


# --- measures ---------------------------------------------------------------------------------


def _get(host, port, path, params, check) -> tuple[float, bytes]:
    """Milliseconds for one complete request, from connecting to the last byte of the body."""
    url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    started = time.perf_counter()
    client = http.client.HTTPConnection(host, port, timeout=30)
    try:
        client.request("GET", url)
        response = client.getresponse()
        body = response.read()
    finally:
        client.close()
    elapsed = (time.perf_counter() - started) * 1000
    check(url, response.status, body)
    return elapsed, body


def _check_page(url, status, body):
    if status != 200 or b"</html>" not in body:
        raise RuntimeError(f"{url} : réponse {status} inattendue : {body[:200]!r}")


def _check_api(url, status, body):
    if status != 200 or not body.startswith(b'{"type":"FeatureCollection"'):
        raise RuntimeError(f"{url} : réponse {status} inattendue : {body[:200]!r}")


def _percentiles(report, prefix, timings):
    cut_points = statistics.quantiles(timings, n=100, method="inclusive")
    report.figure(f"{prefix}.p50_ms", cut_points[49], "ms")
    report.figure(f"{prefix}.p95_ms", cut_points[94], "ms")


def _map_size(host, port) -> tuple[int, int]:
    client = http.client.HTTPConnection(host, port, timeout=60)
    try:
        client.request("GET", reverse("directory:map_data"))
        response = client.getresponse()
        return response.status, len(response.read())
    finally:
        client.close()


def _shapes(report, host, port, surfaces) -> dict[str, float]:
    """Each shape of the table, in turn (so that all meet the same conditions), one warm-up each."""
    runs = {name: [] for name, _surface, _params in SHAPES}
    shapes = [(name, surface, _deepest(params)) for name, surface, params in SHAPES]
    for round_number in range(SHAPE_RUNS + 1):
        for name, surface, params in shapes:
            path, check = surfaces[surface]
            elapsed = _get(host, port, path, params, check)[0]
            if round_number:
                runs[name].append(elapsed)
    p95 = {}
    for name, values in runs.items():
        p95[name] = statistics.quantiles(values, n=100, method="inclusive")[94]
        report.figure(f"directory.search.{name}.p95_ms", p95[name], "ms")
    return p95


def _deepest(params: dict) -> dict:
    """A deep page is page 50, or the last page on a smaller table (10,000 profiles)."""
    params = {"radius_km": RADIUS_KM, **params} if "commune" in params else params
    if "page" not in params:
        return params
    search = {key: value for key, value in params.items() if key != "page"}
    filterset = DirectoryFilterSet(QueryDict(urlencode(search)), queryset=_listed())
    if not filterset.is_valid():
        raise RuntimeError(f"{search} : {filterset.errors}")
    paginator = SearchPaginator(
        filterset.qs,
        PAGE_SIZE,
        point=filterset.search_point,
        stored_rank=filterset.stored_rank_is_current,
    )
    return {**params, "page": min(params["page"], paginator.num_pages)}


def _listed():
    return PeerWorkerListView().get_queryset()


def _page_statements(path, searches) -> list[list[str]]:
    """The SQL of each search's first results page: the very statements that page sends (the
    commune, the capped count, the probe when capped, the page with its communes and
    departments), captured from one request."""
    client = Client(HTTP_HOST="localhost")
    statements = []
    for params in searches:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params} : réponse {response.status_code}")
        statements.append([query["sql"] for query in captured.captured_queries])
    return statements


def _pair(host, port, path, params, statements, *, sql_first) -> tuple[float, float]:
    """(page ms, bare SQL ms) for one search."""
    if sql_first:
        sql = _replay(statements)
        return _get(host, port, path, params, _check_page)[0], sql
    page = _get(host, port, path, params, _check_page)[0]
    return page, _replay(statements)


def _replay(statements) -> float:
    """Milliseconds to execute these statements directly, fetching every row."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def _queries(path, searches) -> list[int]:
    """SQL queries of a results page, for a few searches with many or few results."""
    client = Client(HTTP_HOST="localhost")
    counts = []
    for params in [*searches[:3], {"commune": CITIES[0], "radius_km": 5, "language": "lsf"}]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params} : réponse {response.status_code}")
        counts.append(len(queries.captured_queries))
    return counts


# The alerts benchmark lives beside the alerts code; importing it registers it.
