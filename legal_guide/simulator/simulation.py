"""« Combien vais-je gagner si je travaille ? »: the first year of activity, month by month.

Every month is computed with the rules of one reference month (``RULES_MONTH``): the figures show
what the activity changes, not next year's revaluations. Per month of activity ``k`` (0 = first
month with earnings):

1. the invalidity pension paid (``invalidity.py``; salaried earnings only: self-employed earnings
   are read on the previous year's tax notice, so they change nothing in the first year);
2. the AAH, computed by OpenFisca-France with the pension paid; during the first 6 months the
   earnings are not counted (the « cumul intégral », which OpenFisca does not model);
3. the prime d'activité, computed by OpenFisca-France from the previous three months' earnings,
   AAH and pension, which is why it starts after a delay.

OpenFisca costs per variable and period, not per person: each step is ONE simulation holding
twelve people, person ``k`` living month ``k`` of the activity (engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import engine, invalidity

RULES_MONTH = (2026, 7)
RULES_LABEL = "juillet 2026"
MONTHS = 12
CUMUL_MONTHS = 6
HISTORY_MONTHS = 36
# Rough share of a gross salary left once employee contributions are paid: the pension rule
# counts gross pay, the form asks the net pay people see on their payslip.
NET_TO_GROSS = Decimal("0.78")

# Incomes this simulator never has, set to zero as inputs so that OpenFisca does not run their
# formulas (which pull unemployment, pension and income-tax models: most of the time otherwise).
ZERO_INPUTS = (
    "ass",
    "asi",
    "chomage_net",
    "chomage_imposable",
    "retraite_nette",
    "retraite_imposable",
    "salaire_net",
    "salaire_imposable",
    "caah",
)
# Family benefits outside the simulator's scope, for the same reason.
ZERO_FAMILY_INPUTS = ("rsa", "aide_logement")

ACTIVITY_INPUTS = {
    "salarie": ("salaire_net", "salaire_imposable"),
    "micro_bnc": ("rpns_auto_entrepreneur_CA_bnc",),
    "micro_bic_services": ("rpns_auto_entrepreneur_CA_bic",),
    "micro_vente": ("rpns_auto_entrepreneur_CA_achat_revente",),
}


@dataclass(frozen=True)
class Situation:
    activity: str  # a key of ACTIVITY_INPUTS
    amount: Decimal  # net monthly pay, or monthly turnover
    aah: bool = False
    incapacity_80: bool = True
    pension: Decimal = Decimal(0)
    pension_threshold: Decimal = Decimal(0)  # S, yearly
    partner_income: Decimal | None = None  # None: living alone
    children: int = 0
    housing_aid: bool = False

    @property
    def salaried(self) -> bool:
        return self.activity == "salarie"


@dataclass(frozen=True)
class Month:
    number: int  # 1 to 12
    earnings: Decimal
    aah: Decimal
    activity_bonus: Decimal
    pension: Decimal

    @property
    def total(self) -> Decimal:
        return self.earnings + self.aah + self.activity_bonus + self.pension


def _period(months_back: int) -> str:
    year, month = RULES_MONTH
    index = year * 12 + (month - 1) - months_back
    return f"{index // 12}-{index % 12 + 1:02d}"


def rules_period() -> str:
    return _period(0)


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pension_schedule(situation: Situation) -> list[Decimal]:
    if not situation.pension:
        return [Decimal(0)] * MONTHS
    gross = situation.amount / NET_TO_GROSS if situation.salaried else Decimal(0)
    return invalidity.monthly_schedule(
        situation.pension, [gross] * MONTHS, situation.pension_threshold
    )


def _person(situation, month, pensions, earnings_counted, aah=None) -> engine.Person:
    """Person living activity month ``month``: inputs for the months before the reference one."""
    monthly: dict[str, dict] = {}
    rate = 0.8 if situation.incapacity_80 else 0.6
    monthly["taux_incapacite"] = {}
    monthly["aah_restriction_substantielle_durable_acces_emploi"] = {}
    monthly["pensions_invalidite"] = {}
    for variable in ZERO_INPUTS:
        monthly[variable] = {}
    for variable in ACTIVITY_INPUTS[situation.activity]:
        monthly[variable] = {}
    if aah is not None:
        monthly["aah"] = {}
    for back in range(HISTORY_MONTHS + 1):
        period = _period(back)
        activity_month = month - back
        working = activity_month >= 0 and earnings_counted
        monthly["taux_incapacite"][period] = rate
        monthly["aah_restriction_substantielle_durable_acces_emploi"][
            period
        ] = not situation.incapacity_80
        pension = pensions[activity_month] if activity_month >= 0 else situation.pension
        monthly["pensions_invalidite"][period] = float(pension)
        for variable in ZERO_INPUTS:
            monthly[variable][period] = 0.0
        for variable in ACTIVITY_INPUTS[situation.activity]:
            monthly[variable][period] = float(situation.amount) if working else 0.0
        if aah is not None:
            monthly["aah"][period] = float(aah[max(activity_month, 0)])
    # OpenFisca evaluates the AAH quarterly only for people « en activité », which for the
    # self-employed it reads on last year's taxable income: mark it when earnings count (an
    # input also spares the income-tax formulas).
    taxable = float(situation.amount) * 12 if earnings_counted and not situation.salaried else 0.0
    year = RULES_MONTH[0]
    monthly["rpns_imposables"] = {str(year - 1): taxable, str(year): taxable}
    return engine.Person(monthly=monthly)


def _household(situation, person) -> engine.Household:
    partner = None
    if situation.partner_income is not None:
        income = float(situation.partner_income)
        periods = [_period(back) for back in range(HISTORY_MONTHS + 1)]
        partner = engine.Person(
            monthly={
                "salaire_net": dict.fromkeys(periods, income),
                "salaire_imposable": dict.fromkeys(periods, income),
                **{
                    name: dict.fromkeys(periods, 0.0)
                    for name in ZERO_INPUTS
                    if not name.startswith("salaire")
                },
            }
        )
    periods = [_period(back) for back in range(HISTORY_MONTHS + 1)]
    family_monthly = {name: dict.fromkeys(periods, 0.0) for name in ZERO_FAMILY_INPUTS}
    if situation.housing_aid:
        # Any amount: what matters to the prime d'activité is that housing aid is received.
        family_monthly["aide_logement"] = dict.fromkeys(periods, 250.0)
    year = RULES_MONTH[0]
    return engine.Household(
        person=person,
        partner=partner,
        children=[f"{year - 6 - rank}-01-01" for rank in range(situation.children)],
        housing_aid=situation.housing_aid,
        family_monthly=family_monthly,
        tax_years=[str(year - back) for back in range(4)],
    )


def aah_schedule(situation: Situation, pensions: list[Decimal]) -> list[Decimal]:
    if not situation.aah:
        return [Decimal(0)] * MONTHS
    households = [
        _household(situation, _person(situation, k, pensions, k >= CUMUL_MONTHS))
        for k in range(MONTHS)
    ]
    return [_money(v) for v in engine.calculate(households, "aah", rules_period())]


def activity_bonus_schedule(
    situation: Situation, pensions: list[Decimal], aah: list[Decimal]
) -> list[Decimal]:
    households = [
        _household(situation, _person(situation, k, pensions, True, aah=aah)) for k in range(MONTHS)
    ]
    return [_money(v) for v in engine.calculate(households, "ppa", rules_period())]


def simulate(situation: Situation) -> list[Month]:
    pensions = pension_schedule(situation)
    aah = aah_schedule(situation, pensions)
    bonus = activity_bonus_schedule(situation, pensions, aah)
    return [Month(k + 1, situation.amount, aah[k], bonus[k], pensions[k]) for k in range(MONTHS)]
