"""Dependent eligibility at the boundary dates: RULES §10 "Eligible dependents"; [002] step 3; [003] VI.

Readings under test: "until the end of the month in which he or she turns 19" -> through the last day of the
birthday month; "until age 18" / "under 19" -> through the day before that birthday; "until December 31 of the year
in which ..." -> through that December 31; a 29 February birthday falls on 28 February in common years.
"""

from dataclasses import replace
from datetime import date

import pytest

from insurance.rules.dependents import (
    PARENT_SETS_CONFLICT,
    Dependent,
    EligibilityBasis,
    Relation,
    StudentStatus,
    age_out_notice_date,
    dependent_eligibility,
    evaluate_dependents,
    former_spouse_coverage_ends,
)
from pensions.engine.plans import System

SERS, MPSERS = System.SERS, System.MPSERS


def eligibility(system, dependent, on):
    return dependent_eligibility(system=system, dependent=dependent, on=on)


CHILD_2004 = Dependent(Relation.CHILD, date(2004, 6, 15))
SPOUSE = Dependent(Relation.SPOUSE, date(1960, 5, 5))

# --- Spouse -------------------------------------------------------------------------------------------------------


def test_a_sers_spouse_is_eligible():
    result = eligibility(SERS, SPOUSE, date(2023, 1, 1))
    assert result.eligible and result.basis is EligibilityBasis.SPOUSE and result.ends_on is None


def test_a_sers_spouse_enrolled_separately_as_a_state_employee_or_retiree_is_not_a_dependent():
    result = eligibility(SERS, replace(SPOUSE, spouse_enrolled_separately=True), date(2023, 1, 1))
    assert not result.eligible
    assert "enrolled separately" in result.reason


def test_an_mpsers_spouse_who_is_also_a_retiree_stays_eligible_on_one_contract():
    # [003] VI: "If he or she is an eligible public school retiree, you'll be covered together on one contract."
    assert eligibility(MPSERS, replace(SPOUSE, spouse_enrolled_separately=True), date(2023, 1, 1)).eligible


def test_a_former_spouse_stays_covered_through_the_last_day_of_the_divorce_month():
    divorced = replace(SPOUSE, divorce_date=date(2023, 3, 15))
    result = eligibility(SERS, divorced, date(2023, 3, 31))
    assert result.eligible and result.ends_on == date(2023, 3, 31)
    assert result.basis is EligibilityBasis.FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH
    assert not result.ages_out


def test_a_former_spouse_is_not_covered_on_the_first_day_of_the_month_after_the_divorce():
    divorced = replace(SPOUSE, divorce_date=date(2023, 3, 15))
    assert not eligibility(MPSERS, divorced, date(2023, 4, 1)).eligible


def test_a_spouse_is_still_a_spouse_before_the_divorce_date():
    divorced = replace(SPOUSE, divorce_date=date(2023, 3, 15))
    assert eligibility(SERS, divorced, date(2023, 3, 14)).basis is EligibilityBasis.SPOUSE


@pytest.mark.parametrize(
    ("divorce", "ends"),
    [
        (date(2024, 2, 10), date(2024, 2, 29)),
        (date(2023, 2, 10), date(2023, 2, 28)),
        (date(2021, 12, 31), date(2021, 12, 31)),
        (date(2021, 4, 1), date(2021, 4, 30)),
    ],
)
def test_former_spouse_coverage_ends_at_the_end_of_the_divorce_month(divorce, ends):
    assert former_spouse_coverage_ends(divorce) == ends


# --- SERS child by birth or adoption: end of the month of the 19th birthday ----------------------------------------


def test_a_sers_child_is_eligible_on_the_last_day_of_the_month_of_the_19th_birthday():
    result = eligibility(SERS, CHILD_2004, date(2023, 6, 30))
    assert result.eligible and result.basis is EligibilityBasis.CHILD
    assert result.ends_on == date(2023, 6, 30) and result.ages_out


def test_a_sers_child_is_not_eligible_on_the_first_day_of_the_month_after_the_19th_birthday():
    result = eligibility(SERS, CHILD_2004, date(2023, 7, 1))
    assert not result.eligible
    assert "2023-06-30" in result.reason


def test_a_sers_child_born_on_february_29_ages_out_at_the_end_of_february():
    leap_child = Dependent(Relation.CHILD, date(2004, 2, 29))
    assert eligibility(SERS, leap_child, date(2023, 2, 28)).ends_on == date(2023, 2, 28)
    assert not eligibility(SERS, leap_child, date(2023, 3, 1)).eligible


