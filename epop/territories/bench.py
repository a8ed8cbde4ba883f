"""Benchmark: the commune autocomplete, over real HTTP, on the full commune table.

What a person feels is a whole request: URL resolution, DRF, the queries, JSON, the socket. So the
view is served by a real WSGI server in a thread (DEBUG off, as in production) and timed from a
client, with a mix of what people type: prefixes of big and small towns, typos, accents or none,
postcodes. It runs against the configured database (DATABASE_URL), not a test database.
"""

import http.client
import json
import random
import statistics
import threading
import time
from contextlib import contextmanager
from io import StringIO
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from django.urls import reverse

from epop.core.bench import register
from epop.core.startup import freeze_start_up_objects

from .models import Commune

# The reference table has 34,969 communes; fewer means the test fixture or a partial load.
FULL_TABLE_MIN = 30_000
WARM_UP_REQUESTS = 40
MEASURED_REQUESTS = 300
SEED = 2026

QUERIES = [
    # Prefixes of big towns, as typed letter by letter.
    *["pa", "par", "pari", "mars", "marseil", "lyo", "toul", "toulou", "bord", "borde", "lil"],
    *["nan", "nant", "stras", "nic", "mont", "montp", "ren", "reims", "le hav", "sa", "saint"],
    *["la", "le", "gre", "greno", "dij", "ang", "aix", "clerm", "brest", "tours", "amie"],
    *["lim", "perp", "metz", "besan"],
    # Small towns, complete or nearly.
    *["montdidier", "doullens", "peronne", "langon", "saint emilion", "blaye", "corbie"],
    *["abbev", "lacanau", "arcach", "libour", "vesoul", "chalon sur", "carcass", "tarb"],
    # Typos.
    *["bordaux", "marseile", "toulouze", "grenobel", "strasbourh", "monpelier", "dijion"],
    *["lile", "pergiueux", "clermon ferand", "saint etiene", "neuilly sur sene", "roubais"],
    *["rouan", "vezoul"],
    # With and without accents, apostrophes, hyphens, abbreviations.
    *["évreux", "evreux", "saint-étienne", "saint etienne", "st etienne", "l'haÿ", "lhay"],
    *["chalon-sur-saône", "périgueux", "bézier", "besançon", "orléans", "Amiens (80000)"],
    # Postcodes and INSEE codes.
    *["80000", "800", "80", "33000", "330", "75011", "750", "69", "13001", "2A004", "59100"],
    "31",
]


@register("communes")
def bench_autocomplete(report):
    _ensure_full_table(report)
    queries = _request_mix()
    with _live_server() as (host, port):
        path = reverse("api:commune-list")
        for query in queries[:WARM_UP_REQUESTS]:
            _get(host, port, path, query)
        timings = [_get(host, port, path, query) for query in queries[WARM_UP_REQUESTS:]]

    cut_points = statistics.quantiles(timings, n=100, method="inclusive")
    report.figure("communes.autocomplete.p50_ms", cut_points[49], "ms")
    report.figure("communes.autocomplete.p95_ms", cut_points[94], "ms")
    report.figure("communes.autocomplete.requests", len(timings), "requêtes")


def _ensure_full_table(report):
    if Commune.objects.count() >= FULL_TABLE_MIN:
        return
    report.write(f"Chargement des communes depuis {settings.TERRITORIES_SOURCE}…")
    started = time.perf_counter()
    call_command("load_territories", source=settings.TERRITORIES_SOURCE, stdout=StringIO())
    report.figure("communes.load_s", time.perf_counter() - started, "s")


def _request_mix() -> list[str]:
    # Deterministic order, so two runs compare the same traffic.
    rng = random.Random(SEED)
    total = WARM_UP_REQUESTS + MEASURED_REQUESTS
    queries = [QUERIES[index % len(QUERIES)] for index in range(total)]
    rng.shuffle(queries)
    return queries


def _get(host: str, port: int, path: str, query: str) -> float:
    """Milliseconds for one complete request, from connecting to the last byte of the body."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", f"{path}?{urlencode({'q': query})}")
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200 or not isinstance(json.loads(body), list):
        raise RuntimeError(f"q={query!r} : réponse {response.status} inattendue : {body[:200]!r}")
    return elapsed


class _QuietHandler(WSGIRequestHandler):
    # wsgiref writes the headers and the body in two sends; with Nagle's algorithm on, the body
    # waits for the client's delayed ACK (up to 40 ms on Linux). Production servers (gunicorn)
    # set TCP_NODELAY too.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


@contextmanager
def _live_server():
    """A real WSGI server on 127.0.0.1 and a free port, in a thread, with DEBUG off."""
    hosts = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
        freeze_start_up_objects()  # as epop/wsgi.py does before serving
        server = make_server(
            "127.0.0.1", 0, WSGIHandler(), server_class=WSGIServer, handler_class=_QuietHandler
        )

        def serve():
            try:
                server.serve_forever(poll_interval=0.05)
            finally:
                # The server thread opened its own database connection.
                connections.close_all()

        thread = threading.Thread(target=serve, name="bench-wsgi", daemon=True)
        thread.start()
        try:
            yield server.server_address
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
