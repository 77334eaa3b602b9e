"""Retiree-insurance rules as pure functions: effective dates, dependents, proofs, Medicare, subsidy, life.

This module implements the pure-rule parts of RULES.md §10 (insurance in retirement) and the retiree-healthcare
part of §1, from the source documents cited beside every constant:

- [002] *Pre-Retirement Orientation* workbook (SERS, the newest text), step 3 "Decide on insurance", the
  "Dependent eligibility proofs" page and "Life insurance protection";
- [003] *Your Retirement Plan* handbook (MPSERS), section VI "Insurance in Retirement" and the survivor pages;
- [004] *Retirement Readiness* (SERS, older), section V "Continuing Your Insurance Benefits";
- [001] the plan overview (the SERS graded premium subsidy).

It imports nothing from Django: only dataclasses, enums, ``Decimal`` and ``date``. Models, services and pages call
these functions; they never re-implement a rule. Every number a plan administrator could change (days, months,
ages, percentages, caps) is a named module constant (or a field of a frozen parameter object) with its source,
so the data layer can pass another value where the functions take one.

Conventions used throughout (each is also stated where it matters):

- "N calendar days after D" is ``D + N days``: the N-th day after D is still inside the window, the (N+1)-th is
  not. So with a retirement effective date (RED) of 1 January, 31 January is the 30th day after it (in time) and
  1 February the 31st (late).
- "received before D" is strictly before: a document that arrives on D did not arrive before D ([002]'s worked
  example: proofs arriving on Dec. 1 for a Jan. 1 RED are *not* before Dec. 1, and coverage starts Feb. 1).
- "the first day of the N-th month after receipt" is the first day of the month that is N months after the
  calendar month in which the *last* required document arrived (RULES §10 heading of the table).
- An end date ("ends_on") is the last day on which a person is still eligible, inclusive.
- "Until age A" means while younger than A: the last eligible day is the day before the A-th birthday.
- A person born on 29 February has birthdays on 28 February in common years (so the month of a birthday is
  always the birth month, and "the month in which the child turns 19" stays February).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import Enum

# ---------------------------------------------------------------------------------------------------------------
# Date helpers (pure calendar arithmetic, no rule in them)
# ---------------------------------------------------------------------------------------------------------------


def first_of_month(day: date) -> date:
    """The first day of the month containing ``day``."""
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    """The last day of the month containing ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative to go back); the day is clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_nth_month_after(day: date, n: int) -> date:
    """The first day of the N-th month after the month containing ``day`` (RULES §10 table heading).

    ``first_of_nth_month_after(date(2021, 2, 10), 6) == date(2021, 8, 1)`` ([002] step 3 example).
    """
    return add_months(first_of_month(day), n)


def birthday(birth_date: date, age: int) -> date:
    """The date of the ``age``-th birthday; 29 February births have it on 28 February in common years."""
    year = birth_date.year + age
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth_date.replace(year=year)


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on`` (consistent with :func:`birthday`)."""
    years = on.year - birth_date.year
    if on < birthday(birth_date, years):
        years -= 1
    return years


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------


class System(Enum):
    SERS = "SERS"
    MPSERS = "MPSERS"


class HealthcarePlan(Enum):
    """The member's retiree healthcare plan (RULES §1; [003] VI)."""

    PREMIUM_SUBSIDY = "PREMIUM_SUBSIDY"
    PERSONAL_HEALTHCARE_FUND = "PERSONAL_HEALTHCARE_FUND"


class Situation(Enum):
    """Why coverage is being requested (ARCHITECTURE.md, ``coverage_date``)."""

    AT_RETIREMENT = "AT_RETIREMENT"
    QUALIFYING_EVENT = "QUALIFYING_EVENT"
    VOLUNTARY = "VOLUNTARY"
    PLAN_CHANGE = "PLAN_CHANGE"
    MEDICARE_REENROLL = "MEDICARE_REENROLL"


# ---------------------------------------------------------------------------------------------------------------
# 1. Coverage effective dates — RULES §10 "Effective dates" table; [002] step 3 "Insurance coverage"
# ---------------------------------------------------------------------------------------------------------------

# "we must receive your application and proofs ... no later than 30 calendar days after your retirement effective
# date. If the supporting information is not received within those 30 calendar days, your insurance coverage will
# begin six months after we receive the enrollment request and proofs." [002] step 3 "Verifying eligibility";
# RULES §10 table row 3. Read as: received on or before RED + 30 days is in time.
AT_RETIREMENT_DEADLINE_DAYS = 30

# "ORS must receive your completed application and proofs within 30 days of the qualifying event." [002] step 3
# "Enrolling after retirement"; RULES §10 table row 4. Read as: received on or before event date + 30 days.
QUALIFYING_EVENT_DEADLINE_DAYS = 30

# "Coverage begins the first day of the first month after all required documentation is received" (not eligible
# for and not enrolled in Medicare) / "... of the second month ..." (eligible for and enrolled in Medicare).
# [002] step 3 tables "Insurance effective dates for retirees"; RULES §10 table rows 2, 4 and 6.
MONTHS_AFTER_RECEIPT_WITHOUT_MEDICARE = 1
MONTHS_AFTER_RECEIPT_WITH_MEDICARE = 2

# "... will not begin until the first day of the sixth month after all required documentation is received"
# (late at retirement, late qualifying event, voluntary enrolment) [002] step 3; and Medicare re-enrolment:
# "coverage will begin on the first day of the sixth month after ORS receives all required forms and proofs"
# [002] step 3 "Medicare". RULES §10 table rows 3 and 5, and the Medicare paragraph.
MONTHS_AFTER_RECEIPT_LATE_OR_VOLUNTARY = 6
MONTHS_AFTER_RECEIPT_MEDICARE_REENROLMENT = 6

# With Medicare at retirement: "we need your required proofs before Dec. 1" for a Jan. 1 RED; "If we get the
# request and proofs after the first of the month one month prior to your retirement but before the end of the
# month, you will not be enrolled until a month later. For example, if you submit your application and proofs on
# Dec. 1 for a retirement effective date of Jan. 1, your actual insurance effective date will be Feb. 1."
# [002] step 3 "Enrolling at retirement"; RULES §10 table row 1.
MEDICARE_IN_TIME_MONTHS_BEFORE_RED = 1
MEDICARE_LATE_IN_TIME_DELAY_MONTHS = 1

# "we cannot enroll you retroactively" / "We cannot refund premiums withheld before or in the month you report
# the change." [002] step 3; RULES §10 "No retroactive enrolment; premiums already withheld are not refunded."
NO_RETROACTIVE_ENROLMENT_NOTICE = (
    "Coverage cannot start retroactively, and premiums already withheld from the pension are not refunded."
)


