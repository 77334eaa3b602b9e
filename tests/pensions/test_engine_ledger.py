"""The service-credit ledger's per-period credit (pensions.engine.service.credited_hours_by_period, RULES §2)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pensions.engine.plans import System
from pensions.engine.service import (
    RULES_BY_SYSTEM,
    PayCycle,
    PayPeriod,
    credited_hours_by_period,
    credited_service,
    fiscal_year_of,
)


def biweekly(first_day, count, hours, **extra):
    return [PayPeriod(first_day + timedelta(days=14 * n), first_day + timedelta(days=14 * n + 13), PayCycle.BIWEEKLY,
                      Decimal(hours), **extra) for n in range(count)]


def test_a_full_sers_period_earns_its_80_hours():
    assert credited_hours_by_period(biweekly(date(2001, 10, 1), 1, "80"), System.SERS) == [Decimal(80)]


def test_sers_caps_a_period_at_80_hours():
    """RULES §2 SERS: at most 80 hours count in any pay period."""
    assert credited_hours_by_period(biweekly(date(2001, 10, 1), 1, "96"), System.SERS) == [Decimal(80)]


def test_sers_plan_a_furlough_and_banked_leave_hours_earn_full_credit():
    """RULES §2 SERS: Voluntary Plan A, furlough and banked-leave hours earn full credit."""
    periods = biweekly(date(2001, 10, 1), 1, "64", full_credit_hours=Decimal(16))
    assert credited_hours_by_period(periods, System.SERS) == [Decimal(80)]


def test_the_fiscal_year_cap_falls_on_the_latest_periods_of_the_year():
    """RULES §2: at most one YOS a fiscal year; 27 periods ending in FY 2002 leave the last one without credit."""
    periods = biweekly(date(2001, 9, 18), 27, "80")
    credited = credited_hours_by_period(list(reversed(periods)), System.SERS)  # any input order
    assert credited[0] == Decimal(0) and all(hours == Decimal(80) for hours in credited[1:])


def test_mpsers_caps_a_biweekly_period_at_60_hours_and_a_school_year_at_1020():
    """RULES §2 MPSERS: biweekly 60 h a period; 1,020 hours a school fiscal year (July – June)."""
    periods = biweekly(date(2001, 7, 2), 26, "75")
    credited = credited_hours_by_period(periods, System.MPSERS)
    assert credited[0] == Decimal(60)
    assert sum(credited) == Decimal(1020)
    assert credited[-1] == Decimal(0)


def test_fiscal_years_are_named_by_the_year_they_end_in():
    """RULES §2: SERS October – September, MPSERS July – June."""
    assert fiscal_year_of(date(2020, 9, 30), System.SERS) == 2020
    assert fiscal_year_of(date(2020, 10, 1), System.SERS) == 2021
    assert fiscal_year_of(date(2020, 6, 30), System.MPSERS) == 2020
    assert fiscal_year_of(date(2020, 7, 1), System.MPSERS) == 2021


periods_strategy = st.lists(
    st.tuples(st.integers(0, 3000), st.sampled_from(list(PayCycle)), st.integers(0, 12000), st.integers(0, 2000)),
    min_size=0, max_size=120)


@settings(max_examples=150, deadline=None)
@given(periods_strategy, st.sampled_from(list(System)))
def test_the_ledger_sums_to_the_engines_credited_service(rows, system):
    """Whatever the periods, the per-period credits add up to `credited_service` (the same caps, the same order)."""
    periods = [PayPeriod(date(2000, 1, 1) + timedelta(days=offset), date(2000, 1, 1) + timedelta(days=offset + 10),
                         cycle, Decimal(hours) / 100, Decimal(extra) / 100) for offset, cycle, hours, extra in rows]
    credited = credited_hours_by_period(periods, system)
    assert all(hours >= 0 for hours in credited)
    per_year = RULES_BY_SYSTEM[system].hours_per_year
    assert sum(credited, Decimal(0)) / per_year == credited_service(periods, system).yos
