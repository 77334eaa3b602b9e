"""The application's road from submission to the first payment (RULES §11 "After submission", §11a [002][004]):
each stage with the day it was done, or, while it is not, the day it is expected.

The sources give one span for the whole road: the first payment comes "one to three months after termination",
once the final payroll is in and the award is made, and it includes every month from the RED (retroactive to the
RED) [002][004]; payments are made on the pay dates of :mod:`applications.rules.pay_dates`. So:

- **first payment**: once awarded, the first pay date after the award day; before that, between the pay date of
  the month one month after the last day worked (never before the RED's month, never in the past) and the pay date
  of the month three months after it;
- **final payroll received**, **calculation** and **award letter** come before the first payment: each is expected
  before the earliest first payment of that window (the sources give no shorter span for any of them);
- **proofs complete** and **spousal waiver approved** wait for the member while something is still to send or sign,
  so no date can be promised (the page says what is needed); proofs all received and waiting for review are
  expected, like the staff stages, before the earliest first payment.

A withdrawn application expects nothing more. Pure Python.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from applications.rules.pay_dates import next_pay_date, pay_date
from pensions.engine.dates import add_months

# RULES §11 [002][004]: "first payment one to three months after termination".
FIRST_PAYMENT_MONTHS_AFTER_TERMINATION = (1, 3)


class Stage(enum.Enum):
    SUBMITTED = "Application submitted"
    PROOFS_COMPLETE = "Proofs complete"
    SPOUSAL_WAIVER_APPROVED = "Spousal waiver approved"
    FINAL_PAYROLL_RECEIVED = "Final payroll received from your employer"
    CALCULATION = "Pension calculated"
    AWARD_LETTER = "Award letter sent"
    FIRST_PAYMENT = "First payment"


class Expectation(enum.Enum):
    DONE = "done"
    ON = "on"  # expected on a day (the first payment once awarded)
    BETWEEN = "between"  # expected between two days (the first payment before the award)
    BEFORE = "before"  # expected before a day
    WAITING_FOR_YOU = "waiting for you"  # nothing can be promised until the member acts
    NONE = "none"  # withdrawn: nothing more is expected


@dataclass(frozen=True)
class Facts:
    """What the timeline is worked out from: the application's dates and what has happened since."""

    today: date
    submitted_on: date
    last_day_worked: date
    retirement_effective_date: date
    waiver_required: bool
    proofs_complete_on: date | None
    proofs_all_in_hand: bool  # nothing left for the member to send (some may wait for review)
    waiver_approved_on: date | None = None
    final_payroll_on: date | None = None
    calculated_on: date | None = None
    awarded_on: date | None = None
    first_paid_on: date | None = None
    withdrawn_on: date | None = None


@dataclass(frozen=True)
class Step:
    stage: Stage
    expectation: Expectation
    done_on: date | None = None
    expected_on: date | None = None  # ON: the day; BEFORE: the day before which; BETWEEN: the earliest
    expected_latest: date | None = None  # BETWEEN: the latest

    @property
    def done(self):
        return self.expectation is Expectation.DONE


def first_payment_window(*, last_day_worked: date, red: date, today: date) -> tuple[date, date]:
    """The earliest and latest expected first pay dates before the award (never before today or the RED's month)."""
    early, late = (add_months(last_day_worked, months) for months in FIRST_PAYMENT_MONTHS_AFTER_TERMINATION)
    earliest = next_pay_date(max(early.replace(day=1), red, today))
    latest = pay_date(late.year, late.month)
    return earliest, max(latest, earliest)


def first_payment_after_award(*, awarded_on: date, red: date) -> date:
    """The first pay date after the award day, and not before the RED's month's; it pays every month from the RED."""
    return next_pay_date(max(awarded_on + timedelta(days=1), red))


def timeline(facts: Facts) -> list[Step]:
    f = facts
    if f.withdrawn_on is not None:
        return _withdrawn(f)
    earliest, latest = first_payment_window(last_day_worked=f.last_day_worked, red=f.retirement_effective_date,
                                            today=f.today)
    if f.awarded_on is not None:
        expected_payment = first_payment_after_award(awarded_on=f.awarded_on, red=f.retirement_effective_date)
        first = Step(Stage.FIRST_PAYMENT, Expectation.ON, expected_on=expected_payment)
        before = expected_payment
    else:
        first = Step(Stage.FIRST_PAYMENT, Expectation.BETWEEN, expected_on=earliest, expected_latest=latest)
        before = earliest

    def staff(stage, done_on):
        return _done(stage, done_on) if done_on else Step(stage, Expectation.BEFORE, expected_on=before)

    steps = [_done(Stage.SUBMITTED, f.submitted_on)]
    if f.proofs_complete_on:
        steps.append(_done(Stage.PROOFS_COMPLETE, f.proofs_complete_on))
    elif f.proofs_all_in_hand:
        steps.append(Step(Stage.PROOFS_COMPLETE, Expectation.BEFORE, expected_on=before))
    else:
        steps.append(Step(Stage.PROOFS_COMPLETE, Expectation.WAITING_FOR_YOU))
    if f.waiver_required:
        steps.append(_done(Stage.SPOUSAL_WAIVER_APPROVED, f.waiver_approved_on) if f.waiver_approved_on
                     else Step(Stage.SPOUSAL_WAIVER_APPROVED, Expectation.WAITING_FOR_YOU))
    steps += [staff(Stage.FINAL_PAYROLL_RECEIVED, f.final_payroll_on), staff(Stage.CALCULATION, f.calculated_on),
              staff(Stage.AWARD_LETTER, f.awarded_on),
              _done(Stage.FIRST_PAYMENT, f.first_paid_on) if f.first_paid_on else first]
    return steps


def _done(stage, on):
    return Step(stage, Expectation.DONE, done_on=on)


def _withdrawn(f):
    done = {Stage.SUBMITTED: f.submitted_on, Stage.PROOFS_COMPLETE: f.proofs_complete_on,
            Stage.SPOUSAL_WAIVER_APPROVED: f.waiver_approved_on, Stage.FINAL_PAYROLL_RECEIVED: f.final_payroll_on,
            Stage.CALCULATION: f.calculated_on, Stage.AWARD_LETTER: f.awarded_on, Stage.FIRST_PAYMENT: f.first_paid_on}
    return [_done(stage, on) if on else Step(stage, Expectation.NONE) for stage, on in done.items()
            if stage is not Stage.SPOUSAL_WAIVER_APPROVED or f.waiver_required]