class CoverageRule(Enum):
    """The row of the effective-date table that produced a date (recorded with the enrolment)."""

    AT_RETIREMENT_ON_RED = "AT_RETIREMENT_ON_RED"
    AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED = "AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED"
    AT_RETIREMENT_GENERAL = "AT_RETIREMENT_GENERAL"
    AT_RETIREMENT_LATE = "AT_RETIREMENT_LATE"
    QUALIFYING_EVENT_IN_TIME = "QUALIFYING_EVENT_IN_TIME"
    QUALIFYING_EVENT_LATE = "QUALIFYING_EVENT_LATE"
    VOLUNTARY = "VOLUNTARY"
    PLAN_CHANGE = "PLAN_CHANGE"
    MEDICARE_REENROLMENT = "MEDICARE_REENROLMENT"


class CoverageInputError(ValueError):
    """The inputs cannot describe a real case; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CoverageDecision:
    """When coverage begins, which rule decided it, and the sentence shown to the member and recorded.

    ``rule_text`` is "<short rule>: <why>", e.g. "sixth month after documents received: voluntary enrolment
    after retirement ...". ``source`` cites RULES and the source document for staff.
    """

    coverage_begins: date
    rule: CoverageRule
    rule_text: str
    source: str


_ORDINALS = {1: "first", 2: "second", 6: "sixth"}


def _nth(n: int) -> str:
    return _ORDINALS.get(n, f"{n}th")


def ordinal(n: int) -> str:
    """How the table's month numbers read in a sentence ("first", "second", "sixth"), for the pages."""
    return _nth(n)


def _month_name(day: date) -> str:
    return f"{calendar.month_name[day.month]} {day.year}"


def _after_receipt(received: date, n: int, rule: CoverageRule, why: str, source: str) -> CoverageDecision:
    begins = first_of_nth_month_after(received, n)
    text = (
        f"{_nth(n)} month after documents received: {why}, so coverage begins on the first day of the {_nth(n)} "
        f"month after {_month_name(received)}, the month the last required document arrived"
    )
    return CoverageDecision(begins, rule, text, source)


def at_retirement_deadlines(*, retirement_effective_date: date, medicare: bool) -> tuple[date, date]:
    """The two dates a member enrolling at retirement must beat, for the page that asks for proofs.

    Returns ``(last_day_for_coverage_on_red, last_day_before_six_month_wait)``: documents received on or before
    the first date start coverage on the RED; documents received after the second date wait until the sixth month
    (RULES §10 table rows 1 and 3; [002] step 3).
    """
    red = retirement_effective_date
    if medicare:
        on_red = add_months(red, -MEDICARE_IN_TIME_MONTHS_BEFORE_RED) - timedelta(days=1)
    else:
        on_red = red - timedelta(days=1)
    return on_red, red + timedelta(days=AT_RETIREMENT_DEADLINE_DAYS)


def coverage_effective_date(
    *,
    situation: Situation,
    medicare: bool,
    documents_received: date,
    retirement_effective_date: date | None = None,
    event_date: date | None = None,
) -> CoverageDecision:
    """The date retiree coverage begins, and the rule that decided it (RULES §10 effective-date table, [002] step 3).

    ``documents_received`` is the day the *last* required document (application, proofs, forms) arrived.
    ``medicare`` is whether the person is eligible for and enrolled in Medicare. The result is always the first
    day of a month and always after ``documents_received`` (no retroactive enrolment).

    - ``AT_RETIREMENT`` (needs ``retirement_effective_date``, which is a first of month, RULES §3):
        * documents more than 30 calendar days after the RED (received > RED + 30 days): the first day of the
          6th month after receipt;
        * without Medicare, received before the RED (strictly): the RED;
        * with Medicare, received before the first day of the month before the RED (strictly): the RED;
          received on or after that day but before the RED: one month after the RED;
        * otherwise (received from the RED to RED + 30 days): the first day of the 1st month after receipt
          without Medicare, of the 2nd month with Medicare.
    - ``QUALIFYING_EVENT`` (needs ``event_date``): received on or before event + 30 days: 1st month after receipt
      (2nd with Medicare); later: 6th month after receipt. Documents arriving before the event date (a notice of
      coverage ending, sent ahead) count as within the 30 days.
    - ``VOLUNTARY`` enrolment after retirement: 6th month after receipt, with or without Medicare.
    - ``PLAN_CHANGE``: 1st month after receipt (2nd with Medicare).
    - ``MEDICARE_REENROLL`` (after disenrolment from Medicare): 6th month after all forms and proofs.

    For the situations after retirement, a ``retirement_effective_date``, when given, must not be later than
    ``documents_received``. Raises :class:`CoverageInputError` naming the field for inputs that cannot be a case.
    """
    red = retirement_effective_date
    received = documents_received
    if red is not None and red.day != 1:
        raise CoverageInputError(
            "retirement_effective_date", "a retirement effective date is always the first day of a month"
        )
    n_after = MONTHS_AFTER_RECEIPT_WITH_MEDICARE if medicare else MONTHS_AFTER_RECEIPT_WITHOUT_MEDICARE
    with_medicare = " with Medicare" if medicare else ""

    if situation is Situation.AT_RETIREMENT:
        if red is None:
            raise CoverageInputError("retirement_effective_date", "required when enrolling at retirement")
        source = "RULES §10 effective-date table; [002] step 3 'Enrolling at retirement', 'Verifying eligibility'"
        if received > red + timedelta(days=AT_RETIREMENT_DEADLINE_DAYS):
            return _after_receipt(
                received,
                MONTHS_AFTER_RECEIPT_LATE_OR_VOLUNTARY,
                CoverageRule.AT_RETIREMENT_LATE,
                f"at retirement, the documents arrived more than {AT_RETIREMENT_DEADLINE_DAYS} calendar days "
                f"after the retirement effective date ({red.isoformat()})",
                source,
            )
        if medicare:
            in_time_before = add_months(red, -MEDICARE_IN_TIME_MONTHS_BEFORE_RED)
            if received < in_time_before:
                return CoverageDecision(
                    red,
                    CoverageRule.AT_RETIREMENT_ON_RED,
                    "retirement effective date: at retirement with Medicare, every document arrived before "
                    f"{in_time_before.isoformat()}, the first day of the month before the retirement effective "
                    "date, so coverage begins on the retirement effective date",
                    source,
                )
            if received < red:
                return CoverageDecision(
                    add_months(red, MEDICARE_LATE_IN_TIME_DELAY_MONTHS),
                    CoverageRule.AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED,
                    "one month after the retirement effective date: at retirement with Medicare, the last "
                    f"document arrived on or after {in_time_before.isoformat()}, the first day of the month "
                    "before the retirement effective date, so coverage begins one month after it",
                    source,
                )
        elif received < red:
            return CoverageDecision(
                red,
                CoverageRule.AT_RETIREMENT_ON_RED,
                "retirement effective date: at retirement, every document arrived before the retirement "
                f"effective date ({red.isoformat()}), so coverage begins on it",
                source,
            )
        return _after_receipt(
            received,
            n_after,
            CoverageRule.AT_RETIREMENT_GENERAL,
            f"at retirement{with_medicare}, the documents arrived on or after the retirement effective date "
            f"({red.isoformat()}) but within {AT_RETIREMENT_DEADLINE_DAYS} calendar days of it",
            source,
        )

    if red is not None and received < red:
        raise CoverageInputError(
            "documents_received",
            f"{situation.value} is a change after retirement: documents cannot arrive before the retirement "
            "effective date (use AT_RETIREMENT)",
        )

    if situation is Situation.QUALIFYING_EVENT:
        if event_date is None:
            raise CoverageInputError("event_date", "required for a qualifying event")
        source = "RULES §10 effective-date table; [002] step 3 'Enrolling after retirement'"
        if received > event_date + timedelta(days=QUALIFYING_EVENT_DEADLINE_DAYS):
            return _after_receipt(
                received,
                MONTHS_AFTER_RECEIPT_LATE_OR_VOLUNTARY,
                CoverageRule.QUALIFYING_EVENT_LATE,
                f"a qualifying event ({event_date.isoformat()}) reported more than "
                f"{QUALIFYING_EVENT_DEADLINE_DAYS} days after it",
                source,
            )
        return _after_receipt(
            received,
            n_after,
            CoverageRule.QUALIFYING_EVENT_IN_TIME,
            f"a qualifying event ({event_date.isoformat()}) reported within {QUALIFYING_EVENT_DEADLINE_DAYS} "
            f"days{with_medicare}",
            source,
        )
    if situation is Situation.VOLUNTARY:
        return _after_receipt(
            received,
            MONTHS_AFTER_RECEIPT_LATE_OR_VOLUNTARY,
            CoverageRule.VOLUNTARY,
            "voluntary enrolment after retirement",
            "RULES §10 effective-date table; [002] step 3 (received Feb. 10, coverage Aug. 1)",
        )
    if situation is Situation.PLAN_CHANGE:
        return _after_receipt(
            received,
            n_after,
            CoverageRule.PLAN_CHANGE,
            f"a change of plan{with_medicare}",
            "RULES §10 effective-date table; [002] step 3 'Changing insurance plans'",
        )
    if situation is Situation.MEDICARE_REENROLL:
        return _after_receipt(
            received,
            MONTHS_AFTER_RECEIPT_MEDICARE_REENROLMENT,
            CoverageRule.MEDICARE_REENROLMENT,
            "re-enrolment after disenrolment from Medicare",
            "RULES §10 Medicare; [002] step 3 'What happens if you don't enroll?'",
        )
    raise CoverageInputError("situation", f"unknown situation {situation!r}")  # pragma: no cover - enum is closed


