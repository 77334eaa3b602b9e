"""Early reduced pension: 0.5% for each month before age 60 (RULES §3, §6).

SERS [002][004]: "for each month you take your pension before age 60" — months are counted as 720 less the
completed months of age on the RED, so a month already begun before the 60th birthday counts in full.
MPSERS [003]: "for each month **and fraction of a month**" — the fraction is the share of the current month of
age still to run (days / length of that month of age).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .dates import age_in_fractional_months, age_on
from .plans import System

REDUCTION_PER_MONTH = Decimal("0.005")  # RULES §3: one-half of one percent a month (6% a year)
FULL_AGE_MONTHS = 60 * 12  # RULES §3: reduction for each month before age 60
ZERO = Decimal(0)


def months_before_60(system: System, birth_date: date, retirement_effective_date: date) -> Decimal:
    if system is System.MPSERS:
        months = Decimal(FULL_AGE_MONTHS) - age_in_fractional_months(birth_date, retirement_effective_date)
    else:
        months = Decimal(FULL_AGE_MONTHS - age_on(birth_date, retirement_effective_date).whole_months)
    return max(months, ZERO)


def reduction(months: Decimal) -> Decimal:
    """The permanent reduction as a fraction of the straight-life pension (full precision)."""
    return REDUCTION_PER_MONTH * months
