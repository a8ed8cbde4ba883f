"""Benchmark: the simulator (OpenFisca-France, after warm-up) and the orientation pages.

- ``legal_guide.simulation_p95_ms``: one full simulation (12 months: pension rule, AAH pass, prime
  d'activité pass) for a rotation of realistic situations, after one warm-up run that loads the
  tax-benefit system (its load time is reported apart: a cost paid once per process);
- ``legal_guide.tree_page_p95_ms``: a question page and a result page of the orientation, through
  Django's test client (the whole view, template and database, no network).
"""

import statistics
import time
from decimal import Decimal

from django.test import Client

from epop.core.bench import register

from .simulator import engine
from .simulator.simulation import Situation, simulate

SITUATIONS = [
    Situation("salarie", Decimal(900), aah=True),
    Situation("micro_bnc", Decimal(500), aah=True),
    Situation("salarie", Decimal(1200), aah=True, incapacity_80=False, housing_aid=True),
    Situation("salarie", Decimal(1500), pension=Decimal(600), pension_threshold=Decimal(24000)),
    Situation(
        "micro_bic_services", Decimal(800), aah=True, partner_income=Decimal(1400), children=2
    ),
]
RUNS = 40
PAGE_RUNS = 200
TREE_PAGES = [
    "/guide-juridique/orientation/?prestation=aah",
    "/guide-juridique/orientation/?prestation=aah&taux=80-ou-plus&facture=oui&protection=non"
    "&activite=souvent&rqth=non",
]


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


@register("legal_guide")
def bench_simulation(report):
    started = time.perf_counter()
    engine.tax_benefit_system()
    report.figure("legal_guide.openfisca_load_ms", (time.perf_counter() - started) * 1000, "ms")
    simulate(SITUATIONS[0])  # warm-up: OpenFisca's parameter caches
    samples = []
    for run in range(RUNS):
        situation = SITUATIONS[run % len(SITUATIONS)]
        started = time.perf_counter()
        simulate(situation)
        samples.append((time.perf_counter() - started) * 1000)
    report.figure("legal_guide.simulation_median_ms", statistics.median(samples), "ms")
    report.figure("legal_guide.simulation_p95_ms", _p95(samples), "ms")


@register("legal_guide")
def bench_tree_pages(report):
    client = Client(HTTP_HOST="localhost")
    for url in TREE_PAGES:
        client.get(url)
    samples = []
    for run in range(PAGE_RUNS):
        started = time.perf_counter()
        response = client.get(TREE_PAGES[run % len(TREE_PAGES)])
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    report.figure("legal_guide.tree_page_median_ms", statistics.median(samples), "ms")
    report.figure("legal_guide.tree_page_p95_ms", _p95(samples), "ms")