# ---------------------------------------------------------------------------------------------------------------
# 2. Divorce — RULES §10 qualifying events; [002] step 3
# ---------------------------------------------------------------------------------------------------------------


def former_spouse_coverage_ends(divorce_date: date) -> date:
    """The last day of a former spouse's coverage: the end of the month in which the divorce occurs.

    "If you divorce, your former spouse's coverage ceases as of the end of the month in which the divorce occurs."
    [002] step 3; RULES §10. Applied to both systems ([003] states no other rule).
    """
    return last_of_month(divorce_date)


# ---------------------------------------------------------------------------------------------------------------
# 3. Dependent eligibility — RULES §10 "Eligible dependents"; [002] step 3 "Dependent coverage"; [003] VI
# ---------------------------------------------------------------------------------------------------------------


class Relation(Enum):
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"  # by birth
    ADOPTED_CHILD = "ADOPTED_CHILD"  # by legal adoption (same rules as a child by birth, from placement)
    GUARDIANSHIP_CHILD = "GUARDIANSHIP_CHILD"  # by legal guardianship
    STEPCHILD = "STEPCHILD"
    PARENT = "PARENT"  # the member's parent (MPSERS only)
    PARENT_IN_LAW = "PARENT_IN_LAW"  # the spouse's parent (MPSERS only)


CHILD_RELATIONS = frozenset(
    {Relation.CHILD, Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD, Relation.STEPCHILD}
)
PARENT_RELATIONS = frozenset({Relation.PARENT, Relation.PARENT_IN_LAW})


class StudentStatus(Enum):
    NONE = "NONE"
    HALF_TIME = "HALF_TIME"  # at least half time (SERS requires this; full time satisfies it too)
    FULL_TIME = "FULL_TIME"  # MPSERS requires full time


class EligibilityBasis(Enum):
    """The rule under which a dependent is (or was) eligible."""

    SPOUSE = "SPOUSE"
    FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH = "FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH"
    CHILD = "CHILD"
    GUARDIANSHIP_CHILD = "GUARDIANSHIP_CHILD"
    STUDENT = "STUDENT"
    DISABLED_CHILD = "DISABLED_CHILD"
    STEPCHILD = "STEPCHILD"
    STEPCHILD_STUDENT = "STEPCHILD_STUDENT"
    PARENT_IN_HOUSEHOLD = "PARENT_IN_HOUSEHOLD"


# SERS ages — [002] step 3 "Dependent coverage"; RULES §10 "Eligible dependents (SERS)".
SERS_GUARDIANSHIP_UNTIL_AGE = 18  # "unmarried child by legal guardianship until age 18"
SERS_CHILD_UNTIL_END_OF_MONTH_OF_AGE = 19  # "until the end of the month in which he or she turns age 19"
SERS_STUDENT_UNTIL_END_OF_MONTH_OF_AGE = 26  # half-time student "through the end of the month in which the child
#                                             reaches age 26 or the end of the graduation month, whichever first"
SERS_DISABLED_CHILD_FROM_AGE = 19  # "age 19 or older who is totally and permanently disabled" (younger: a child)
SERS_STEPCHILD_UNDER_AGE = 19  # "They must be under the age of 19
SERS_STEPCHILD_STUDENT_UNDER_AGE = 26  # (or under the age of 26 if attending school at least half time)"

# MPSERS ages — [003] VI "Coverage for your dependents"; RULES §10 "Eligible dependents (MPSERS)".
MPSERS_CHILD_UNTIL_DEC_31_OF_YEAR_OF_AGE = 19  # "until December 31 of the year in which he or she turns age 19"
MPSERS_GUARDIANSHIP_UNTIL_AGE = 18  # "unmarried child by legal guardianship until age 18"
MPSERS_STUDENT_UNTIL_DEC_31_OF_YEAR_OF_AGE = 25  # "until December 31 of the year in which he or she reaches age
#                                                  25 if a full-time student and dependent on you for support"

# "a notice two months before a dependent ages out" — issue 6, item 6 (beat job); the date is computed here.
AGE_OUT_NOTICE_MONTHS_BEFORE = 2

