"""Which kinds of enrolment a member may start, by membership status and retiree healthcare plan (RULES §10
"Enrolling after retirement", §1 retiree healthcare plan; [002] step 3; [003] VI).

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from insurance.rules.effective_dates import Situation
from insurance.rules.subsidy import HealthcarePlan, personal_healthcare_fund_enrolment

NOT_A_PENSIONER = "Retiree insurance is for members who receive a pension from us."
ENROL_AT_RETIREMENT_LATER = ("You can enrol once your retirement application gives your retirement effective date; "
                             "your retirement application leads you here.")
DEFERRED_ENROL_LATER = ("As a deferred member you can enrol when your pension begins, with your retirement "
                        "application.")


class MemberStatus(Enum):
    """The member's standing with the retirement system (the values of the member record's status)."""

    ACTIVE = "ACTIVE"
    DEFERRED = "DEFERRED"
    RETIRED = "RETIRED"
    REFUNDED = "REFUNDED"  # refunded, or terminated without vesting: no pension, so no retiree insurance


@dataclass(frozen=True)
class OpenSituations:
    situations: tuple[Situation, ...] = ()
    refusal: str = ""  # why none is open, for the member

    def __contains__(self, situation: Situation) -> bool:
        return situation in self.situations


def situations_open(
    *,
    status: MemberStatus,
    healthcare_plan: HealthcarePlan,
    retirement_effective_date_known: bool,
    has_submitted_enrolment: bool,
    coverage_running: bool,
    left_personal_healthcare_fund: bool,
) -> OpenSituations:
    """The kinds of enrolment a member may start, or why none.

    - Retiree insurance follows a pension: a refunded member has none (RULES §10).
    - The first enrolment is at retirement, once the retirement effective date is known, with the retirement
      application ([002] step 3 "Insurance coverage"); an active or deferred member without one waits.
    - A retiree with coverage running may change plans or who is covered, or report a qualifying event; without
      coverage, enrol voluntarily (the six-month wait), after a qualifying event, or after losing Medicare (RULES §10
      "Effective dates" table).
    - Personal Healthcare Fund members enrol only immediately at retirement and never again after leaving the plan
      (RULES §1; ``subsidy.personal_healthcare_fund_enrolment``): a submitted enrolment that no longer runs counts as
      having left.
    """
    if status is MemberStatus.REFUNDED:
        return OpenSituations(refusal=NOT_A_PENSIONER)
    at_retirement = retirement_effective_date_known and not has_submitted_enrolment
    if status is not MemberStatus.RETIRED and not at_retirement:
        return OpenSituations(refusal=DEFERRED_ENROL_LATER if status is MemberStatus.DEFERRED
                              else ENROL_AT_RETIREMENT_LATER)
    if at_retirement:
        situations = (Situation.AT_RETIREMENT,)
    elif coverage_running:
        situations = (Situation.PLAN_CHANGE, Situation.QUALIFYING_EVENT)
    else:
        situations = (Situation.VOLUNTARY, Situation.QUALIFYING_EVENT, Situation.MEDICARE_REENROLL)
    if healthcare_plan is HealthcarePlan.PERSONAL_HEALTHCARE_FUND and not coverage_running:
        fund = personal_healthcare_fund_enrolment(
            at_retirement=at_retirement,
            previously_disenrolled=left_personal_healthcare_fund or has_submitted_enrolment)
        if not fund.allowed:
            return OpenSituations(refusal=fund.reason)
    return OpenSituations(situations=situations)
