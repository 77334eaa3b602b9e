"""Member contributions and interest crediting (RULES §8 [002][003]).

Rates by structure: SERS DB Classified 4%, DB 30 4% until 30 YOS, DB/DC Blend 4% until the 2012-04-01 switch;
MPSERS Basic none, Basic 4% from 2013-02-01 (none above 30 YOS if the member chose to stop), MIP Fixed 3.9%,
MIP Graded and MIP Plus by the school-fiscal-year charts, MIP 7% from 2013-02-01 (back to the member's earlier
MIP rate above 30 YOS if the member chose to reduce), DC Converted none after 2013-02-01. Premium Subsidy members
of MPSERS also pay 3% to the Retiree Healthcare Fund [003] section III.

Interest: at each fiscal-year end the balance that has been on account for the full year earns that year's
statutory rate; purchased service and pre-1974 post-tax contributions earn 6% after a full year [003].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .plans import DB_30_SWITCH_YOS, DB_DC_BLEND_SWITCH_DATE, MPSERS_TRANSITION_DATE, Structure

ZERO = Decimal(0)
SERS_DB_RATE = Decimal("0.04")  # RULES §8: SERS DB Classified and DB 30 (until 30 YOS) [002]
BASIC_4_RATE = Decimal("0.04")  # RULES §8: Basic 4% [003]
MIP_FIXED_RATE = Decimal("0.039")  # RULES §8: MIP Fixed 3.9% [003]
MIP_7_RATE = Decimal("0.07")  # RULES §8: MIP 7% [003]
RETIREE_HEALTHCARE_FUND_RATE = Decimal("0.03")  # RULES §8: Premium Subsidy members, MPSERS [003]
PURCHASED_SERVICE_INTEREST = Decimal("0.06")  # RULES §8: purchased service, pre-1974 post-tax [003]
STEP_DOWN_YOS = Decimal(DB_30_SWITCH_YOS)  # RULES §1/§8: the 30-YOS step (DB 30, Basic 4%, MIP 7%)


@dataclass(frozen=True, slots=True)
class ChartBand:
    up_to: Decimal | None  # upper bound of the band (inclusive); None: no bound
    rate: Decimal


# RULES §8 / [003] "MIP graded contributions" and "MIP plus contributions", per school fiscal year pay:
# 3% of the first $5,000; 3.6% of $5,000.01 – $15,000; 4.3% (Graded) or 6.4% (Plus) above $15,000.
MIP_GRADED_CHART = (
    ChartBand(Decimal(5000), Decimal("0.03")),
    ChartBand(Decimal(15000), Decimal("0.036")),
    ChartBand(None, Decimal("0.043")),
)
MIP_PLUS_CHART = (
    ChartBand(Decimal(5000), Decimal("0.03")),
    ChartBand(Decimal(15000), Decimal("0.036")),
    ChartBand(None, Decimal("0.064")),
)


def chart_contribution(compensation: Decimal, chart: tuple[ChartBand, ...]) -> Decimal:
    total, lower = ZERO, ZERO
    for band in chart:
        upper = compensation if band.up_to is None else min(compensation, band.up_to)
        if upper > lower:
            total += (upper - lower) * band.rate
        if band.up_to is None or compensation <= band.up_to:
            break
        lower = band.up_to
    return total


def _mip_rate_contribution(structure: Structure, compensation: Decimal) -> Decimal:
    if structure is Structure.MIP_GRADED:
        return chart_contribution(compensation, MIP_GRADED_CHART)
    if structure is Structure.MIP_PLUS:
        return chart_contribution(compensation, MIP_PLUS_CHART)
    return compensation * MIP_FIXED_RATE


def member_contribution(
    structure: Structure,
    compensation: Decimal,
    *,
    paid_on: date,
    yos_at_payment: Decimal,
    contributions_stop_at_30: bool = False,
    earlier_mip_structure: Structure = Structure.MIP_FIXED,
) -> Decimal:
    """DB pension contribution on `compensation` (a school fiscal year's pay for the MIP charts)."""
    at_or_above_30 = yos_at_payment >= STEP_DOWN_YOS
    after_transition = paid_on >= MPSERS_TRANSITION_DATE
    if structure is Structure.DB_CLASSIFIED:
        return compensation * SERS_DB_RATE
    if structure is Structure.DB_30:
        return ZERO if at_or_above_30 else compensation * SERS_DB_RATE
    if structure is Structure.DB_DC_BLEND:
        return ZERO if paid_on >= DB_DC_BLEND_SWITCH_DATE else compensation * SERS_DB_RATE
    if structure in (Structure.BASIC, Structure.BASIC_DC_CONVERTED):
        return ZERO
    if structure is Structure.BASIC_4:
        if not after_transition or (contributions_stop_at_30 and at_or_above_30):
            return ZERO
        return compensation * BASIC_4_RATE
    if structure in (Structure.MIP_FIXED, Structure.MIP_GRADED, Structure.MIP_PLUS):
        return _mip_rate_contribution(structure, compensation)
    if structure is Structure.MIP_7:
        if not after_transition or (contributions_stop_at_30 and at_or_above_30):
            return _mip_rate_contribution(earlier_mip_structure, compensation)
        return compensation * MIP_7_RATE
    if structure is Structure.MIP_DC_CONVERTED:
        return ZERO if after_transition else _mip_rate_contribution(earlier_mip_structure, compensation)
    raise ValueError(structure)  # pragma: no cover


def retiree_healthcare_contribution(compensation: Decimal) -> Decimal:
    return compensation * RETIREE_HEALTHCARE_FUND_RATE


@dataclass(frozen=True, slots=True)
class FiscalYearActivity:
    contributions: Decimal
    interest_rate: Decimal  # the statutory rate credited at this fiscal year's end


def interest_credited_for_year(*, year_ends: date, on: date) -> bool:
    """Whether a fiscal year's interest is credited by ``on``: "Interest is credited on DB contributions at each
    fiscal-year end" (RULES §8), so never for a year still running (its last day included)."""
    return on > year_ends


def balance_with_interest(years: list[FiscalYearActivity], opening_balance: Decimal = ZERO) -> Decimal:
    """Account balance after crediting each year's interest on the balance on account for the full year."""
    balance = opening_balance
    for year in years:
        balance += balance * year.interest_rate + year.contributions
    return balance
