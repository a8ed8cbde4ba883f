"""The invalidity pension's earnings ceiling (R341-17 CSS, décret 2022-257), which OpenFisca lacks.

From legal-facts §3.3: over 12 rolling months (M-13 to M-2), pension + gross earnings +
replacement income are compared with the threshold S; half of any excess is withheld. The
threshold S is the better of the salary of the year before invalidity (capped at 1.5 PASS) and
the average of the 10 best years.

Two readings exist and the CPAM's is to be confirmed: the *conservative* one counts the full
pension in the 12 months (the simulator shows it, since it never promises too much), the
*variant* counts the pension actually received, which solves to ``(2P - W + S) / 3`` a year.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PASS_2026 = Decimal("48060")
WINDOW_MONTHS = 12
# Months between the end of the window and the month paid: the window is M-13 to M-2.
WINDOW_LAG = 2


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def threshold(salary_year_before: Decimal, average_ten_best: Decimal) -> Decimal:
    """S = max(min(salary of the year before, 1.5 PASS), average of the 10 best years)."""
    return max(min(salary_year_before, Decimal("1.5") * PASS_2026), average_ten_best)


def paid_conservative(
    pension: Decimal, yearly_earnings: Decimal, yearly_threshold: Decimal
) -> Decimal:
    """Monthly pension paid when the window holds 12 months of ``pension`` and of earnings
    adding up to ``yearly_earnings``: half the excess over S, spread over 12 months."""
    excess = max(Decimal(0), WINDOW_MONTHS * pension + yearly_earnings - yearly_threshold)
    return cents(max(Decimal(0), pension - excess / 24))


def paid_variant(pension: Decimal, yearly_earnings: Decimal, yearly_threshold: Decimal) -> Decimal:
    """Monthly pension paid when the pension counted is the one actually received."""
    yearly = (2 * WINDOW_MONTHS * pension - yearly_earnings + yearly_threshold) / 3
    yearly = min(max(yearly, Decimal(0)), WINDOW_MONTHS * pension)
    return cents(yearly / WINDOW_MONTHS)


def monthly_schedule(
    pension: Decimal,
    gross_earnings_by_month: list[Decimal],
    yearly_threshold: Decimal,
    earnings_before: Decimal = Decimal(0),
) -> list[Decimal]:
    """Pension paid for each month of activity (index 0 = first month with earnings), conservative
    reading. Month ``k``'s window covers months k-13 to k-2; months before the start count
    ``earnings_before`` (usually nothing)."""
    paid = []
    for month in range(len(gross_earnings_by_month)):
        window = range(month - WINDOW_LAG - WINDOW_MONTHS + 1, month - WINDOW_LAG + 1)
        earnings = sum(
            (gross_earnings_by_month[m] if m >= 0 else earnings_before for m in window),
            Decimal(0),
        )
        paid.append(paid_conservative(pension, earnings, yearly_threshold))
    return paid