# "The provision of the Affordable Care Act that extends coverage to adult children through the age of 26 does
# not apply to governmental retiree only health insurance plans" [002] step 3; RULES §10.
ACA_AGE_26_NOTICE = (
    "The Affordable Care Act rule covering adult children to age 26 does not apply to retiree-only plans."
)


@dataclass(frozen=True)
class Dependent:
    """What the member tells us about one dependent; every condition defaults to the not-established value.

    ``student`` and ``disabled`` describe the dependent on the date evaluated; ``graduation_date`` (SERS) is the
    actual or expected graduation, only its month counts. ``placement_date`` is the adoption or guardianship
    placement ([003] VI: an adopted child "is eligible for coverage as of the date of placement").
    """

    relation: Relation
    birth_date: date
    married: bool = False
    student: StudentStatus = StudentStatus.NONE
    graduation_date: date | None = None
    disabled: bool = False  # totally and permanently disabled, incapable of self-sustaining employment
    dependent_for_support: bool = False
    placement_date: date | None = None
    divorce_date: date | None = None  # spouse only: the date of the divorce
    spouse_enrolled_separately: bool = False  # SERS: enrolled as a state employee or retiree in their own right
    # SERS stepchild conditions ([002] step 3):
    lives_with_member_half_time: bool = False  # lives with the member at least 50% of the time
    member_provides_half_support: bool = False  # the member provides at least 50% of their support
    covered_through_termination: bool = False  # covered under the active plan through the termination date
    not_eligible_elsewhere: bool = False  # not eligible for other coverage (other parent, miChild, Medicaid...)
    # MPSERS parents or parents-in-law ([003] VI):
    lives_in_household: bool = False
    # For proofs and the life-insurance rules:
    has_other_coverage: bool = False  # other group coverage or Medicare (proof: the other plan's details)
    lives_with_member: bool = False  # life insurance: an incapacitated child "who lives with you"


@dataclass(frozen=True)
class DependentEligibility:
    """Whether a dependent is eligible on a date, why, and until when.

    ``ends_on`` is the last day of eligibility under ``basis`` if nothing else changes (None: no date limit).
    ``ages_out`` says the end is an age limit, so the member gets a notice two months before it
    (:func:`age_out_notice_date`).
    """

    eligible: bool
    reason: str
    basis: EligibilityBasis | None = None
    ends_on: date | None = None
    ages_out: bool = False


@dataclass(frozen=True)
class _Candidate:
    basis: EligibilityBasis
    ends_on: date | None
    reason: str
    ages_out: bool = True


def age_out_notice_date(ends_on: date) -> date:
    """When to send the "ages out" notice: two months before the first day without coverage (``ends_on + 1``)."""
    return add_months(ends_on + timedelta(days=1), -AGE_OUT_NOTICE_MONTHS_BEFORE)


def _decide(on: date, candidates: Sequence[_Candidate], no_rule_reason: str) -> DependentEligibility:
    """Eligible if any candidate basis still holds on ``on``; report the one lasting longest."""
    holding = [c for c in candidates if c.ends_on is None or on <= c.ends_on]
    if holding:
        best = max(holding, key=lambda c: (c.ends_on is None, c.ends_on or date.min))
        ages_out = best.ages_out and best.ends_on is not None
        return DependentEligibility(True, best.reason, best.basis, best.ends_on, ages_out)
    if candidates:
        last = max(candidates, key=lambda c: c.ends_on or date.min)
        return DependentEligibility(
            False, f"eligibility ended on {last.ends_on.isoformat()}: {last.reason}", last.basis, last.ends_on, False
        )
    return DependentEligibility(False, no_rule_reason)


def _sers_child_candidates(d: Dependent) -> list[_Candidate]:
    out = [
        _Candidate(
            EligibilityBasis.CHILD,
            last_of_month(birthday(d.birth_date, SERS_CHILD_UNTIL_END_OF_MONTH_OF_AGE)),
            "unmarried child by birth or adoption, until the end of the month of the 19th birthday "
            "(RULES §10; [002] step 3)",
        )
    ]
    if d.student is not StudentStatus.NONE and d.dependent_for_support:
        end = last_of_month(birthday(d.birth_date, SERS_STUDENT_UNTIL_END_OF_MONTH_OF_AGE))
        reason = "half-time student dependent for support, until the end of the month of the 26th birthday"
        ages_out = True
        if d.graduation_date is not None and last_of_month(d.graduation_date) < end:
            # Graduation ends it, not age: ``ages_out`` is False (the end is still reported in ``ends_on``).
            end = last_of_month(d.graduation_date)
            reason = "half-time student dependent for support, until the end of the graduation month"
            ages_out = False
        out.append(_Candidate(EligibilityBasis.STUDENT, end, reason + " (RULES §10; [002] step 3)", ages_out))
    if d.disabled and d.dependent_for_support:
        out.append(
            _Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "totally and permanently disabled child dependent for support: no age limit (RULES §10; [002])",
                ages_out=False,
            )
        )
    return out


def _mpsers_child_candidates(d: Dependent) -> list[_Candidate]:
    out = [
        _Candidate(
            EligibilityBasis.CHILD,
            date(d.birth_date.year + MPSERS_CHILD_UNTIL_DEC_31_OF_YEAR_OF_AGE, 12, 31),
            "unmarried child by birth or adoption, until December 31 of the year of the 19th birthday "
            "(RULES §10; [003] VI)",
        )
    ]
    if d.student is StudentStatus.FULL_TIME and d.dependent_for_support:
        out.append(
            _Candidate(
                EligibilityBasis.STUDENT,
                date(d.birth_date.year + MPSERS_STUDENT_UNTIL_DEC_31_OF_YEAR_OF_AGE, 12, 31),
                "full-time student dependent for support, until December 31 of the year of the 25th birthday "
                "(RULES §10; [003] VI)",
            )
        )
    if d.disabled and d.dependent_for_support:
        out.append(
            _Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "totally and permanently disabled child dependent for support: no age limit (RULES §10; [003] VI)",
                ages_out=False,
            )
        )
    return out


def _guardianship_candidate(d: Dependent, until_age: int, source: str) -> _Candidate:
    return _Candidate(
        EligibilityBasis.GUARDIANSHIP_CHILD,
        birthday(d.birth_date, until_age) - timedelta(days=1),
        f"unmarried child by legal guardianship, until age {until_age} ({source})",
    )


