"""The five steps of the application (RULES §11) and the state of each: the one place that decides it.

A step is *not started* until the member first saves it, *in progress* while its answers are not whole, *completed*
when they are, and *needs attention* when they were whole but something they were based on has changed since: the
retirement effective date the option figures or the coverage date were worked out for, or the member's marriage
(which decides the spousal waiver, RULES §6). The last step, check and submit, *cannot start yet* until the four
before it are completed. Pages (the task list, the check page), the submit service and the dashboard all read
these states from here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from applications.rules import election
from pensions.engine.beneficiaries import Relationship
from pensions.engine.option_factors import OptionName


class StepState(enum.Enum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    NEEDS_ATTENTION = "Needs attention"
    CANNOT_START_YET = "Cannot start yet"


@dataclass(frozen=True)
class Step:
    key: str  # also the URL name of the step's page: applications:<key>
    number: int
    title: str
    state: StepState

    @property
    def completed(self):
        return self.state is StepState.COMPLETED


TITLES = {
    "option": "Choose your payment option and beneficiary",
    "insurance": "Choose your insurances",
    "tax": "Tax withholding",
    "deposit": "Direct deposit",
    "submit": "Check your answers and submit",
}
ANSWER_STEPS = ("option", "insurance", "tax", "deposit")


def is_married(member) -> bool:
    return member.marital_status == "MARRIED"


def waiver_required(*, member, option: str, relationship: str) -> bool:
    """The rules on the spousal waiver (RULES §6, §11a) for this option and beneficiary and the member's marriage."""
    return election.spousal_waiver_required(married=is_married(member), option=OptionName(option),
                                            relationship=Relationship(relationship) if relationship else None)


def waiver_required_now(application) -> bool:
    """The waiver rule for the saved option, with the member's marriage as it is today."""
    return waiver_required(member=application.member, option=application.option,
                           relationship=application.beneficiary_relationship)


def option_state(application) -> StepState:
    a = application
    if a.option_saved_at is None:
        return StepState.NOT_STARTED
    survivor = a.option and a.option != "STRAIGHT_LIFE"
    whole = (a.option and a.irrevocable_acknowledged_at is not None
             and (not a.equated or a.social_security_fra is not None)
             and (not survivor or (a.beneficiary_name and a.beneficiary_relationship and a.beneficiary_birth_date)))
    if not whole:
        return StepState.IN_PROGRESS
    if a.option_red != a.retirement_effective_date or a.spousal_waiver_required != waiver_required_now(a):
        return StepState.NEEDS_ATTENTION
    return StepState.COMPLETED


def insurance_state(application) -> StepState:
    a = application
    if a.insurance_saved_at is None:
        return StepState.NOT_STARTED
    if a.insurance_decision == "DECLINE":
        return StepState.COMPLETED
    if a.insurance_decision != "ENROL" or not a.health_plan_id:
        return StepState.IN_PROGRESS
    if a.insurance_red != a.retirement_effective_date:
        return StepState.NEEDS_ATTENTION
    return StepState.COMPLETED


def tax_state(application) -> StepState:
    a = application
    if a.tax_saved_at is None:
        return StepState.NOT_STARTED
    federal = a.federal_withhold is False or (a.federal_withhold and a.federal_filing_status)
    michigan = a.michigan_withhold is False or (a.michigan_withhold and a.michigan_filing_status)
    return StepState.COMPLETED if federal and michigan else StepState.IN_PROGRESS


def deposit_state(application) -> StepState:
    a = application
    if a.deposit_saved_at is None:
        return StepState.NOT_STARTED
    whole = a.deposit_routing_number and a.deposit_account_last4 and a.deposit_account_type
    return StepState.COMPLETED if whole else StepState.IN_PROGRESS


STATE_OF = {"option": option_state, "insurance": insurance_state, "tax": tax_state, "deposit": deposit_state}


def steps_of(application) -> list[Step]:
    """The five steps in order with their states (reads ``application.member``: select it with the application)."""
    steps = [Step(key, number, TITLES[key], STATE_OF[key](application))
             for number, key in enumerate(ANSWER_STEPS, start=1)]
    if not application.is_draft:
        last = StepState.COMPLETED
    elif all(step.completed for step in steps):
        last = StepState.NOT_STARTED
    else:
        last = StepState.CANNOT_START_YET
    return [*steps, Step("submit", 5, TITLES["submit"], last)]


def unfinished(application) -> list[Step]:
    """The answer steps that still stop the application from being submitted."""
    return [step for step in steps_of(application)[:-1] if not step.completed]
