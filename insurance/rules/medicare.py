"""Medicare: when it is required, reminders and what the member's entries mean (RULES §10 "Medicare";
[002] step 3 "Medicare"; [004] V "When Medicare begins").

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from pensions.engine.dates import add_months, birthday, first_of_month

# "If eligible, you must have Medicare parts A and B in place the month of your 65th birthday" [002] step 3.
MEDICARE_AGE = 65
# "Enroll in Medicare at least three months before age 65." [002] step 3 (eligible after retirement);
# issue 6 item 6: "a Medicare reminder three months before 65".
MEDICARE_ENROL_MONTHS_BEFORE_65 = 3
# "Contact the SSA to enroll in Medicare at least three months before your retirement effective date"; "Submit
# your proofs to ORS at least one and a half months before your retirement effective date." [002] step 3.
MEDICARE_ENROL_MONTHS_BEFORE_RED = 3


class MedicareFinding(Enum):
    NO_PART_A = "NO_PART_A"
    NO_PART_B = "NO_PART_B"
    INDIVIDUAL_PART_D = "INDIVIDUAL_PART_D"


# Messages the page shows where the member enters Medicare data ([002] step 3 "Medicare"; RULES §10).
MEDICARE_PLANS_ARE_ADVANTAGE = (
    "All of the retirement system's plans are Medicare Advantage plans that combine Parts A, B and D."
)
MEDICARE_MESSAGES: dict[MedicareFinding, str] = {
    MedicareFinding.NO_PART_A: (
        "Medicare Parts A and B must be in place by the month of the 65th birthday to stay enrolled in the "
        "retirement system's insurance."
    ),
    MedicareFinding.NO_PART_B: (
        "Without Medicare Part B when first eligible, this person's insurance is cancelled; if it is the "
        "retiree's, the dependents' coverage is cancelled too. Re-enrolment starts on the first day of the sixth "
        "month after all forms and proofs are received."
    ),
    MedicareFinding.INDIVIDUAL_PART_D: (
        "Enrolling in an individual Part D plan (or any plan outside the retirement system's) disenrols you and "
        "your dependents from all the retirement system's plans: only one Part D plan is allowed."
    ),
}


def medicare_required_from(birth_date: date) -> date:
    """The date Parts A and B must be effective by: the first day of the month of the 65th birthday ([002])."""
    return first_of_month(birthday(birth_date, MEDICARE_AGE))


def medicare_reminder_date(birth_date: date) -> date:
    """Three months before the 65th birthday: the latest day to enrol with Social Security ([002] step 3)."""
    return add_months(birthday(birth_date, MEDICARE_AGE), -MEDICARE_ENROL_MONTHS_BEFORE_65)


def medicare_findings(
    *,
    birth_date: date,
    on: date,
    part_a_effective: date | None,
    part_b_effective: date | None,
    individual_part_d: bool = False,
) -> tuple[MedicareFinding, ...]:
    """What is wrong with one person's Medicare on ``on`` (empty: nothing). Messages: :data:`MEDICARE_MESSAGES`.

    From the first day of the month of the 65th birthday, Part A and Part B must each be effective no later than
    that day (RULES §10; [002]); earlier, a missing part is not a finding. An individual Part D plan is a finding
    at any age.
    """
    findings: list[MedicareFinding] = []
    required_from = medicare_required_from(birth_date)
    if on >= required_from:
        if part_a_effective is None or part_a_effective > required_from:
            findings.append(MedicareFinding.NO_PART_A)
        if part_b_effective is None or part_b_effective > required_from:
            findings.append(MedicareFinding.NO_PART_B)
    if individual_part_d:
        findings.append(MedicareFinding.INDIVIDUAL_PART_D)
    return tuple(findings)


def medicare_cancellation_affects_dependents(*, person_is_retiree: bool) -> bool:
    """A cancellation for missing Part B also cancels the dependents only when it is the retiree's ([002])."""
    return person_is_retiree