def test_a_married_child_is_not_a_dependent():
    assert not eligibility(SERS, replace(CHILD_2004, married=True), date(2010, 1, 1)).eligible
    assert not eligibility(MPSERS, replace(CHILD_2004, married=True), date(2010, 1, 1)).eligible


def test_a_child_is_not_eligible_before_birth():
    assert not eligibility(SERS, CHILD_2004, date(2004, 6, 14)).eligible


def test_an_adopted_child_is_eligible_from_the_placement_date_not_before():
    adopted = Dependent(Relation.ADOPTED_CHILD, date(2015, 1, 1), placement_date=date(2020, 9, 1))
    assert not eligibility(SERS, adopted, date(2020, 8, 31)).eligible
    assert eligibility(SERS, adopted, date(2020, 9, 1)).eligible


def test_an_adopted_child_ages_out_like_a_child_by_birth():
    adopted = Dependent(Relation.ADOPTED_CHILD, date(2004, 6, 15), placement_date=date(2006, 1, 1))
    assert eligibility(SERS, adopted, date(2023, 6, 30)).ends_on == date(2023, 6, 30)
    assert eligibility(MPSERS, adopted, date(2023, 12, 31)).ends_on == date(2023, 12, 31)


# --- Guardianship: until age 18 (both systems) ---------------------------------------------------------------------

WARD = Dependent(Relation.GUARDIANSHIP_CHILD, date(2005, 6, 15))


@pytest.mark.parametrize("system", [SERS, MPSERS])
def test_a_guardianship_child_is_eligible_on_the_day_before_the_18th_birthday(system):
    result = eligibility(system, WARD, date(2023, 6, 14))
    assert result.eligible and result.ends_on == date(2023, 6, 14)
    assert result.basis is EligibilityBasis.GUARDIANSHIP_CHILD


@pytest.mark.parametrize("system", [SERS, MPSERS])
def test_a_guardianship_child_is_not_eligible_on_the_18th_birthday(system):
    assert not eligibility(system, WARD, date(2023, 6, 15)).eligible


def test_a_guardianship_child_who_is_a_student_still_ages_out_at_18():
    # The student and disabled rules are for children "by birth or legal adoption" only ([002]; [003]).
    student = replace(WARD, student=StudentStatus.FULL_TIME, dependent_for_support=True)
    assert not eligibility(SERS, student, date(2023, 6, 15)).eligible


def test_a_guardianship_child_born_on_february_29_ages_out_on_february_28():
    ward = Dependent(Relation.GUARDIANSHIP_CHILD, date(2004, 2, 29))
    assert eligibility(SERS, ward, date(2022, 2, 27)).eligible
    assert not eligibility(SERS, ward, date(2022, 2, 28)).eligible


# --- SERS half-time student: end of the month of the 26th birthday or of the graduation month, whichever first -----

STUDENT = Dependent(
    Relation.CHILD, date(2000, 6, 15), student=StudentStatus.HALF_TIME, dependent_for_support=True
)


def test_a_sers_half_time_student_is_eligible_through_the_end_of_the_month_of_the_26th_birthday():
    result = eligibility(SERS, STUDENT, date(2026, 6, 30))
    assert result.eligible and result.basis is EligibilityBasis.STUDENT
    assert result.ends_on == date(2026, 6, 30)


def test_a_sers_half_time_student_is_not_eligible_the_day_after_the_month_of_the_26th_birthday():
    assert not eligibility(SERS, STUDENT, date(2026, 7, 1)).eligible


def test_a_sers_student_graduating_first_is_eligible_through_the_end_of_the_graduation_month():
    graduating = replace(STUDENT, graduation_date=date(2024, 5, 20))
    result = eligibility(SERS, graduating, date(2024, 5, 31))
    assert result.eligible and result.ends_on == date(2024, 5, 31)


def test_a_sers_student_ending_at_graduation_is_not_reported_as_ageing_out():
    graduating = replace(STUDENT, graduation_date=date(2024, 5, 20))
    assert not eligibility(SERS, graduating, date(2024, 5, 1)).ages_out


def test_a_sers_student_is_not_eligible_the_day_after_the_graduation_month():
    graduating = replace(STUDENT, graduation_date=date(2024, 5, 20))
    assert not eligibility(SERS, graduating, date(2024, 6, 1)).eligible


def test_a_sers_graduation_after_the_26th_birthday_month_does_not_extend_coverage():
    late_graduate = replace(STUDENT, graduation_date=date(2027, 5, 1))
    assert eligibility(SERS, late_graduate, date(2026, 6, 1)).ends_on == date(2026, 6, 30)


