"""Post-retirement increases (RULES §7)."""

from datetime import date
from decimal import Decimal

from pensions.engine.cola import first_increase_date, schedule, yearly_increase
from pensions.engine.plans import PlanFamily


def test_sers_increase_is_capped_at_25_dollars_a_month():
    """RULES §7, [004]: $1,200 → 3% is $36, capped at $25: $1,225, $1,250, $1,275."""
    steps = schedule(Decimal(1200), date(2004, 1, 1), PlanFamily.SERS_DB)
    assert [s.monthly for s in steps[:3]] == [Decimal(1225), Decimal(1250), Decimal(1275)]


def test_the_first_increase_is_the_first_october_after_a_full_year_retired():
    """RULES §7: retired 2004-01-01 → first increase October 2005 [004]."""
    assert first_increase_date(date(2004, 1, 1)) == date(2005, 10, 1)


def test_a_red_on_october_first_waits_a_full_year():
    """RULES §7: the second October after a RED of 1 October is the one a year later."""
    assert first_increase_date(date(2004, 10, 1)) == date(2005, 10, 1)


def test_small_sers_pensions_get_3_percent_of_the_initial_amount_not_compounded():
    """RULES §7: fixed 3% of the initial pension, accumulated, not compounded."""
    steps = schedule(Decimal(500), date(2004, 1, 1), PlanFamily.SERS_DB)
    assert [s.monthly for s in steps[:2]] == [Decimal(515), Decimal(530)]


def test_mip_increase_has_no_cap():
    """RULES §7: MPSERS MIP 3% of the initial pension, no cap stated [003]."""
    assert yearly_increase(Decimal(2000), PlanFamily.MIP) == Decimal(60)


def test_basic_members_have_no_scheduled_increase():
    """RULES §7: MPSERS Basic — no scheduled increase [003]."""
    assert schedule(Decimal(2000), date(2004, 1, 1), PlanFamily.BASIC) == []


def test_the_schedule_lists_five_increases():
    """ARCHITECTURE: at least the first five increases."""
    assert len(schedule(Decimal(1000), date(2004, 1, 1), PlanFamily.SERS_DB)) == 5