def _sers_stepchild(d: Dependent, on: date) -> DependentEligibility:
    missing = [
        text
        for ok, text in (
            (d.lives_with_member_half_time, "live with the member at least 50% of the time"),
            (d.member_provides_half_support, "receive at least 50% of their support from the member"),
            (d.covered_through_termination, "have been covered under the active plan through termination"),
            (d.not_eligible_elsewhere, "not be eligible for other coverage"),
        )
        if not ok
    ]
    if missing:
        return DependentEligibility(
            False, "a stepchild must " + "; ".join(missing) + " (RULES §10; [002] step 3)", EligibilityBasis.STEPCHILD
        )
    candidates = [
        _Candidate(
            EligibilityBasis.STEPCHILD,
            birthday(d.birth_date, SERS_STEPCHILD_UNDER_AGE) - timedelta(days=1),
            "stepchild meeting every condition, while under 19 (RULES §10; [002] step 3)",
        )
    ]
    if d.student is not StudentStatus.NONE:
        candidates.append(
            _Candidate(
                EligibilityBasis.STEPCHILD_STUDENT,
                birthday(d.birth_date, SERS_STEPCHILD_STUDENT_UNDER_AGE) - timedelta(days=1),
                "stepchild meeting every condition and attending school at least half time, while under 26 "
                "(RULES §10; [002] step 3)",
            )
        )
    return _decide(on, candidates, "")


def dependent_eligibility(*, system: System, dependent: Dependent, on: date) -> DependentEligibility:
    """Whether ``dependent`` is an eligible health/drug/dental/vision dependent on ``on``, why, and until when.

    SERS (RULES §10; [002] step 3): a spouse not separately enrolled as a state employee or retiree; an unmarried
    child by guardianship until the day before the 18th birthday; an unmarried child by birth or adoption until
    the last day of the month of the 19th birthday; a half-time student dependent for support until the last day
    of the month of the 26th birthday or of the graduation month, whichever comes first; a totally and
    permanently disabled child dependent for support, without age limit; a stepchild meeting all four conditions,
    until the day before the 19th birthday (26th if attending school at least half time). Parents: not eligible.

    MPSERS (RULES §10; [003] VI): a spouse; an unmarried child by birth or adoption until December 31 of the
    year of the 19th birthday; guardianship until the day before the 18th birthday; a full-time student dependent
    for support until December 31 of the year of the 25th birthday; a disabled child dependent for support; a
    parent or parent-in-law living in the household (one set only: see :func:`evaluate_dependents`). Stepchildren
    are not listed in [003] and are not eligible unless adopted. [003] sets no graduation limit, so
    ``graduation_date`` is not used for MPSERS (the ``student`` status on the date is).

    Children (other than stepchildren, for which [002] states no marital condition) must be unmarried. An adopted
    or guardianship child is eligible from the placement date when one is given. A divorced spouse stays
    eligible until the end of the month of the divorce (:func:`former_spouse_coverage_ends`).
    """
    d = dependent
    if on < d.birth_date:
        return DependentEligibility(False, "not yet born on that date")
    if d.relation is Relation.SPOUSE:
        if system is System.SERS and d.spouse_enrolled_separately:
            return DependentEligibility(
                False,
                "a spouse enrolled separately as a state employee or retiree cannot also be a dependent "
                "(RULES §10; [002] step 3; [004] V)",
                EligibilityBasis.SPOUSE,
            )
        if d.divorce_date is not None and d.divorce_date <= on:
            return _decide(
                on,
                [
                    _Candidate(
                        EligibilityBasis.FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH,
                        former_spouse_coverage_ends(d.divorce_date),
                        "a former spouse's coverage ends at the end of the month of the divorce "
                        "(RULES §10; [002] step 3)",
                        ages_out=False,
                    )
                ],
                "",
            )
        source = "[002] step 3" if system is System.SERS else "[003] VI"
        return DependentEligibility(True, f"spouse (RULES §10; {source})", EligibilityBasis.SPOUSE)

    if d.relation in PARENT_RELATIONS:
        if system is System.SERS:
            return DependentEligibility(
                False, "parents and parents-in-law are not eligible dependents in SERS (RULES §10; [002] step 3)"
            )
        if not d.lives_in_household:
            return DependentEligibility(
                False,
                "a parent or parent-in-law must live in the member's household (RULES §10; [003] VI)",
                EligibilityBasis.PARENT_IN_HOUSEHOLD,
            )
        return DependentEligibility(
            True,
            "parent or parent-in-law living in the household; one set only (RULES §10; [003] VI)",
            EligibilityBasis.PARENT_IN_HOUSEHOLD,
        )

    # Children.
    if d.placement_date is not None and on < d.placement_date:
        return DependentEligibility(
            False,
            f"an adopted or guardianship child is eligible from the placement date ({d.placement_date.isoformat()}) "
            "([003] VI; [002] proofs)",
        )
    if d.relation is Relation.STEPCHILD:
        if system is System.MPSERS:
            return DependentEligibility(
                False, "stepchildren are not eligible dependents in MPSERS unless adopted (RULES §10; [003] VI)"
            )
        return _sers_stepchild(d, on)
    if d.married:
        return DependentEligibility(False, "a child must be unmarried to be a dependent (RULES §10; [002]; [003] VI)")
    if d.relation is Relation.GUARDIANSHIP_CHILD:
        if system is System.SERS:
            candidate = _guardianship_candidate(d, SERS_GUARDIANSHIP_UNTIL_AGE, "RULES §10; [002] step 3")
        else:
            candidate = _guardianship_candidate(d, MPSERS_GUARDIANSHIP_UNTIL_AGE, "RULES §10; [003] VI")
        return _decide(on, [candidate], "")
    if system is System.SERS:
        return _decide(on, _sers_child_candidates(d), "")
    return _decide(on, _mpsers_child_candidates(d), "")


PARENT_SETS_CONFLICT = (
    "Parents and parents-in-law cannot both be enrolled: choose one set or the other (RULES §10; [003] VI)."
)


def evaluate_dependents(
    *, system: System, dependents: Iterable[Dependent], on: date
) -> list[DependentEligibility]:
    """:func:`dependent_eligibility` for each dependent, plus the MPSERS one-set rule for parents.

    "Either your parent(s) or parent(s)-in-law residing in your household—one set of parents or the other, but
    not both" [003] VI. When both a parent and a parent-in-law are listed, every parent and parent-in-law is
    reported not eligible with :data:`PARENT_SETS_CONFLICT` until the member removes one set: the rule lets the
    member choose, so the function does not choose for them.
    """
    dependents = list(dependents)
    results = [dependent_eligibility(system=system, dependent=d, on=on) for d in dependents]
    relations = {d.relation for d, r in zip(dependents, results) if r.eligible}
    if system is System.MPSERS and PARENT_RELATIONS <= relations:
        results = [
            DependentEligibility(False, PARENT_SETS_CONFLICT, EligibilityBasis.PARENT_IN_HOUSEHOLD)
            if d.relation in PARENT_RELATIONS
            else r
            for d, r in zip(dependents, results)
        ]
    return results


# ---------------------------------------------------------------------------------------------------------------
# 4. Proofs — RULES §10 "Proofs"; [002] "Dependent eligibility proofs" and step 3 qualifying events
# ---------------------------------------------------------------------------------------------------------------


