"""Coverage effective dates (RULES §10 "Effective dates" table; [002] step 3 "Insurance coverage").

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from pensions.engine.dates import add_months, first_of_nth_month_after


class Situation(Enum):
    """Why coverage is being requested (ARCHITECTURE.md, ``coverage_date``)."""

    AT_RETIREMENT = "AT_RETIREMENT"
    QUALIFYING_EVENT = "QUALIFYING_EVENT"
    VOLUNTARY = "VOLUNTARY"
    PLAN_CHANGE = "PLAN_CHANGE"
    MEDICARE_REENROLL = "MEDICARE_REENROLL"


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
