"""Every row of the effective-date table (RULES §10; [002] step 3) at its boundary days.

Readings under test (see insurance/rules/): "within 30 calendar days after D" = on or before D + 30 days;
"received before D" = strictly before D; "N-th month after receipt" = the first day of the month N months after the
month the last document arrived.
"""

from datetime import date

import pytest

from insurance.rules.effective_dates import (
    CoverageInputError,
    CoverageRule,
    Situation,
    at_retirement_deadlines,
    coverage_effective_date,
)


def at_retirement(received, *, red, medicare=False):
    return coverage_effective_date(
        situation=Situation.AT_RETIREMENT,
        medicare=medicare,
        documents_received=received,
        retirement_effective_date=red,
    )


def qualifying_event(received, *, event, medicare=False):
    return coverage_effective_date(
        situation=Situation.QUALIFYING_EVENT, medicare=medicare, documents_received=received, event_date=event
    )


def after_retirement(situation, received, *, medicare=False):
    return coverage_effective_date(situation=situation, medicare=medicare, documents_received=received)


RED = date(2021, 1, 1)


# --- At retirement, without Medicare: "the RED, if received before the RED" (RULES §10 row 1) ---------------------


def test_documents_on_the_last_day_before_the_red_start_coverage_on_the_red():
    decision = at_retirement(date(2020, 12, 31), red=RED)
    assert decision.coverage_begins == RED
    assert decision.rule is CoverageRule.AT_RETIREMENT_ON_RED


def test_documents_months_before_the_red_still_start_coverage_on_the_red_not_earlier():
    # Retiree coverage begins on the RED ([002] step 3 "Enrolling at retirement"), never before it.
    assert at_retirement(date(2020, 9, 15), red=RED).coverage_begins == RED


