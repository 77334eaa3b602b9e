"""The equated plan's combination with options and its restrictions (RULES §6)."""

from datetime import date
from decimal import Decimal

from pensions.engine.equated_plan import combine, reduction_date, refusal
from pensions.engine.plans import System


def test_pre65_adds_the_advance_and_post65_subtracts_age_65_social_security():
    """RULES §6: Mr. Mac 1,570 + 551 = 2,121 before 65; 2,121 − 1,533 = 588 after [002][004]."""
    amounts = combine(Decimal(1570), advance=Decimal(551), social_security_age65=Decimal(1533),
                      reduced_from=date(2013, 5, 1))
    assert (amounts.pre65_monthly, amounts.post65_monthly) == (Decimal(2121), Decimal(588))


def test_the_equated_plan_is_refused_at_64_or_older():
    """RULES §6 / Known conflicts: not available at 64 or older on the RED [002]."""
    assert refusal(system=System.SERS, age_years=64, disability=False, covered_supplemental=False)
    assert refusal(system=System.SERS, age_years=63, disability=False, covered_supplemental=False) is None


def test_the_equated_plan_is_refused_with_a_disability_retirement():
    """RULES §6: not with a disability retirement."""
    assert refusal(system=System.SERS, age_years=55, disability=True, covered_supplemental=False)


def test_the_equated_plan_is_refused_with_a_covered_supplemental_pension():
    """RULES §6: not with a covered supplemental pension."""
    assert refusal(system=System.SERS, age_years=55, disability=False, covered_supplemental=True)


def test_mpsers_pays_the_advance_until_62():
    """RULES §6: MPSERS equated plan pays the advance until 62 [003]."""
    assert refusal(system=System.MPSERS, age_years=62, disability=False, covered_supplemental=False)
    assert reduction_date(System.MPSERS, date(1950, 6, 15)) == date(2012, 7, 1)


def test_the_sers_pension_is_reduced_from_the_month_after_the_65th_birthday():
    """RULES §6: reduced the month after the 65th birthday [002]."""
    assert reduction_date(System.SERS, date(1948, 4, 1)) == date(2013, 5, 1)
