"""The premium subsidy, the Personal Healthcare Fund and the member's share (RULES §10 "Subsidy", §1 retiree
healthcare plan; [001]; [002]; [003] VI).

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import Enum

from pensions.engine.money import cents
from pensions.engine.plans import System


class HealthcarePlan(Enum):
    """The member's retiree healthcare plan (RULES §1; [003] VI)."""

    PREMIUM_SUBSIDY = "PREMIUM_SUBSIDY"
    PERSONAL_HEALTHCARE_FUND = "PERSONAL_HEALTHCARE_FUND"


PERCENT = Decimal(100)


@dataclass(frozen=True)
class GradedSubsidySchedule:
    """SERS graded premium subsidy: "30% after the ten year vesting period and an additional 3% yearly for every
    year past vesting date" [001]; RULES §10. Percentages are data (RULES §10): the catalogue passes its own.

    ``maximum_percent``: the sources state no cap; 100% is the arithmetic ceiling (a subsidy cannot exceed the
    premium), reached at 34 YOS. The plan administrator must confirm the real maximum.
    """

    minimum_yos: Decimal = Decimal(10)
    base_percent: Decimal = Decimal(30)
    percent_per_further_year: Decimal = Decimal(3)
    maximum_percent: Decimal = Decimal(100)


SERS_GRADED_SUBSIDY = GradedSubsidySchedule()

# "at the maximum subsidy allowed by law, currently set at 80 percent" [003] survivor pages; RULES §10.
MPSERS_SURVIVOR_SUBSIDY_PERCENT = Decimal(80)


def sers_graded_subsidy_percent(yos: Decimal, schedule: GradedSubsidySchedule = SERS_GRADED_SUBSIDY) -> Decimal:
    """The SERS graded premium subsidy in percent for ``yos`` years of service.

    0 below 10 YOS; 30 at 10; plus 3 for each *completed* further year ("for every year past vesting date":
    10.99 YOS is still 30%, 11 is 33%); never more than ``schedule.maximum_percent``.
    """
    yos = Decimal(yos)
    if yos < schedule.minimum_yos:
        return Decimal(0)
    further = (yos - schedule.minimum_yos).to_integral_value(rounding=ROUND_FLOOR)
    return min(schedule.base_percent + further * schedule.percent_per_further_year, schedule.maximum_percent)


def premium_subsidy_percent(
    *,
    system: System,
    healthcare_plan: HealthcarePlan,
    yos: Decimal | None = None,
    mpsers_survivor: bool = False,
    schedule: GradedSubsidySchedule = SERS_GRADED_SUBSIDY,
) -> Decimal | None:
    """The subsidy percentage the rules themselves fix, or None where it must come from the catalogue's data.

    - Personal Healthcare Fund: 0 (the full premium; RULES §1; [003] VI);
    - SERS Premium Subsidy: the graded subsidy for ``yos`` ([001]; RULES §10);
    - MPSERS survivor pension beneficiary and dependents, Premium Subsidy: 80 ([003]; RULES §10);
    - MPSERS member, Premium Subsidy: None -- "Whether, when, and how much the subsidy will be depends on many
      things" ([003] VI) that the sources do not tabulate; the catalogue supplies it.
    """
    if healthcare_plan is HealthcarePlan.PERSONAL_HEALTHCARE_FUND:
        return Decimal(0)
    if system is System.SERS:
        if yos is None:
            raise ValueError("yos is required for the SERS graded premium subsidy")
        return sers_graded_subsidy_percent(yos, schedule)
    if mpsers_survivor:
        return MPSERS_SURVIVOR_SUBSIDY_PERCENT
    return None


@dataclass(frozen=True)
class PersonalHealthcareFundEnrolment:
    allowed: bool
    subsidy_percent: Decimal
    reason: str


def personal_healthcare_fund_enrolment(
    *, at_retirement: bool, previously_disenrolled: bool
) -> PersonalHealthcareFundEnrolment:
    """Personal Healthcare Fund members: full premium, only when enrolling immediately at retirement, never again
    after leaving the plan (RULES §1; [003] VI "you will be responsible for the entire premium. If you disenroll
    from the plan at any time, you ... will not be able to re-enroll")."""
    if previously_disenrolled:
        return PersonalHealthcareFundEnrolment(
            False, Decimal(0), "With the Personal Healthcare Fund, no one can re-enrol after leaving the plan."
        )
    if not at_retirement:
        return PersonalHealthcareFundEnrolment(
            False,
            Decimal(0),
            "With the Personal Healthcare Fund, enrolment is possible only immediately at retirement.",
        )
    return PersonalHealthcareFundEnrolment(
        True, Decimal(0), "With the Personal Healthcare Fund, you may enrol at retirement and pay the full premium."
    )


def may_enrol_again_after_leaving(healthcare_plan: HealthcarePlan) -> bool:
    """Whether a member who cancels their coverage may enrol again later (after the wait of a late enrolment).

    Never with the Personal Healthcare Fund: "If you disenroll from the plan at any time, you ... will not be able
    to re-enroll" ([003] VI; RULES §1).
    """
    return healthcare_plan is not HealthcarePlan.PERSONAL_HEALTHCARE_FUND


def member_premium_share(*, premium: Decimal, subsidy_percent: Decimal) -> Decimal:
    """The member's monthly share of ``premium`` after a ``subsidy_percent`` subsidy, at full precision."""
    if not Decimal(0) <= subsidy_percent <= PERCENT:
        raise ValueError("subsidy_percent must be between 0 and 100")
    return Decimal(premium) * (PERCENT - subsidy_percent) / PERCENT


@dataclass(frozen=True)
class PremiumCollection:
    """How the member's share is collected: from the pension, and the rest billed monthly ([002] step 3)."""

    member_share: Decimal
    deducted_from_pension: Decimal
    billed_monthly: Decimal


def premium_collection(*, member_share: Decimal, monthly_pension: Decimal) -> PremiumCollection:
    """Split the member's share (rounded half-up to cents) into the pension deduction and a monthly bill.

    "your share of the insurance premium is deducted from your monthly pension payment. If your pension is less
    than the premium amount, we will bill you for the remainder" [002] step 3; RULES §10.
    """
    share = cents(Decimal(member_share))
    pension = max(cents(Decimal(monthly_pension)), Decimal(0))
    deducted = min(share, pension)
    return PremiumCollection(share, deducted, share - deducted)