class Proof(Enum):
    MARRIAGE_CERTIFICATE = "MARRIAGE_CERTIFICATE"
    SPOUSE_BIRTH_CERTIFICATE = "SPOUSE_BIRTH_CERTIFICATE"
    CHILD_BIRTH_CERTIFICATE = "CHILD_BIRTH_CERTIFICATE"
    FORM_1040_FIRST_PAGE = "FORM_1040_FIRST_PAGE"
    SCHOOL_ATTENDANCE_RECORDS = "SCHOOL_ATTENDANCE_RECORDS"
    GUARDIANSHIP_OR_ADOPTION_PAPERS = "GUARDIANSHIP_OR_ADOPTION_PAPERS"
    PHYSICIAN_DISABILITY_STATEMENT = "PHYSICIAN_DISABILITY_STATEMENT"
    OTHER_COVERAGE_DETAILS = "OTHER_COVERAGE_DETAILS"
    CERTIFICATE_OF_CREDITABLE_COVERAGE = "CERTIFICATE_OF_CREDITABLE_COVERAGE"
    ADOPTION_PAPERS = "ADOPTION_PAPERS"
    DEATH_CERTIFICATE = "DEATH_CERTIFICATE"
    PARENT_RELATIONSHIP_AND_RESIDENCE = "PARENT_RELATIONSHIP_AND_RESIDENCE"


# What the member must send for each proof (copies), in the words of [002] "Dependent eligibility proofs" and
# step 3 qualifying events; RULES §10 "Proofs".
PROOF_DESCRIPTIONS: dict[Proof, str] = {
    Proof.MARRIAGE_CERTIFICATE: "Copy of your government-issued marriage certificate.",
    Proof.SPOUSE_BIRTH_CERTIFICATE: "Copy of your spouse's government-issued birth certificate.",
    Proof.CHILD_BIRTH_CERTIFICATE: "Copy of the child's government-issued birth certificate (age and relationship).",
    Proof.FORM_1040_FIRST_PAGE: "First page of your most recent IRS Form 1040 listing the child as your dependent.",
    Proof.SCHOOL_ATTENDANCE_RECORDS: (
        "School records, such as a current transcript or tuition receipt, documenting the required school "
        "attendance (at least half time in SERS, full time in MPSERS); the school's name must appear on them."
    ),
    Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS: (
        "Legal papers issued by a court, a sworn statement with the placement date, or a court order verifying "
        "placement."
    ),
    Proof.PHYSICIAN_DISABILITY_STATEMENT: (
        "Statement from the attending physician, on letterhead, signed and dated within the last six months, "
        "detailing the disability and that the child is incapable of self-sustaining employment."
    ),
    Proof.OTHER_COVERAGE_DETAILS: "Copy of the other plan's information, including Medicare.",
    Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE: (
        "Statement on letterhead (certificate of creditable coverage) from the terminating group plan explaining "
        "who was covered, the type of coverage, why coverage is ending, and the date it ends."
    ),
    Proof.ADOPTION_PAPERS: "Adoption papers.",
    Proof.DEATH_CERTIFICATE: "Death certificate.",
    Proof.PARENT_RELATIONSHIP_AND_RESIDENCE: (
        "Documents showing the relationship and that the parent lives in your household, as the office asks "
        "(the sources list none for parents)."
    ),
}

# "Dependency for any child age 19 or older: First page of your most recent IRS Form 1040 listing the dependent
# AND school records ..." [002] "Dependent eligibility proofs"; RULES §10.
CHILD_DEPENDENCY_PROOF_FROM_AGE = 19
# "The signed certification must be on the physician's letterhead and dated within the last six months." [002]
PHYSICIAN_STATEMENT_MAX_AGE_MONTHS = 6
# "You may be asked to update these proofs annually." [002]; RULES §10 "Proofs may be re-requested annually."
PROOFS_MAY_BE_REREQUESTED_EVERY_MONTHS = 12


class QualifyingEvent(Enum):
    INVOLUNTARY_LOSS_OF_COVERAGE = "INVOLUNTARY_LOSS_OF_COVERAGE"
    MARRIAGE = "MARRIAGE"
    BIRTH = "BIRTH"
    ADOPTION = "ADOPTION"
    DEATH = "DEATH"
    DIVORCE = "DIVORCE"


# [002] step 3 table "Qualifying event / Acceptable proof(s)"; RULES §10 "Qualifying events and proofs".
QUALIFYING_EVENT_PROOFS: dict[QualifyingEvent, tuple[Proof, ...]] = {
    QualifyingEvent.INVOLUNTARY_LOSS_OF_COVERAGE: (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,),
    QualifyingEvent.MARRIAGE: (Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE),
    QualifyingEvent.BIRTH: (Proof.CHILD_BIRTH_CERTIFICATE,),
    QualifyingEvent.ADOPTION: (Proof.ADOPTION_PAPERS,),
    QualifyingEvent.DEATH: (Proof.DEATH_CERTIFICATE,),
    # "For enrollment, provide ... (certificate of creditable coverage)": a member who loses coverage under the
    # former spouse's plan enrols with it. Removing the former spouse needs no proof in [002].
    QualifyingEvent.DIVORCE: (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,),
}


def qualifying_event_proofs(event: QualifyingEvent) -> tuple[Proof, ...]:
    """The proofs [002] step 3 accepts for a qualifying event (RULES §10)."""
    return QUALIFYING_EVENT_PROOFS[event]


def required_proofs(*, system: System, dependent: Dependent, on: date) -> tuple[Proof, ...]:
    """The copies the member must send to enrol ``dependent``, in the order of the [002] proofs page.

    - spouse: marriage certificate and the spouse's birth certificate;
    - any child: the child's birth certificate; adopted and guardianship children also the court papers or sworn
      placement statement; a stepchild also the marriage certificate (it links the member to the stepchild's
      parent — our reading: [002] lists no stepchild proof of its own);
    - a child aged 19 or older on ``on``: the first page of the latest Form 1040 listing the child, plus school
      records if the child is a student, plus the physician's statement if the child is disabled;
    - MPSERS parent or parent-in-law: the office's request (no proof is listed in the sources);
    - anyone with other coverage (including Medicare): the other plan's details.

    The same list applies to MPSERS (RULES §10 lists the proofs for both systems; the school records then show
    full-time attendance).
    """
    d = dependent
    proofs: list[Proof] = []
    if d.relation is Relation.SPOUSE:
        proofs += [Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE]
    elif d.relation in PARENT_RELATIONS:
        proofs.append(Proof.PARENT_RELATIONSHIP_AND_RESIDENCE)
    else:
        if d.relation is Relation.STEPCHILD:
            proofs.append(Proof.MARRIAGE_CERTIFICATE)
        proofs.append(Proof.CHILD_BIRTH_CERTIFICATE)
        if age_on(d.birth_date, on) >= CHILD_DEPENDENCY_PROOF_FROM_AGE:
            proofs.append(Proof.FORM_1040_FIRST_PAGE)
            if d.student is not StudentStatus.NONE:
                proofs.append(Proof.SCHOOL_ATTENDANCE_RECORDS)
        if d.relation in (Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD):
            proofs.append(Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS)
        if d.disabled and age_on(d.birth_date, on) >= CHILD_DEPENDENCY_PROOF_FROM_AGE:
            proofs.append(Proof.PHYSICIAN_DISABILITY_STATEMENT)
    if d.has_other_coverage:
        proofs.append(Proof.OTHER_COVERAGE_DETAILS)
    return tuple(proofs)


