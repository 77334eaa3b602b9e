"""Service credit from pay periods (RULES §2 [002][003][004])."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pensions.engine.plans import System
from pensions.engine.service import PayCycle, PayPeriod, credited_service


def biweekly(first_day: date, count: int, hours: str, **extra) -> list[PayPeriod]:
    return [
        PayPeriod(
            first_day + timedelta(days=14 * n),
            first_day + timedelta(days=14 * n + 13),
            PayCycle.BIWEEKLY,
            Decimal(hours),
            **extra,
        )
        for n in range(count)
    ]


def test_a_sers_full_time_year_of_26_pay_periods_is_one_year_of_service():
    """RULES §2 SERS: 2,080 regular hours = 1 YOS (26 × 80 h)."""
    periods = biweekly(date(2001, 10, 1), 26, "80")
    assert credited_service(periods, System.SERS).yos == Decimal(1)


def test_sers_counts_at_most_80_hours_in_a_pay_period():
    """RULES §2 SERS: at most 80 hours count in any pay period [002]."""
    periods = biweekly(date(2001, 10, 1), 13, "100")
    assert credited_service(periods, System.SERS).yos == Decimal(13 * 80) / Decimal(2080)


def test_sers_credits_at_most_one_year_in_a_fiscal_year_of_27_pay_periods():
    """RULES §2 SERS: at most 1 YOS in any (state fiscal) year."""
    periods = biweekly(date(2001, 9, 18), 27, "80")  # all 27 periods end in FY 2002 (Oct 2001 – Sep 2002)
    assert all(date(2001, 10, 1) <= p.end <= date(2002, 9, 30) for p in periods)
    assert credited_service(periods, System.SERS).yos == Decimal(1)


def test_sers_half_time_work_earns_half_a_year():
    """RULES §2 SERS: part-time work earns hours/2,080 (half time → 0.5 YOS a year)."""
    periods = biweekly(date(2001, 10, 1), 26, "40")
    assert credited_service(periods, System.SERS).yos == Decimal("0.5")


def test_sers_plan_a_furlough_and_banked_leave_hours_earn_full_credit():
    """RULES §2 SERS: Voluntary Plan A, furlough and banked-leave hours earn full credit [002]."""
    periods = biweekly(date(2001, 10, 1), 26, "64", full_credit_hours=Decimal(16))
    assert credited_service(periods, System.SERS).yos == Decimal(1)


def test_a_pay_period_counts_in_the_fiscal_year_in_which_it_ends():
    """ARCHITECTURE estimate contract: a period counts in the fiscal year in which it ends (SERS Oct–Sep)."""
    straddling = PayPeriod(date(2002, 9, 23), date(2002, 10, 6), PayCycle.BIWEEKLY, Decimal(80))
    credit = credited_service([straddling], System.SERS)
    assert credit.hours_by_fiscal_year == {2003: Decimal(80)}


@pytest.mark.parametrize(
    ("cycle", "cap"),
    [
        (PayCycle.WEEKLY, "30"),
        (PayCycle.BIWEEKLY, "60"),
        (PayCycle.SEMIMONTHLY, "72"),
        (PayCycle.MONTHLY, "138"),
        (PayCycle.QUARTERLY, "396"),
        (PayCycle.ANNUALLY, "1020"),
    ],
)
def test_mpsers_caps_each_pay_period_by_its_payroll_cycle(cycle, cap):
    """RULES §2 MPSERS: per-period caps weekly 30 h … annually 1,020 h [003] section IV."""
    period = PayPeriod(date(2010, 7, 1), date(2010, 7, 7), cycle, Decimal(2000))
    assert credited_service([period], System.MPSERS).yos == Decimal(cap) / Decimal(1020)


def test_mpsers_weekly_cap_is_worth_0_0294_years():
    """RULES §2 MPSERS table: weekly 30 h = 0.0294 YOS."""
    period = PayPeriod(date(2010, 7, 1), date(2010, 7, 7), PayCycle.WEEKLY, Decimal(40))
    assert credited_service([period], System.MPSERS).yos.quantize(Decimal("0.0001")) == Decimal("0.0294")


def test_mpsers_credits_at_most_1020_hours_in_a_school_fiscal_year():
    """RULES §2 MPSERS: one YOS = 1,020 hours in a school fiscal year, at most 1 YOS a year."""
    periods = biweekly(date(2010, 7, 1), 26, "60")  # 1,560 hours, all inside FY 2011 (Jul 2010 – Jun 2011)
    assert credited_service(periods, System.MPSERS).yos == Decimal(1)


@pytest.mark.parametrize(("days", "hours_a_day", "years"), [(17, 6, "0.1"), (85, 6, "0.5"), (260, 4, "1.0")])
def test_mpsers_part_time_worked_table(days, hours_a_day, years):
    """RULES §2 MPSERS worked table: 17 days × 6 h → 0.1; 85 × 6 → 0.5; 260 × 4 → 1.0 [003]."""
    periods = [
        PayPeriod(date(2010, 7, 1) + timedelta(days=n), date(2010, 7, 1) + timedelta(days=n), PayCycle.WEEKLY,
                  Decimal(hours_a_day))
        for n in range(days)
    ]
    assert credited_service(periods, System.MPSERS).yos == Decimal(years)


def test_mpsers_service_from_2013_02_01_is_reported_apart():
    """RULES §1: MPSERS service from the 2013-02-01 transition date earns 1.25% (split structures)."""
    periods = biweekly(date(2012, 7, 2), 26, "60")  # FY 2013: 15 periods (900 h) end before 2013-02-01
    credit = credited_service(periods, System.MPSERS, split_date=date(2013, 2, 1))
    assert credit.yos == Decimal(1)
    assert credit.yos_on_or_after_split == Decimal(120) / Decimal(1020)  # the year cap leaves 120 h after


def test_the_date_thirty_years_are_reached_is_the_end_of_that_pay_period():
    """RULES §1 DB 30: the member joins the DC plan on reaching 30 YOS [002]."""
    periods = biweekly(date(1981, 10, 5), 26 * 31, "80")
    credit = credited_service(periods, System.SERS, threshold_yos=Decimal(30))
    assert credit.threshold_reached_on is not None
    assert date(2011, 9, 1) <= credit.threshold_reached_on <= date(2011, 10, 31)


def test_months_with_hours_worked_are_reported():
    """RULES §3 early reduced (SERS): the member must work in the month of the 55th birthday."""
    periods = biweekly(date(2010, 1, 4), 4, "80")
    credit = credited_service(periods, System.SERS, months_to_check=(date(2010, 2, 1), date(2010, 6, 1)))
    assert credit.months_worked == frozenset({date(2010, 2, 1)})
