"""« Combien vais-je gagner si je travaille ? »: a POST form (amounts stay out of addresses and
logs), the month-by-month result as a table and a chart drawn on the server."""

import logging

from django.views.decorators.http import require_http_methods

from epop.core.shortcuts import render_page

from . import chart
from .forms import SimulatorForm
from .simulator import engine, simulation

logger = logging.getLogger(__name__)

OFFICIAL_SIMULATORS = [
    (
        "Simulateur de la CAF (AAH, prime d'activité)",
        "https://www.caf.fr/allocataires/mes-services-en-ligne/estimer-vos-droits",
    ),
    ("Mes droits sociaux", "https://www.mesdroitssociaux.gouv.fr/"),
    (
        "Pension d'invalidité sur ameli.fr",
        "https://www.ameli.fr/assure/remboursements/pensions-allocations-rentes/invalidite",
    ),
]


@require_http_methods(["GET", "POST"])
def simulator(request):
    form = SimulatorForm(request.POST or None)
    if request.method == "GET":
        engine.warm_up_in_background()
    context = {
        "form": form,
        "rules_label": simulation.RULES_LABEL,
        "openfisca_version": engine.OPENFISCA_VERSION,
        "official_simulators": OFFICIAL_SIMULATORS,
    }
    status = 200
    if request.method == "POST" and form.is_valid():
        situation = form.situation()
        try:
            months = simulation.simulate(situation)
        except Exception:
            # OpenFisca is a large dependency: a failure is logged and explained, never a 500.
            logger.exception("Simulation failed")
            context["failure"] = True
            status = 503
        else:
            context.update(
                {
                    "situation": situation,
                    "months": months,
                    "chart": chart.build(months),
                    "first": months[0],
                    "last": months[-1],
                    "rsdae_warning": situation.aah and not situation.incapacity_80,
                    "category": form.cleaned_data.get("categorie") if situation.pension else "",
                }
            )
    return render_page(
        request, "legal_guide:simulator", "legal_guide/simulator.html", context, status=status
    )