def physician_statement_is_current(*, statement_date: date, on: date) -> bool:
    """A disability statement is acceptable on ``on`` if dated within the last six months, not in the future.

    "dated within the last six months" [002]: on or after the same day six months earlier (clamped to the month's
    end), and not after ``on``.
    """
    return add_months(on, -PHYSICIAN_STATEMENT_MAX_AGE_MONTHS) <= statement_date <= on


# ---------------------------------------------------------------------------------------------------------------
# 5. Medicare — RULES §10 "Medicare"; [002] step 3 "Medicare"; [004] V "When Medicare begins"
# ---------------------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------------------
# 6. Subsidy and the member's share — RULES §10 "Subsidy", §1 retiree healthcare plan; [001]; [002]; [003] VI
# ---------------------------------------------------------------------------------------------------------------

PERCENT = Decimal(100)
CENT = Decimal("0.01")


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
    share = Decimal(member_share).quantize(CENT, rounding=ROUND_HALF_UP)
    pension = max(Decimal(monthly_pension).quantize(CENT, rounding=ROUND_HALF_UP), Decimal(0))
    deducted = min(share, pension)
    return PremiumCollection(share, deducted, share - deducted)


# ---------------------------------------------------------------------------------------------------------------
# 7. Life insurance (SERS) — RULES §10 "Life insurance"; [002] "Life insurance protection"; [004] V
# ---------------------------------------------------------------------------------------------------------------

# "Your coverage is 25% of the coverage you carried when you left work" [002]; [004] V; RULES §10.
RETIREE_LIFE_PERCENT = Decimal(25)
# "your dependents' policies are capped at $1,000 each" [002]; RULES §10.
DEPENDENT_LIFE_CAP = Decimal("1000")
# "Your unmarried dependent children under age 23." [002]; RULES §10.
LIFE_CHILD_UNDER_AGE = 23
# "Within 30 days of retirement, you may convert the remaining 75% of your active life insurance" [002]; [004] V.
LIFE_CONVERSION_WINDOW_DAYS = 30
# "If you become totally and permanently disabled prior to age 65 ... If you are still ... disabled on your 65th
# birthday, you will be considered retired and your life insurance amount will be reduced to 25%" [002].
LIFE_DISABILITY_FULL_AMOUNT_UNTIL_AGE = 65
# "Any person(s) can be named as beneficiary(ies) for your life insurance. You can also name a trust or your
# estate." [002]; RULES §10.
LIFE_BENEFICIARY_MAY_BE = ("any person", "a trust", "the member's estate")
# "The award letter ... serves as your only proof of your life insurance coverage" [002].
LIFE_PROOF_OF_COVERAGE = "The award letter is the only proof of retiree life insurance coverage; keep it."


@dataclass(frozen=True)
class LifeInsurance:
    eligible: bool
    amount: Decimal
    reason: str


def retiree_life_insurance(
    *,
    active_coverage: Decimal,
    deferred: bool,
    meets_regular_age_and_service: bool,
    birth_date: date,
    on: date,
    disabled_on: date | None = None,
) -> LifeInsurance:
    """The retiree's own group life amount on ``on`` (SERS; RULES §10; [002] "Life insurance protection").

    ``active_coverage`` is the coverage carried when leaving work (for a disability: in force when disabled).
    - deferred members: none, ever ([002]; [004] I and V);
    - totally and permanently disabled before 65: the full amount until the day before the 65th birthday, 25%
      from the 65th birthday; disabled on or after 65: 25%;
    - retirees meeting regular age and service: 25%, at no cost;
    - anyone else: not eligible (the sources continue life insurance only for those two cases).
    """
    if deferred:
        return LifeInsurance(False, Decimal(0), "Deferred members do not get group life insurance ([002]; [004]).")
    reduced = Decimal(active_coverage) * RETIREE_LIFE_PERCENT / PERCENT
    if disabled_on is not None:
        sixty_five = birthday(birth_date, LIFE_DISABILITY_FULL_AMOUNT_UNTIL_AGE)
        if disabled_on < sixty_five and on < sixty_five:
            return LifeInsurance(
                True,
                Decimal(active_coverage),
                f"Disabled before 65: the amount in force when disabled continues until {sixty_five.isoformat()}.",
            )
        return LifeInsurance(True, reduced, "Disabled retiree from age 65: 25% of the coverage in force.")
    if meets_regular_age_and_service:
        return LifeInsurance(True, reduced, "Retiree meeting regular age and service: 25% of active coverage.")
    return LifeInsurance(
        False, Decimal(0), "Retiree life insurance continues only for retirees meeting regular age and service ([002])."
    )


def dependent_life_amount(active_dependent_amount: Decimal) -> Decimal:
    """A dependent's retiree life policy: the active amount capped at $1,000 ([002]; RULES §10)."""
    return min(Decimal(active_dependent_amount), DEPENDENT_LIFE_CAP)


def life_conversion_window_ends(retirement_effective_date: date) -> date:
    """The last day to convert the remaining 75%: 30 days after the retirement effective date, inclusive."""
    return retirement_effective_date + timedelta(days=LIFE_CONVERSION_WINDOW_DAYS)


def life_convertible_amount(*, active_coverage: Decimal, active_dependent_amounts: Iterable[Decimal] = ()) -> Decimal:
    """What may be converted: the 75% not continued, plus what each dependent policy lost to the $1,000 cap."""
    own = Decimal(active_coverage) * (PERCENT - RETIREE_LIFE_PERCENT) / PERCENT
    return own + sum((Decimal(a) - dependent_life_amount(a) for a in active_dependent_amounts), Decimal(0))


