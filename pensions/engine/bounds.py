"""The plausible range of every estimate input, with the reason a value outside it is refused.

One table, used by the `estimate` command's contract and by the estimate form, so the page refuses what the
command refuses with the same words (issue 14 items 8 and 9). Each check returns the member-readable message, or
None when the value is in range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import age_on

# RULES §2: at most one YOS is earned in a year, so no career reaches 60 years of service.
MAX_YOS = Decimal(60)
# The actuarial basis ends at 120 (q(120) = 1: nobody reaches 121), so no member or beneficiary is 120 or older.
MAX_AGE_YEARS = 120
# Far above any public employee's yearly pay or monthly benefit; a larger figure is a typing error.
MAX_MONEY = Decimal(10_000_000)
# RULES §2: a year has at most 366 × 24 = 8,784 hours; no pay period reports more.
MAX_HOURS = Decimal(8784)
# RULES §13 "projected annual wage increase (%)": above 25% a year no pay schedule rises.
MAX_WAGE_INCREASE_PERCENT = Decimal(25)
# Dates an estimate can be about: members born from 1900, pensions starting before 2200.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


@dataclass(frozen=True)
class Bound:
    maximum: Decimal
    message: str


YEARS = Bound(MAX_YOS, f"must be at most {MAX_YOS} years: no career earns more (at most one year of service a year)")
MONEY = Bound(MAX_MONEY, "must be below $10,000,000: no member's pay or benefit comes near it")
HOURS = Bound(MAX_HOURS, f"must be at most {MAX_HOURS} hours, the hours in a year")
WAGE_INCREASE = Bound(MAX_WAGE_INCREASE_PERCENT, f"must be at most {MAX_WAGE_INCREASE_PERCENT}% a year")

# Each decimal input of the estimate contract (by its name, also inside records) and its bound.
FIELD_BOUNDS: dict[str, Bound] = {
    **dict.fromkeys(
        (
            "yos", "purchased_yos", "projected_yos", "act88_yos", "granted_yos", "covered_yos",
            "conservation_officer_yos", "facility_yos", "yos_after_2013_02_01", "yos_after_dc_switch", "years",
        ),
        YEARS,
    ),
    **dict.fromkeys(("fac", "amount", "social_security_age65", "social_security_fra"), MONEY),
    **dict.fromkeys(
        ("hours", "plan_a_hours", "furlough_hours", "banked_leave_hours", "overtime_hours"), HOURS
    ),
    "projected_wage_increase": WAGE_INCREASE,
}  # fmt: skip


def number_problem(name: str, value: Decimal) -> str | None:
    """The refusal of a non-negative decimal input named `name` (a key of FIELD_BOUNDS), or None."""
    bound = FIELD_BOUNDS[name]
    if value > bound.maximum or (bound is MONEY and value == bound.maximum):
        return bound.message
    return None


def date_problem(value: date) -> str | None:
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return f"must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"


def age_problem(birth_date: date, on: date, *, who: str) -> str | None:
    """`who` ("the member", "the beneficiary") must be under 120 on `on` (the RED)."""
    years = age_on(birth_date, on).years
    if years < MAX_AGE_YEARS:
        return None
    return f"{who} would be {years} on the retirement effective date; ages must be under {MAX_AGE_YEARS}"
