"""The application's timeline (applications/rules/timeline.py, RULES §11, §11a): each stage's day when done, and its
expected day when not — the first payment one to three months after termination, on a pay date, retroactive to the
RED; the staff stages before it."""

from dataclasses import replace
from datetime import date

from applications.rules.timeline import (
    Expectation,
    Facts,
    Stage,
    first_payment_after_award,
    first_payment_window,
    timeline,
)

FACTS = Facts(today=date(2026, 2, 10), submitted_on=date(2026, 2, 10), last_day_worked=date(2026, 5, 29),
              retirement_effective_date=date(2026, 6, 1), waiver_required=False, proofs_complete_on=None,
              proofs_all_in_hand=False)


def step(steps, stage):
    return next(s for s in steps if s.stage is stage)


def test_the_first_payment_is_expected_one_to_three_months_after_the_last_day_on_pay_dates():
    assert first_payment_window(last_day_worked=date(2026, 5, 29), red=date(2026, 6, 1), today=date(2026, 2, 10)) \
        == (date(2026, 6, 25), date(2026, 8, 25))


def test_the_window_never_starts_before_the_reds_month():
    # A deferred member left years ago: the pension starts with the RED.
    assert first_payment_window(last_day_worked=date(2015, 6, 30), red=date(2026, 6, 1), today=date(2026, 2, 10)) \
        == (date(2026, 6, 25), date(2026, 6, 25))


def test_a_window_already_past_expects_the_next_pay_date_from_today():
    # October 25, 2026 is a Sunday: the Friday before.
    assert first_payment_window(last_day_worked=date(2026, 5, 29), red=date(2026, 6, 1), today=date(2026, 10, 1)) \
        == (date(2026, 10, 23), date(2026, 10, 23))


def test_once_awarded_the_first_payment_is_the_first_pay_date_after_the_award():
    # July 25, 2026 is a Saturday: paid Friday the 24th.
    assert first_payment_after_award(awarded_on=date(2026, 7, 10), red=date(2026, 6, 1)) == date(2026, 7, 24)


def test_an_award_on_a_pay_date_is_paid_on_the_next_one():
    assert first_payment_after_award(awarded_on=date(2026, 7, 24), red=date(2026, 6, 1)) == date(2026, 8, 25)


def test_an_award_before_the_red_is_paid_in_the_reds_month():
    assert first_payment_after_award(awarded_on=date(2026, 5, 15), red=date(2026, 6, 1)) == date(2026, 6, 25)


def test_the_stages_run_from_submission_to_the_first_payment():
    assert [s.stage for s in timeline(FACTS)] == [
        Stage.SUBMITTED, Stage.PROOFS_COMPLETE, Stage.FINAL_PAYROLL_RECEIVED, Stage.CALCULATION,
        Stage.AWARD_LETTER, Stage.FIRST_PAYMENT]


def test_the_waiver_stage_appears_only_when_a_waiver_is_required():
    steps = timeline(replace(FACTS, waiver_required=True))
    assert step(steps, Stage.SPOUSAL_WAIVER_APPROVED).expectation is Expectation.WAITING_FOR_YOU


def test_submission_is_done_on_its_day():
    assert step(timeline(FACTS), Stage.SUBMITTED).done_on == date(2026, 2, 10)


def test_missing_proofs_wait_for_the_member_without_a_date():
    proofs = step(timeline(FACTS), Stage.PROOFS_COMPLETE)
    assert (proofs.expectation, proofs.expected_on) == (Expectation.WAITING_FOR_YOU, None)


def test_proofs_waiting_for_review_are_expected_before_the_earliest_first_payment():
    proofs = step(timeline(replace(FACTS, proofs_all_in_hand=True)), Stage.PROOFS_COMPLETE)
    assert (proofs.expectation, proofs.expected_on) == (Expectation.BEFORE, date(2026, 6, 25))


def test_staff_stages_are_expected_before_the_earliest_first_payment():
    steps = timeline(FACTS)
    assert {(s.expectation, s.expected_on) for s in steps
            if s.stage in (Stage.FINAL_PAYROLL_RECEIVED, Stage.CALCULATION, Stage.AWARD_LETTER)} \
        == {(Expectation.BEFORE, date(2026, 6, 25))}


def test_before_the_award_the_first_payment_is_expected_within_the_window():
    first = step(timeline(FACTS), Stage.FIRST_PAYMENT)
    assert (first.expectation, first.expected_on, first.expected_latest) \
        == (Expectation.BETWEEN, date(2026, 6, 25), date(2026, 8, 25))


def test_after_the_award_the_first_payment_is_expected_on_the_pay_date_after_it():
    steps = timeline(replace(FACTS, today=date(2026, 7, 10), awarded_on=date(2026, 7, 10)))
    first = step(steps, Stage.FIRST_PAYMENT)
    assert (first.expectation, first.expected_on) == (Expectation.ON, date(2026, 7, 24))
    assert step(steps, Stage.AWARD_LETTER).done_on == date(2026, 7, 10)


def test_done_stages_carry_their_days():
    steps = timeline(replace(FACTS, proofs_complete_on=date(2026, 3, 2), final_payroll_on=date(2026, 6, 12),
                             calculated_on=date(2026, 6, 20), awarded_on=date(2026, 7, 1),
                             first_paid_on=date(2026, 7, 24)))
    assert all(s.done for s in steps)
    assert step(steps, Stage.FIRST_PAYMENT).done_on == date(2026, 7, 24)


def test_a_withdrawn_application_expects_nothing_more():
    steps = timeline(replace(FACTS, withdrawn_on=date(2026, 3, 1)))
    assert [s.expectation for s in steps] == [Expectation.DONE] + [Expectation.NONE] * 5