def life_dependent_eligibility(*, dependent: Dependent, on: date, enrolled_while_active: bool) -> DependentEligibility:
    """Whether ``dependent`` keeps retiree dependent life insurance on ``on`` (SERS; [002]; RULES §10).

    Only dependents enrolled while the member was active; then the spouse; an unmarried child dependent for
    support until the day before the 23rd birthday; an incapacitated (disabled) child who lives with the member
    and depends on them for support, without age limit. Parents are not life dependents.
    """
    d = dependent
    if not enrolled_while_active:
        return DependentEligibility(False, "only dependents enrolled while the member was active continue ([002])")
    if d.relation is Relation.SPOUSE:
        if d.divorce_date is not None and d.divorce_date <= on:
            return DependentEligibility(False, "a former spouse is not a life dependent ([002])")
        return DependentEligibility(True, "spouse ([002])", EligibilityBasis.SPOUSE)
    if d.relation not in CHILD_RELATIONS:
        return DependentEligibility(False, "only a spouse and children can be life dependents ([002])")
    candidates = []
    if d.disabled and d.lives_with_member and d.dependent_for_support:
        candidates.append(
            _Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "incapacitated child living with the member and dependent for support ([002])",
                ages_out=False,
            )
        )
    if not d.married and d.dependent_for_support:
        candidates.append(
            _Candidate(
                EligibilityBasis.CHILD,
                birthday(d.birth_date, LIFE_CHILD_UNDER_AGE) - timedelta(days=1),
                "unmarried dependent child under 23 ([002])",
            )
        )
    return _decide(on, candidates, "a child must be unmarried and dependent for support, or incapacitated ([002])")


# ---------------------------------------------------------------------------------------------------------------
# 8. Catalogue, changes and verification — RULES §10; [002] step 3 "Insurance rates", "Insurance carriers",
#    "Enrolling after retirement"
# ---------------------------------------------------------------------------------------------------------------

# "Monthly insurance rates for the next fiscal year go into effect in October." [002] step 3; RULES §10 "Rates
# change each October (fiscal year)". A fiscal year is named for the calendar year in which it ends (the State of
# Michigan's convention): October 2025 to September 2026 is fiscal year 2026.
FISCAL_YEAR_FIRST_MONTH = 10


def fiscal_year(day: date) -> int:
    """The fiscal year whose premium rates apply on ``day``: a new one starts every 1 October."""
    return day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year


def fiscal_year_starts(year: int) -> date:
    """The day the rates of fiscal ``year`` take effect (1 October of the year before)."""
    return date(year - 1, FISCAL_YEAR_FIRST_MONTH, 1)


class CoverageTier(Enum):
    """"How much you will pay ... depends on ... how many people you're enrolling" [002] step 3."""

    ONE_PERSON = "ONE_PERSON"
    TWO_PEOPLE = "TWO_PEOPLE"
    FAMILY = "FAMILY"  # three or more


def coverage_tier(people: int) -> CoverageTier:
    """The rate tier for ``people`` covered persons, the retiree included."""
    if people < 1:
        raise ValueError("at least the retiree is covered")
    return {1: CoverageTier.ONE_PERSON, 2: CoverageTier.TWO_PEOPLE}.get(people, CoverageTier.FAMILY)


class MedicareMix(Enum):
    """"... and if anyone you're enrolling is eligible for Medicare parts A and B" [002] step 3 "Insurance rates"."""

    NONE = "NONE"
    SOME = "SOME"
    ALL = "ALL"


def has_medicare(*, part_a_effective: date | None, part_b_effective: date | None) -> bool:
    """Enrolled in Medicare for the rates and the effective-date table: both Part A and Part B are on file.

    The retirement system's plans are Medicare Advantage plans combining A, B and D (RULES §10), so a person with
    only one of the two parts is not treated as having Medicare.
    """
    return part_a_effective is not None and part_b_effective is not None


def medicare_mix(with_medicare: Iterable[bool]) -> MedicareMix:
    """Whether none, some or all of the covered persons have Medicare (one flag per person)."""
    flags = list(with_medicare)
    if not flags or not any(flags):
        return MedicareMix.NONE
    return MedicareMix.ALL if all(flags) else MedicareMix.SOME


class ServiceArea(Enum):
    """Where a plan is offered. "Are you moving outside of Michigan after you retire? Yes. Your only option is Blue
    Preferred PPO ... It's accepted all over the United States." [002] step 3; RULES §10 "Moving outside Michigan →
    only the statewide PPO is available"."""

    NATIONWIDE = "NATIONWIDE"  # in Michigan and everywhere else (the statewide PPO)
    MICHIGAN = "MICHIGAN"  # anywhere in Michigan
    REGIONAL = "REGIONAL"  # only in the Michigan ZIP areas listed for the plan (an HMO's network)


MICHIGAN = "MI"


def plan_offered(*, service_area: ServiceArea, zip_prefixes: Iterable[str], state: str | None,
                 postal_code: str | None) -> bool:
    """Whether a plan with ``service_area`` can cover a retiree living at ``state``/``postal_code``.

    Outside Michigan only a nationwide plan; in Michigan a regional plan only where one of ``zip_prefixes`` begins
    the ZIP code. With no address on file (``state`` None) nothing can be excluded, so every plan is offered.
    """
    if state is None:
        return True
    if service_area is ServiceArea.NATIONWIDE:
        return True
    if state.upper() != MICHIGAN:
        return False
    if service_area is ServiceArea.MICHIGAN:
        return True
    return any((postal_code or "").startswith(prefix) for prefix in zip_prefixes if prefix)


def cancellation_coverage_ends(reported_on: date) -> date:
    """The last day of coverage the member cancels (or a dependent they remove): the end of the month reported.

    "We cannot refund premiums withheld before or in the month you report the change." [002] step 3: the premium
    of the month of the report is kept, so that month stays covered (our reading; RULES §10 "premiums already
    withheld are not refunded").
    """
    return last_of_month(reported_on)


# "You'll receive a verification of coverage request annually. The letter will ask if you or your dependents are
# enrolled in other insurance coverage. If you don't respond, coverage for you and your dependents will be
# canceled." [002] step 3; RULES §10.
OTHER_COVERAGE_VERIFICATION_EVERY_YEARS = 1
# The sources set no time to answer; 30 days, like the other windows of [002] step 3, is our reading for the plan
# administrator to confirm.
OTHER_COVERAGE_ANSWER_DAYS = 30


def verification_requested_on(*, coverage_begins: date, on: date) -> date | None:
    """The latest yearly anniversary of ``coverage_begins`` on or before ``on`` (None in the first year)."""
    years = age_on(coverage_begins, on)  # completed years since coverage began, 29 February handled alike
    years -= years % OTHER_COVERAGE_VERIFICATION_EVERY_YEARS
    return birthday(coverage_begins, years) if years else None


def verification_answer_due(requested_on: date) -> date:
    """The last day to answer a verification of other coverage requested on ``requested_on``."""
    return requested_on + timedelta(days=OTHER_COVERAGE_ANSWER_DAYS)


def coverage_ends_without_verification(answer_due: date) -> date:
    """The last day of coverage when no answer came: the end of the month in which the answer was due."""
    return last_of_month(answer_due)


# "Life insurance (SERS)" RULES §10; [002] "Life insurance protection"; [003] (MPSERS) describes no retiree group
# life insurance.
LIFE_INSURANCE_SYSTEMS = frozenset({System.SERS})