def test_a_sers_student_not_dependent_for_support_is_not_covered_after_19():
    independent = replace(STUDENT, dependent_for_support=False)
    assert not eligibility(SERS, independent, date(2021, 1, 1)).eligible


def test_a_sers_full_time_student_meets_the_half_time_rule():
    full_time = replace(STUDENT, student=StudentStatus.FULL_TIME)
    assert eligibility(SERS, full_time, date(2026, 6, 30)).eligible


def test_a_student_who_graduates_before_19_keeps_the_child_rule_until_the_19th_birthday_month():
    early = Dependent(
        Relation.CHILD,
        date(2004, 6, 15),
        student=StudentStatus.HALF_TIME,
        dependent_for_support=True,
        graduation_date=date(2022, 5, 1),
    )
    result = eligibility(SERS, early, date(2022, 12, 1))
    assert result.eligible and result.basis is EligibilityBasis.CHILD and result.ends_on == date(2023, 6, 30)


# --- Disabled child: no age limit ----------------------------------------------------------------------------------

DISABLED = Dependent(Relation.CHILD, date(1990, 1, 1), disabled=True, dependent_for_support=True)


@pytest.mark.parametrize("system", [SERS, MPSERS])
def test_a_disabled_child_dependent_for_support_is_eligible_at_any_age_and_never_ages_out(system):
    result = eligibility(system, DISABLED, date(2040, 1, 1))
    assert result.eligible and result.basis is EligibilityBasis.DISABLED_CHILD
    assert result.ends_on is None and not result.ages_out


@pytest.mark.parametrize("system", [SERS, MPSERS])
def test_a_disabled_child_not_dependent_for_support_is_not_eligible_as_an_adult(system):
    assert not eligibility(system, replace(DISABLED, dependent_for_support=False), date(2015, 1, 1)).eligible


# --- SERS stepchildren --------------------------------------------------------------------------------------------

STEPCHILD = Dependent(
    Relation.STEPCHILD,
    date(2004, 6, 15),
    lives_with_member_half_time=True,
    member_provides_half_support=True,
    covered_through_termination=True,
    not_eligible_elsewhere=True,
)


def test_a_sers_stepchild_meeting_every_condition_is_eligible_on_the_day_before_the_19th_birthday():
    result = eligibility(SERS, STEPCHILD, date(2023, 6, 14))
    assert result.eligible and result.ends_on == date(2023, 6, 14) and result.ages_out


def test_a_sers_stepchild_is_not_eligible_on_the_19th_birthday():
    # "under the age of 19" ([002]) -- unlike a child by birth, not to the end of the month.
    assert not eligibility(SERS, STEPCHILD, date(2023, 6, 15)).eligible


def test_a_sers_stepchild_attending_school_half_time_is_eligible_on_the_day_before_the_26th_birthday():
    student = replace(STEPCHILD, student=StudentStatus.HALF_TIME)
    result = eligibility(SERS, student, date(2030, 6, 14))
    assert result.eligible and result.basis is EligibilityBasis.STEPCHILD_STUDENT


def test_a_sers_stepchild_attending_school_is_not_eligible_on_the_26th_birthday():
    assert not eligibility(SERS, replace(STEPCHILD, student=StudentStatus.HALF_TIME), date(2030, 6, 15)).eligible


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("lives_with_member_half_time", "50% of the time"),
        ("member_provides_half_support", "50% of their support"),
        ("covered_through_termination", "through termination"),
        ("not_eligible_elsewhere", "not be eligible for other coverage"),
    ],
)
def test_a_sers_stepchild_missing_one_condition_is_not_eligible_and_is_told_which(condition, words):
    result = eligibility(SERS, replace(STEPCHILD, **{condition: False}), date(2010, 1, 1))
    assert not result.eligible
    assert words in result.reason


def test_a_stepchild_is_not_an_eligible_dependent_in_mpsers():
    assert not eligibility(MPSERS, STEPCHILD, date(2010, 1, 1)).eligible


# --- MPSERS child: December 31 of the year of the 19th birthday ----------------------------------------------------


def test_an_mpsers_child_is_eligible_on_december_31_of_the_year_of_the_19th_birthday():
    result = eligibility(MPSERS, CHILD_2004, date(2023, 12, 31))
    assert result.eligible and result.ends_on == date(2023, 12, 31) and result.ages_out


def test_an_mpsers_child_is_not_eligible_on_january_1_after_the_19th_birthday_year():
    assert not eligibility(MPSERS, CHILD_2004, date(2024, 1, 1)).eligible


