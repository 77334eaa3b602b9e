"""Post-retirement increases (RULES §7).

- SERS: each October a fixed 3% of the initial pension, not compounded but accumulated, capped at $25 a month,
  from the first October after a full year retired, i.e. the first 1 October on or after the first anniversary
  of the RED ("the second October after your RED" [002]; Mr. Mac retired 2004-01-01 → October 2005 [004]).
- MPSERS MIP: 3% of the initial pension each October after a full year retired, no cap stated [003].
- MPSERS Basic: no scheduled increase [003].
- The increase is based on the early reduced amount when reduced, and on the amount before any equated advance
  [002]. Survivors of a 100% option receive the same increase, of a 75% / 50% option 75% / 50% of it (RULES §7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import add_years
from .plans import PlanFamily

COLA_RATE = Decimal("0.03")  # RULES §7: 3% of the initial pension (SERS [002][004], MIP [003])
SERS_COLA_MONTHLY_CAP = Decimal(25)  # RULES §7: at most $25 a month ($300 a year) [001][002][004]
COLA_MONTH = 10  # RULES §7: each October
SCHEDULE_LENGTH = 5  # ARCHITECTURE: at least the first five increases


@dataclass(frozen=True, slots=True)
class ColaStep:
    date: date
    monthly: Decimal


def yearly_increase(initial_monthly: Decimal, family: PlanFamily) -> Decimal:
    """The monthly amount added each October (zero for Basic)."""
    if family is PlanFamily.BASIC:
        return Decimal(0)
    increase = initial_monthly * COLA_RATE
    if family is PlanFamily.SERS_DB and increase > SERS_COLA_MONTHLY_CAP:
        return SERS_COLA_MONTHLY_CAP
    return increase


def first_increase_date(retirement_effective_date: date) -> date:
    anniversary = add_years(retirement_effective_date, 1)
    year = anniversary.year if (anniversary.month, anniversary.day) <= (COLA_MONTH, 1) else anniversary.year + 1
    return date(year, COLA_MONTH, 1)


def schedule(
    initial_monthly: Decimal, retirement_effective_date: date, family: PlanFamily, count: int = SCHEDULE_LENGTH
) -> list[ColaStep]:
    increase = yearly_increase(initial_monthly, family)
    if not increase:
        return []
    first = first_increase_date(retirement_effective_date)
    return [ColaStep(date(first.year + k, COLA_MONTH, 1), initial_monthly + increase * (k + 1)) for k in range(count)]
