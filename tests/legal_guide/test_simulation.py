"""The simulator's worked examples (legal-facts §3.1) through OpenFisca-France. OpenFisca takes
seconds to load, so these tests are few and share one loaded system."""

from decimal import Decimal as D

import pytest

from legal_guide.simulator import engine
from legal_guide.simulator.simulation import Situation, simulate

AAH_FULL = D("1041.59")


def test_salary_of_900_keeps_full_aah_six_months_then_725_63():
    months = simulate(Situation("salarie", D(900), aah=True))
    assert [m.aah for m in months[:6]] == [AAH_FULL] * 6
    # legal-facts: 725,63 € by hand, 725,64 € in OpenFisca (float rounding): within a cent.
    for month in months[6:]:
        assert month.aah == pytest.approx(D("725.63"), abs=D("0.01"))
    # The prime d'activité follows three months late and only grows.
    assert months[0].activity_bonus == 0
    assert months[11].activity_bonus > months[6].activity_bonus > 0
    assert months[11].total == months[11].earnings + months[11].aah + months[11].activity_bonus


def test_bnc_turnover_of_500_gives_aah_975_59_after_six_months():
    months = simulate(Situation("micro_bnc", D(500), aah=True))
    assert months[0].aah == AAH_FULL
    assert months[6].aah == pytest.approx(D("975.59"), abs=D("0.01"))


def test_pension_reduces_aah_and_follows_the_ceiling_rule():
    months = simulate(
        Situation("salarie", D(900), aah=True, pension=D(550), pension_threshold=D(100000))
    )
    # Below the threshold, the full pension is paid and deducted in full from the AAH.
    assert all(m.pension == D(550) for m in months)
    assert months[0].aah == AAH_FULL - D(550)
    # The tax-benefit system was built once for all these simulations.
    assert engine.loads == 1