def test_an_mpsers_child_born_on_new_years_day_is_covered_to_the_end_of_that_year():
    assert eligibility(MPSERS, Dependent(Relation.CHILD, date(2004, 1, 1)), date(2023, 12, 31)).eligible


# --- MPSERS full-time student: December 31 of the year of the 25th birthday -------------------------------------

MPSERS_STUDENT = Dependent(
    Relation.CHILD, date(2000, 3, 10), student=StudentStatus.FULL_TIME, dependent_for_support=True
)


def test_an_mpsers_full_time_student_is_eligible_on_december_31_of_the_year_of_the_25th_birthday():
    result = eligibility(MPSERS, MPSERS_STUDENT, date(2025, 12, 31))
    assert result.eligible and result.basis is EligibilityBasis.STUDENT and result.ends_on == date(2025, 12, 31)


def test_an_mpsers_full_time_student_is_not_eligible_on_the_next_january_1():
    assert not eligibility(MPSERS, MPSERS_STUDENT, date(2026, 1, 1)).eligible


def test_an_mpsers_student_graduation_date_does_not_shorten_coverage():
    # [003] VI sets no graduation limit for MPSERS students.
    graduated = replace(MPSERS_STUDENT, graduation_date=date(2022, 5, 1))
    assert eligibility(MPSERS, graduated, date(2025, 12, 31)).eligible


def test_an_mpsers_half_time_student_is_not_covered_after_the_child_rule():
    half_time = replace(MPSERS_STUDENT, student=StudentStatus.HALF_TIME)
    assert not eligibility(MPSERS, half_time, date(2020, 1, 1)).eligible


# --- MPSERS parents or parents-in-law: living in the household, one set ------------------------------------------

PARENT = Dependent(Relation.PARENT, date(1940, 1, 1), lives_in_household=True)
PARENT_IN_LAW = Dependent(Relation.PARENT_IN_LAW, date(1941, 1, 1), lives_in_household=True)


def test_an_mpsers_parent_living_in_the_household_is_eligible():
    result = eligibility(MPSERS, PARENT, date(2023, 1, 1))
    assert result.eligible and result.basis is EligibilityBasis.PARENT_IN_HOUSEHOLD and result.ends_on is None


def test_an_mpsers_parent_not_living_in_the_household_is_not_eligible():
    assert not eligibility(MPSERS, replace(PARENT, lives_in_household=False), date(2023, 1, 1)).eligible


def test_parents_are_never_dependents_in_sers():
    assert not eligibility(SERS, PARENT, date(2023, 1, 1)).eligible
    assert not eligibility(SERS, PARENT_IN_LAW, date(2023, 1, 1)).eligible


def test_both_parents_of_one_set_can_be_enrolled_in_mpsers():
    other_parent = replace(PARENT, birth_date=date(1942, 2, 2))
    results = evaluate_dependents(system=MPSERS, dependents=[PARENT, other_parent], on=date(2023, 1, 1))
    assert all(r.eligible for r in results)


def test_parents_and_parents_in_law_together_are_refused_until_the_member_chooses_one_set():
    results = evaluate_dependents(system=MPSERS, dependents=[SPOUSE, PARENT, PARENT_IN_LAW], on=date(2023, 1, 1))
    assert results[0].eligible
    assert [r.eligible for r in results[1:]] == [False, False]
    assert results[1].reason == PARENT_SETS_CONFLICT


def test_a_parent_in_law_outside_the_household_does_not_block_the_parents():
    away = replace(PARENT_IN_LAW, lives_in_household=False)
    results = evaluate_dependents(system=MPSERS, dependents=[PARENT, away], on=date(2023, 1, 1))
    assert results[0].eligible


# --- The "ages out" notice two months before (issue 6 item 6) ----------------------------------------------------


def test_the_age_out_notice_for_a_child_ending_june_30_goes_out_on_may_1():
    ends = eligibility(SERS, CHILD_2004, date(2023, 1, 1)).ends_on
    assert age_out_notice_date(ends) == date(2023, 5, 1)


def test_the_age_out_notice_for_an_mpsers_child_ending_december_31_goes_out_on_november_1():
    assert age_out_notice_date(date(2023, 12, 31)) == date(2023, 11, 1)


def test_the_age_out_notice_for_a_ward_goes_out_two_months_before_the_18th_birthday():
    ends = eligibility(SERS, WARD, date(2020, 1, 1)).ends_on
    assert age_out_notice_date(ends) == date(2023, 4, 15)
