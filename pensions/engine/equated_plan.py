"""The equated plan combined with each payment option, and when it is not allowed (RULES §6).

A higher pension until 65 (SERS [002][004]; 62 in MPSERS [003]), then permanently reduced from the month after
that birthday, whatever Social Security actually pays: pre-65 = option amount + advance, post-65 = pre-65 −
age-65 Social Security (Mr. Mac: 1,570 + 551 = 2,121 before 65; 2,121 − 1,533 = 588 after). With a survivor
option the same computation starts from the survivor option's retiree amount; the survivor receives the standard
survivor amount.

Not available: at age 64 or older on the RED (SERS [002], the newer text; RULES Known conflicts), with a
disability retirement, or with a covered supplemental pension [002][004]. MPSERS pays the advance until 62, so
it is not available at 62 or older on the RED (nothing left to advance: an assumption, the sources are
silent). The advance itself and the Social Security conversion come from `equated` (actuarial basis).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import birthday, first_of_next_month
from .option_factors import ActuarialBasisUnavailable
from .plans import System

EQUATED_UNTIL_AGE = {System.SERS: 65, System.MPSERS: 62}  # RULES §6 [002][004] / [003]
SERS_EQUATED_REFUSED_FROM_AGE = 64  # RULES §6: not available at 64 or older on the RED [002]
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class EquatedAmounts:
    social_security_age65: Decimal
    advance_monthly: Decimal
    pre65_monthly: Decimal
    post65_monthly: Decimal
    reduced_from: date


def refusal(*, system: System, age_years: int, disability: bool, covered_supplemental: bool) -> str | None:
    """Why the equated plan is not available, or None when it is."""
    if disability:
        return "not available with a disability retirement"
    if covered_supplemental:
        return "not available with a covered supplemental pension"
    limit = SERS_EQUATED_REFUSED_FROM_AGE if system is System.SERS else EQUATED_UNTIL_AGE[System.MPSERS]
    if age_years >= limit:
        return f"not available at age {limit} or older on the retirement effective date"
    return None


def until_age(system: System) -> int:
    return EQUATED_UNTIL_AGE[system]


def reduction_date(system: System, birth_date: date) -> date:
    """The pension is reduced from the month after the 65th (MPSERS 62nd) birthday [002]."""
    return first_of_next_month(birthday(birth_date, EQUATED_UNTIL_AGE[system]))


def combine(
    option_monthly: Decimal, *, advance: Decimal, social_security_age65: Decimal, reduced_from: date
) -> EquatedAmounts:
    pre65 = option_monthly + advance
    return EquatedAmounts(social_security_age65, advance, pre65, pre65 - social_security_age65, reduced_from)


def _equated_module():
    """The actuarial basis's equated-plan functions, imported late so everything else works without them."""
    try:
        from . import equated
    except ImportError as error:  # pragma: no cover - only while the actuarial module is being written
        raise ActuarialBasisUnavailable("the actuarial basis (pensions/engine/equated.py) is not available") from error
    return equated


def advance_for(*, social_security_age65: Decimal, retirement_age_months: int, system: System) -> Decimal:
    return _equated_module().equated_advance(
        social_security_age65=social_security_age65,
        retirement_age_months=retirement_age_months,
        until_age_years=EQUATED_UNTIL_AGE[system],
    )


def social_security_at_65(*, fra_amount: Decimal, birth_date: date) -> Decimal:
    return _equated_module().social_security_at_65(fra_amount=fra_amount, birth_date=birth_date)
