"""OpenFisca-France behind one small function, loaded lazily once per process.

Importing ``openfisca_france`` and building its tax-benefit system takes seconds and hundreds of
megabytes. Django imports this module at start-up (through the views), so the import happens
inside :func:`tax_benefit_system`, cached for the life of the process: this late import is there
for start-up cost, not to dodge an import cycle. The simulator's form starts the build in a
background thread when it is displayed (``warm_up_in_background``); every later simulation
reuses the same system.

Speed: OpenFisca's cost is per computed variable and period, not per person, so the simulator
asks one question per pass with one person per month of the year (see ``simulation.py``), and
sets as inputs the benefits that are irrelevant here (ASS, RSA's own calculation…) so that their
formulas, which pull the whole income-tax model, are never run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

OPENFISCA_VERSION = "176.0.7"
_lock = threading.Lock()


_load_lock = threading.Lock()
_system = None
loads = 0  # how many times the system was built in this process (tests check it stays 1)


def tax_benefit_system():
    """The tax-benefit system, built once per process (thread-safe: two first visitors at once
    wait for the same build)."""
    global _system, loads
    if _system is None:
        with _load_lock:
            if _system is None:
                # Late import on purpose: seconds of start-up cost, paid only when needed.
                from openfisca_france import FranceTaxBenefitSystem

                _system = FranceTaxBenefitSystem()
                loads += 1
    return _system


def warm_up_in_background() -> None:
    """Start building the system in a thread (the simulator's form calls it on display), so
    that it is usually ready by the time the visitor submits."""
    if _system is None and not _load_lock.locked():
        threading.Thread(target=tax_benefit_system, name="openfisca-warm-up", daemon=True).start()


@lru_cache(maxsize=1)
def _builder_class():
    from openfisca_core.simulation_builder import SimulationBuilder

    return SimulationBuilder


@dataclass
class Person:
    """One person's monthly inputs, keyed by period ("2026-07"); values in euros."""

    birth_date: str = "1985-01-01"
    monthly: dict[str, dict[str, float | bool]] = field(default_factory=dict)


@dataclass
class Household:
    """A family: the main person, an optional partner and children (birth dates)."""

    person: Person
    partner: Person | None = None
    children: list[str] = field(default_factory=list)
    housing_aid: bool = False
    family_monthly: dict[str, dict[str, float]] = field(default_factory=dict)
    tax_years: list[str] = field(default_factory=list)


def calculate(households: list[Household], variable: str, period: str) -> list[float]:
    """Compute ``variable`` for ``period`` for every household in ONE simulation; one value per
    household (the main person's for an individual variable, the family's otherwise).

    The builder only receives the households' structure; the inputs are then set one array per
    variable and period, which is many times faster than the builder's per-person parsing.
    """
    import numpy

    system = tax_benefit_system()
    individuals, families, tax_households, homes = {}, {}, {}, {}
    people: list[Person | None] = []
    main_ids = []
    for index, household in enumerate(households):
        main = f"p{index}"
        main_ids.append(main)
        individuals[main] = {"date_naissance": {"ETERNITY": household.person.birth_date}}
        people.append(household.person)
        parents = [main]
        if household.partner is not None:
            individuals[f"c{index}"] = {
                "date_naissance": {"ETERNITY": household.partner.birth_date}
            }
            people.append(household.partner)
            parents.append(f"c{index}")
        children = []
        for rank, birth_date in enumerate(household.children):
            child = f"e{index}_{rank}"
            individuals[child] = {"date_naissance": {"ETERNITY": birth_date}}
            people.append(None)
            children.append(child)
        families[f"f{index}"] = {"parents": parents, "enfants": children}
        tax_households[f"ff{index}"] = {"declarants": parents, "personnes_a_charge": children}
        home = {"personne_de_reference": [main], "enfants": children}
        if len(parents) > 1:
            home["conjoint"] = [parents[1]]
        homes[f"m{index}"] = home
    situation = {
        "individus": individuals,
        "familles": families,
        "foyers_fiscaux": tax_households,
        "menages": homes,
    }
    # The tax-benefit system is shared; OpenFisca's builder and caches are not known to be
    # thread-safe, so simulations of one process run one at a time.
    with _lock:
        simulation = _builder_class()().build_from_entities(system, situation)
        _set_individual_inputs(simulation, people, numpy)
        _set_group_inputs(simulation, households, numpy)
        values = simulation.calculate(variable, period)
    if system.variables[variable].entity.key == "individu":
        order = list(individuals)
        return [float(values[order.index(main)]) for main in main_ids]
    return [float(value) for value in values]


def _set_individual_inputs(simulation, people, numpy) -> None:
    series: dict[tuple[str, str], None] = {}
    for person in people:
        if person is not None:
            for name, values in person.monthly.items():
                for period in values:
                    series[(name, period)] = None
    for name, period in series:
        default = simulation.tax_benefit_system.variables[name].default_value
        column = [
            default if person is None else person.monthly.get(name, {}).get(period, default)
            for person in people
        ]
        simulation.set_input(name, period, numpy.array(column))


def _set_group_inputs(simulation, households, numpy) -> None:
    names = {(n, p) for h in households for n, values in h.family_monthly.items() for p in values}
    for name, period in names:
        column = [h.family_monthly.get(name, {}).get(period, 0.0) for h in households]
        simulation.set_input(name, period, numpy.array(column))
    years = {year for h in households for year in h.tax_years}
    for year in years:
        simulation.set_input("rfr", year, numpy.zeros(len(households)))
    housing = [h.housing_aid for h in households]
    if any(housing):
        periods = {p for h in households for values in h.person.monthly.values() for p in values}
        enum = simulation.tax_benefit_system.variables["statut_occupation_logement"]
        tenant = enum.possible_values.locataire_vide
        other = enum.default_value
        for period in periods:
            if len(period) == 7:
                column = numpy.array([tenant if h else other for h in housing])
                simulation.set_input("statut_occupation_logement", period, column)
