"""Early reduction: 0.5% a month before 60 (RULES §3, §6)."""

from datetime import date
from decimal import Decimal

from pensions.engine.early_reduction import months_before_60, reduction
from pensions.engine.plans import System


def test_mr_mac_retiring_at_57_and_a_half_is_30_months_before_60():
    """RULES §3, [004]: 30 months × 0.5% = 15%."""
    months = months_before_60(System.SERS, date(1945, 10, 1), date(2003, 4, 1))
    assert months == Decimal(30)
    assert reduction(months) == Decimal("0.15")


def test_sers_counts_a_month_begun_before_60_in_full():
    """RULES §3 SERS: each month before 60 (a part month counts as a month)."""
    assert months_before_60(System.SERS, date(1945, 10, 15), date(2003, 4, 1)) == Decimal(31)


def test_mpsers_counts_the_fraction_of_a_month():
    """RULES §3 MPSERS: each month and fraction of a month before 60 [003]."""
    months = months_before_60(System.MPSERS, date(1945, 10, 15), date(2003, 4, 1))
    assert abs(months - (Decimal(30) + Decimal(14) / Decimal(31))) < Decimal("1e-20")  # 14 of October's 31 days


def test_there_is_no_reduction_from_age_60():
    """RULES §3: no months before 60 at 60 or older."""
    assert months_before_60(System.SERS, date(1940, 1, 1), date(2003, 4, 1)) == Decimal(0)
