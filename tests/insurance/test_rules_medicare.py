"""Medicare rules: Parts A and B by the month of the 65th birthday, no Part B, individual Part D
(RULES §10 "Medicare"; [002] step 3 "Medicare")."""

from datetime import date

from insurance.rules.medicare import (
    MEDICARE_MESSAGES,
    MedicareFinding,
    medicare_cancellation_affects_dependents,
    medicare_findings,
    medicare_reminder_date,
    medicare_required_from,
)

BORN = date(1958, 7, 20)  # 65 on 2023-07-20


def findings(on, part_a=date(2023, 7, 1), part_b=date(2023, 7, 1), part_d=False):
    return medicare_findings(
        birth_date=BORN, on=on, part_a_effective=part_a, part_b_effective=part_b, individual_part_d=part_d
    )


def test_parts_a_and_b_must_be_in_place_from_the_first_day_of_the_month_of_the_65th_birthday():
    assert medicare_required_from(BORN) == date(2023, 7, 1)


def test_a_person_born_on_the_first_of_a_month_needs_medicare_from_that_first():
    assert medicare_required_from(date(1958, 7, 1)) == date(2023, 7, 1)


def test_the_medicare_reminder_is_three_months_before_the_65th_birthday():
    assert medicare_reminder_date(BORN) == date(2023, 4, 20)


def test_the_reminder_for_a_birthday_on_may_31_falls_on_the_last_day_of_february():
    assert medicare_reminder_date(date(1959, 5, 31)) == date(2024, 2, 29)


def test_nothing_is_wrong_before_the_month_of_the_65th_birthday_even_without_medicare():
    assert findings(date(2023, 6, 30), part_a=None, part_b=None) == ()


def test_missing_part_b_in_the_month_of_the_65th_birthday_is_a_finding():
    assert findings(date(2023, 7, 1), part_b=None) == (MedicareFinding.NO_PART_B,)


def test_part_b_starting_the_month_after_the_65th_birthday_is_too_late():
    assert findings(date(2023, 8, 1), part_b=date(2023, 8, 1)) == (MedicareFinding.NO_PART_B,)


def test_missing_part_a_is_a_finding():
    assert findings(date(2023, 7, 1), part_a=None) == (MedicareFinding.NO_PART_A,)


def test_parts_a_and_b_in_place_on_time_give_no_finding():
    assert findings(date(2030, 1, 1)) == ()


def test_an_individual_part_d_plan_is_a_finding_at_any_age():
    assert findings(date(2020, 1, 1), part_a=None, part_b=None, part_d=True) == (MedicareFinding.INDIVIDUAL_PART_D,)


def test_the_no_part_b_message_says_coverage_is_cancelled_for_the_dependents_too():
    assert "dependents' coverage is cancelled" in MEDICARE_MESSAGES[MedicareFinding.NO_PART_B]


def test_the_part_d_message_says_everyone_is_disenrolled():
    assert "disenrols you and your dependents" in MEDICARE_MESSAGES[MedicareFinding.INDIVIDUAL_PART_D]


def test_a_retirees_cancellation_cancels_the_dependents_but_a_dependents_does_not_cancel_the_retiree():
    assert medicare_cancellation_affects_dependents(person_is_retiree=True)
    assert not medicare_cancellation_affects_dependents(person_is_retiree=False)