def test_documents_arriving_on_the_red_itself_are_not_before_it_and_follow_the_general_rule():
    # RULES §10 row 2: first day of the 1st month after receipt.
    decision = at_retirement(RED, red=RED)
    assert decision.coverage_begins == date(2021, 2, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_GENERAL


# --- At retirement, with Medicare: "the RED, if received before the first day of the month before the RED;
# otherwise one month later" (RULES §10 row 1; [002] "we need your required proofs before Dec. 1") ----------------


def test_with_medicare_documents_on_the_last_day_of_the_second_month_before_the_red_start_on_the_red():
    decision = at_retirement(date(2020, 11, 30), red=RED, medicare=True)
    assert decision.coverage_begins == RED
    assert decision.rule is CoverageRule.AT_RETIREMENT_ON_RED


def test_with_medicare_documents_on_the_first_of_the_month_before_the_red_start_one_month_later():
    # [002]'s own example: proofs on Dec. 1 for a Jan. 1 RED -> Feb. 1.
    decision = at_retirement(date(2020, 12, 1), red=RED, medicare=True)
    assert decision.coverage_begins == date(2021, 2, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED


def test_with_medicare_documents_on_the_last_day_before_the_red_start_one_month_later():
    decision = at_retirement(date(2020, 12, 31), red=RED, medicare=True)
    assert decision.coverage_begins == date(2021, 2, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED


def test_with_medicare_the_in_time_limit_crosses_a_year_end():
    # RED 2022-01-01: documents must arrive before 2021-12-01.
    red = date(2022, 1, 1)
    assert at_retirement(date(2021, 11, 30), red=red, medicare=True).coverage_begins == red
    assert at_retirement(date(2021, 12, 1), red=red, medicare=True).coverage_begins == date(2022, 2, 1)


def test_with_medicare_a_march_red_needs_documents_before_the_first_of_february_in_a_leap_year():
    red = date(2024, 3, 1)
    assert at_retirement(date(2024, 1, 31), red=red, medicare=True).coverage_begins == red
    assert at_retirement(date(2024, 2, 29), red=red, medicare=True).coverage_begins == date(2024, 4, 1)


# --- At retirement, general rule: 1st (2nd with Medicare) month after receipt (RULES §10 row 2) -------------------


def test_documents_on_the_30th_day_after_the_red_follow_the_general_rule_without_medicare():
    decision = at_retirement(date(2021, 1, 31), red=RED)
    assert decision.coverage_begins == date(2021, 2, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_GENERAL


def test_documents_on_the_red_with_medicare_start_the_second_month_after_receipt():
    decision = at_retirement(RED, red=RED, medicare=True)
    assert decision.coverage_begins == date(2021, 3, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_GENERAL


def test_documents_on_the_30th_day_after_the_red_with_medicare_start_the_second_month_after_receipt():
    assert at_retirement(date(2021, 1, 31), red=RED, medicare=True).coverage_begins == date(2021, 3, 1)


# --- At retirement, later than 30 calendar days after the RED: 6th month after receipt (RULES §10 row 3) ----------


def test_documents_on_the_31st_day_after_the_red_wait_until_the_sixth_month():
    decision = at_retirement(date(2021, 2, 1), red=RED)
    assert decision.coverage_begins == date(2021, 8, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_LATE


def test_late_documents_at_retirement_wait_until_the_sixth_month_with_medicare_too():
    decision = at_retirement(date(2021, 2, 1), red=RED, medicare=True)
    assert decision.coverage_begins == date(2021, 8, 1)
    assert decision.rule is CoverageRule.AT_RETIREMENT_LATE


def test_the_30_day_window_after_a_february_red_ends_on_march_2_in_a_leap_year():
    red = date(2024, 2, 1)  # 2024-02-01 + 30 days = 2024-03-02
    assert at_retirement(date(2024, 3, 2), red=red).coverage_begins == date(2024, 4, 1)
    assert at_retirement(date(2024, 3, 3), red=red).coverage_begins == date(2024, 9, 1)


def test_the_30_day_window_after_a_february_red_ends_on_march_3_in_a_common_year():
    red = date(2023, 2, 1)  # 2023-02-01 + 30 days = 2023-03-03
    assert at_retirement(date(2023, 3, 3), red=red).coverage_begins == date(2023, 4, 1)
    assert at_retirement(date(2023, 3, 4), red=red).coverage_begins == date(2023, 9, 1)


def test_the_30_day_window_after_a_december_red_crosses_the_year_end():
    red = date(2021, 12, 1)
    assert at_retirement(date(2021, 12, 31), red=red).coverage_begins == date(2022, 1, 1)
    assert at_retirement(date(2022, 1, 1), red=red).coverage_begins == date(2022, 7, 1)


def test_late_documents_received_in_december_start_coverage_in_june_of_the_next_year():
    assert at_retirement(date(2021, 12, 15), red=date(2021, 6, 1)).coverage_begins == date(2022, 6, 1)


# --- Qualifying event after retirement: within 30 days 1st / 2nd month, late 6th (RULES §10 rows 4 and 5) ---------

EVENT = date(2021, 3, 15)


def test_a_qualifying_event_reported_on_the_30th_day_starts_the_first_month_after_receipt():
    decision = qualifying_event(date(2021, 4, 14), event=EVENT)
    assert decision.coverage_begins == date(2021, 5, 1)
    assert decision.rule is CoverageRule.QUALIFYING_EVENT_IN_TIME


def test_a_qualifying_event_reported_on_the_30th_day_with_medicare_starts_the_second_month_after_receipt():
    assert qualifying_event(date(2021, 4, 14), event=EVENT, medicare=True).coverage_begins == date(2021, 6, 1)


def test_a_qualifying_event_reported_on_the_31st_day_waits_until_the_sixth_month():
    decision = qualifying_event(date(2021, 4, 15), event=EVENT)
    assert decision.coverage_begins == date(2021, 10, 1)
    assert decision.rule is CoverageRule.QUALIFYING_EVENT_LATE


def test_a_late_qualifying_event_with_medicare_also_waits_until_the_sixth_month():
    assert qualifying_event(date(2021, 4, 15), event=EVENT, medicare=True).coverage_begins == date(2021, 10, 1)


def test_a_qualifying_event_reported_on_the_day_it_happens_starts_the_next_month():
    assert qualifying_event(EVENT, event=EVENT).coverage_begins == date(2021, 4, 1)


def test_documents_received_on_the_first_of_a_month_start_coverage_a_month_later_not_that_day():
    # "first day of the first month after" the month of receipt: receipt on April 1 -> May 1.
    assert qualifying_event(date(2021, 4, 1), event=EVENT).coverage_begins == date(2021, 5, 1)


def test_a_coverage_ending_notice_received_before_the_event_counts_as_in_time():
    # A certificate of creditable coverage can arrive before the other plan ends ([002] qualifying events).
    decision = qualifying_event(date(2021, 3, 1), event=EVENT)
    assert decision.coverage_begins == date(2021, 4, 1)
    assert decision.rule is CoverageRule.QUALIFYING_EVENT_IN_TIME


def test_the_qualifying_event_window_crosses_the_year_end():
    event = date(2021, 12, 15)  # + 30 days = 2022-01-14
    assert qualifying_event(date(2022, 1, 14), event=event).coverage_begins == date(2022, 2, 1)
    assert qualifying_event(date(2022, 1, 15), event=event).coverage_begins == date(2022, 7, 1)


def test_the_qualifying_event_window_counts_february_29_in_a_leap_year():
    event = date(2024, 2, 1)  # + 30 days = 2024-03-02
    assert qualifying_event(date(2024, 3, 2), event=event).coverage_begins == date(2024, 4, 1)
    assert qualifying_event(date(2024, 3, 3), event=event).coverage_begins == date(2024, 9, 1)


# --- Voluntary enrolment after retirement: 6th month, with or without Medicare (RULES §10 row 5) -----------------


def test_voluntary_enrolment_follows_the_workbook_example_february_10_to_august_1():
    decision = after_retirement(Situation.VOLUNTARY, date(2021, 2, 10))
    assert decision.coverage_begins == date(2021, 8, 1)
    assert decision.rule is CoverageRule.VOLUNTARY


def test_voluntary_enrolment_with_medicare_is_also_the_sixth_month():
    assert after_retirement(Situation.VOLUNTARY, date(2021, 2, 10), medicare=True).coverage_begins == date(2021, 8, 1)


def test_voluntary_enrolment_received_on_the_first_of_a_month_counts_that_month_as_the_month_of_receipt():
    assert after_retirement(Situation.VOLUNTARY, date(2021, 8, 1)).coverage_begins == date(2022, 2, 1)


def test_voluntary_enrolment_received_on_the_last_day_of_a_month_counts_that_month():
    assert after_retirement(Situation.VOLUNTARY, date(2021, 7, 31)).coverage_begins == date(2022, 1, 1)


def test_voluntary_enrolment_received_on_december_31_starts_in_june():
    assert after_retirement(Situation.VOLUNTARY, date(2021, 12, 31)).coverage_begins == date(2022, 6, 1)


def test_voluntary_enrolment_received_on_february_29_starts_in_august():
    assert after_retirement(Situation.VOLUNTARY, date(2024, 2, 29)).coverage_begins == date(2024, 8, 1)


# --- Changing plans: 1st / 2nd month after receipt (RULES §10 row 6) ---------------------------------------------


def test_a_plan_change_received_on_december_31_starts_on_january_1():
    decision = after_retirement(Situation.PLAN_CHANGE, date(2021, 12, 31))
    assert decision.coverage_begins == date(2022, 1, 1)
    assert decision.rule is CoverageRule.PLAN_CHANGE


def test_a_plan_change_with_medicare_received_on_december_31_starts_on_february_1():
    decision = after_retirement(Situation.PLAN_CHANGE, date(2021, 12, 31), medicare=True)
    assert decision.coverage_begins == date(2022, 2, 1)


def test_a_plan_change_with_medicare_received_in_november_starts_on_january_1_of_the_next_year():
    decision = after_retirement(Situation.PLAN_CHANGE, date(2021, 11, 30), medicare=True)
    assert decision.coverage_begins == date(2022, 1, 1)


def test_a_plan_change_received_on_the_first_of_january_starts_on_february_1():
    assert after_retirement(Situation.PLAN_CHANGE, date(2022, 1, 1)).coverage_begins == date(2022, 2, 1)


# --- Medicare re-enrolment: 6th month after all forms and proofs (RULES §10 Medicare; [002]) ---------------------


def test_medicare_reenrolment_starts_the_sixth_month_after_the_forms_arrive():
    decision = after_retirement(Situation.MEDICARE_REENROLL, date(2021, 7, 1), medicare=True)
    assert decision.coverage_begins == date(2022, 1, 1)
    assert decision.rule is CoverageRule.MEDICARE_REENROLMENT


def test_medicare_reenrolment_does_not_depend_on_the_medicare_flag():
    with_flag = after_retirement(Situation.MEDICARE_REENROLL, date(2021, 2, 10), medicare=True)
    without_flag = after_retirement(Situation.MEDICARE_REENROLL, date(2021, 2, 10), medicare=False)
    assert with_flag.coverage_begins == without_flag.coverage_begins == date(2021, 8, 1)


# --- The rule sentence shown to the member and recorded -----------------------------------------------------------


def test_the_rule_sentence_names_the_rule_and_the_month_of_receipt():
    text = after_retirement(Situation.VOLUNTARY, date(2021, 2, 10)).rule_text
    assert text.startswith("sixth month after documents received: voluntary enrolment after retirement")
    assert "February 2021" in text


def test_the_rule_sentence_for_medicare_at_retirement_names_the_first_of_the_month_before_the_red():
    text = at_retirement(date(2020, 12, 1), red=RED, medicare=True).rule_text
    assert text.startswith("one month after the retirement effective date:")
    assert "2020-12-01" in text


def test_the_rule_sentence_for_a_late_qualifying_event_says_it_was_late():
    text = qualifying_event(date(2021, 4, 15), event=EVENT).rule_text
    assert text.startswith("sixth month after documents received:")
    assert "more than 30 days" in text


# --- Inputs that cannot be a case ---------------------------------------------------------------------------------


def test_enrolling_at_retirement_needs_a_retirement_effective_date():
    with pytest.raises(CoverageInputError) as error:
        at_retirement(date(2021, 1, 5), red=None)
    assert error.value.field == "retirement_effective_date"


def test_a_retirement_effective_date_must_be_the_first_of_a_month():
    # RULES §3: the RED is the first day of a month.
    with pytest.raises(CoverageInputError) as error:
        at_retirement(date(2021, 1, 5), red=date(2021, 1, 15))
    assert error.value.field == "retirement_effective_date"


def test_a_qualifying_event_needs_its_date():
    with pytest.raises(CoverageInputError) as error:
        qualifying_event(date(2021, 4, 1), event=None)
    assert error.value.field == "event_date"


def test_a_change_after_retirement_cannot_have_documents_before_the_red():
    with pytest.raises(CoverageInputError) as error:
        coverage_effective_date(
            situation=Situation.PLAN_CHANGE,
            medicare=False,
            documents_received=date(2020, 12, 31),
            retirement_effective_date=date(2021, 1, 1),
        )
    assert error.value.field == "documents_received"


def test_a_change_after_retirement_accepts_documents_on_the_red():
    decision = coverage_effective_date(
        situation=Situation.VOLUNTARY,
        medicare=False,
        documents_received=date(2021, 1, 1),
        retirement_effective_date=date(2021, 1, 1),
    )
    assert decision.coverage_begins == date(2021, 7, 1)


# --- Deadlines shown on the proofs page ---------------------------------------------------------------------------


def test_the_deadlines_without_medicare_are_the_day_before_the_red_and_30_days_after_it():
    assert at_retirement_deadlines(retirement_effective_date=RED, medicare=False) == (
        date(2020, 12, 31),
        date(2021, 1, 31),
    )


def test_the_deadline_for_coverage_on_the_red_with_medicare_is_the_last_day_two_months_before():
    assert at_retirement_deadlines(retirement_effective_date=RED, medicare=True)[0] == date(2020, 11, 30)
