"""Toolbox benchmarks: listing and French search over 5,000 resources, and one quote PDF.

The bench resources (slug prefix ``bench-``) are created once, idempotently. Pages are asked
through Django's test client (the whole middleware stack, without a network hop).
"""

import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.test import Client

from epop.accounts.models import User
from epop.core.bench import register

from . import quote_documents, quote_services
from .choices import Audience, Kind, Theme
from .models import Resource

RESOURCES = 5_000
PREFIX = "bench-"
WORDS = [
    "contrat",
    "prestation",
    "devis",
    "facture",
    "charte",
    "formation",
    "accueil",
    "équipe",
    "référent",
    "statut",
    "micro-entreprise",
    "ESAT",
    "convention",
    "salarié",
    "bénévole",
    "témoignage",
    "conférence",
    "groupe",
    "parole",
    "sensibilisation",
    "handicap",
    "santé",
    "mentale",
]
QUERIES = [
    {},
    {"q": "contrat"},
    {"q": "formation accueil"},
    {"audience": "employeur"},
    {"kind": "guide", "theme": "recrutement"},
    {"q": "devis", "audience": "pair"},
    {"q": "conventions ESAT"},
    {"page": "5"},
]


def _ensure_resources(report):
    existing = Resource.objects.filter(slug__startswith=PREFIX).count()
    if existing >= RESOURCES:
        return
    started = time.perf_counter()
    audiences, kinds, themes = list(Audience.values), list(Kind.values), list(Theme.values)
    rows = []
    for i in range(existing, RESOURCES):
        words = [WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7, 11)]
        rows.append(
            Resource(
                slug=f"{PREFIX}{i}",
                title=f"Ressource {i} : {' '.join(words[:2])}",
                summary=f"Une ressource sur {words[2]} et {words[3]}.",
                kind=kinds[i % len(kinds)] if kinds[i % len(kinds)] != "video" else "guide",
                audiences=[audiences[i % 4], audiences[(i + 1) % 4]],
                themes=[themes[i % len(themes)]],
                body=" ".join(WORDS[(i + j) % len(WORDS)] for j in range(120)),
                status="publie",
            )
        )
    Resource.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    report.figure("toolbox.seed_resources_s", time.perf_counter() - started, "s")


@register("toolbox")
def bench_toolbox(report):
    _ensure_resources(report)
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    client = Client(HTTP_HOST=host)
    for query in QUERIES:  # warm-up
        client.get("/boite-a-outils/ressources/", query)
    timings = []
    for _ in range(10):
        for query in QUERIES:
            started = time.perf_counter()
            response = client.get("/boite-a-outils/ressources/", query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (query, response.status_code)
    timings.sort()
    report.figure("toolbox.search.median_ms", statistics.median(timings), "ms")
    report.figure("toolbox.search.p95_ms", timings[int(len(timings) * 0.95) - 1], "ms")
    _bench_quote_pdf(report)


def _bench_quote_pdf(report):
    owner, _ = User.objects.get_or_create(
        email="bench-devis@example.org", defaults={"kind": User.Kind.PEER_WORKER}
    )
    quote = owner.quotes.first()
    if quote is None:
        lines = [
            {"description": f"Intervention {n}", "unit": "heure", "quantity": Decimal("2.5"),
             "unit_price": Decimal("66.00")}
            for n in range(10)
        ]  # fmt: skip
        quote = quote_services.create_quote(
            owner,
            {"subject": "Banc", "legal_status": "micro", "issuer_name": "Banc", "siret": "1" * 14,
             "issuer_address": "Amiens", "client_name": "Client", "client_address": "Lille"},
            lines,
        )  # fmt: skip
    quote_documents.render_pdf(quote)  # warm-up: fonts
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        quote_documents.render_pdf(quote)
        timings.append((time.perf_counter() - started) * 1000)
    report.figure("toolbox.quote_pdf_ms", statistics.median(timings), "ms")
