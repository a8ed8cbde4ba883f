"""The invalidity pension's ceiling rule (legal-facts §3.3), which OpenFisca lacks."""

from decimal import Decimal as D

import pytest

from legal_guide.simulator import invalidity

PENSION = D(600)
THRESHOLD = D(24000)


@pytest.mark.parametrize(
    ("gross_monthly", "conservative", "variant"),
    [
        (D(1000), D("600.00"), D("600.00")),
        (D(1500), D("550.00"), D("566.67")),
        (D(2000), D("300.00"), D("400.00")),
        (D(2600), D("0.00"), D("200.00")),
    ],
)
def test_the_worked_example_table(gross_monthly, conservative, variant):
    yearly = gross_monthly * 12
    assert invalidity.paid_conservative(PENSION, yearly, THRESHOLD) == conservative
    assert invalidity.paid_variant(PENSION, yearly, THRESHOLD) == variant


def test_suspension_thresholds_of_both_readings():
    assert invalidity.paid_conservative(PENSION, D(2600) * 12, THRESHOLD) == 0
    assert invalidity.paid_conservative(PENSION, D(2590) * 12, THRESHOLD) > 0
    assert invalidity.paid_variant(PENSION, D(3200) * 12, THRESHOLD) == 0
    assert invalidity.paid_variant(PENSION, D(3190) * 12, THRESHOLD) > 0


def test_threshold_is_the_better_of_capped_salary_and_ten_best_years():
    # 1.5 PASS 2026 = 72 090 €: a higher salary is capped.
    assert invalidity.threshold(D(90000), D(30000)) == D("72090.0")
    assert invalidity.threshold(D(20000), D(26000)) == D(26000)


def test_month_by_month_the_window_fills_with_earnings_two_months_late():
    schedule = invalidity.monthly_schedule(PENSION, [D(2000)] * 12, THRESHOLD)
    # Months 1 and 2: the window (M-13 to M-2) holds no earnings yet.
    assert schedule[0] == schedule[1] == PENSION
    # Month 12 (index 11): ten months of 2 000 € in the window: 7 200 + 20 000 - 24 000.
    assert schedule[11] == D("466.67")
    assert schedule == sorted(schedule, reverse=True)


def test_no_earnings_no_reduction():
    assert invalidity.monthly_schedule(PENSION, [D(0)] * 12, THRESHOLD) == [PENSION] * 12
