"""SERS retiree life insurance (RULES §10 "Life insurance"; [002] "Life insurance protection"; [004] V)."""

from datetime import date
from decimal import Decimal

from insurance.rules.dependents import Dependent, Relation
from insurance.rules.life import (
    dependent_life_amount,
    life_conversion_offered_until,
    life_conversion_window_ends,
    life_convertible_amount,
    life_dependent_eligibility,
    retiree_life_insurance,
)

BORN = date(1960, 3, 10)  # 65 on 2025-03-10


def life(on=date(2023, 1, 1), **kwargs):
    args = dict(
        active_coverage=Decimal("80000"),
        deferred=False,
        meets_regular_age_and_service=True,
        birth_date=BORN,
        on=on,
    )
    args.update(kwargs)
    return retiree_life_insurance(**args)


def test_a_retiree_meeting_regular_age_and_service_keeps_25_percent_of_active_coverage():
    result = life()
    assert result.eligible and result.amount == Decimal("20000")


def test_a_deferred_member_gets_no_group_life_insurance():
    result = life(deferred=True)
    assert not result.eligible and result.amount == 0


def test_a_retiree_not_meeting_regular_age_and_service_has_no_continued_life_insurance():
    assert not life(meets_regular_age_and_service=False).eligible


def test_disability_before_65_keeps_the_full_amount_on_the_day_before_the_65th_birthday():
    assert life(on=date(2025, 3, 9), disabled_on=date(2020, 1, 1)).amount == Decimal("80000")


def test_disability_before_65_drops_to_25_percent_on_the_65th_birthday():
    assert life(on=date(2025, 3, 10), disabled_on=date(2020, 1, 1)).amount == Decimal("20000")


def test_disability_on_or_after_65_gives_25_percent_at_once():
    assert life(on=date(2026, 1, 1), disabled_on=date(2025, 3, 10)).amount == Decimal("20000")


def test_a_dependent_policy_is_capped_at_1000_dollars():
    assert dependent_life_amount(Decimal("5000")) == Decimal("1000")
    assert dependent_life_amount(Decimal("750")) == Decimal("750")


def test_the_conversion_window_ends_30_days_after_the_retirement_effective_date():
    assert life_conversion_window_ends(date(2023, 1, 1)) == date(2023, 1, 31)
    assert life_conversion_window_ends(date(2024, 2, 1)) == date(2024, 3, 2)


def test_the_conversion_is_offered_up_to_its_last_day_and_never_after():
    assert life_conversion_offered_until(date(2023, 1, 1), date(2023, 1, 31)) == date(2023, 1, 31)
    assert life_conversion_offered_until(date(2023, 1, 1), date(2023, 2, 1)) is None


def test_the_convertible_amount_is_75_percent_plus_what_dependent_policies_lost_to_the_cap():
    amount = life_convertible_amount(
        active_coverage=Decimal("80000"), active_dependent_amounts=[Decimal("5000"), Decimal("500")]
    )
    assert amount == Decimal("64000")


def life_dependent(dependent, on, enrolled=True):
    return life_dependent_eligibility(dependent=dependent, on=on, enrolled_while_active=enrolled)


CHILD = Dependent(Relation.CHILD, date(2001, 5, 5), dependent_for_support=True)


def test_a_spouse_enrolled_while_active_is_a_life_dependent():
    assert life_dependent(Dependent(Relation.SPOUSE, date(1960, 1, 1)), date(2023, 1, 1)).eligible


def test_a_dependent_not_enrolled_while_active_does_not_continue():
    spouse = Dependent(Relation.SPOUSE, date(1960, 1, 1))
    assert not life_dependent(spouse, date(2023, 1, 1), enrolled=False).eligible


def test_an_unmarried_dependent_child_is_a_life_dependent_on_the_day_before_the_23rd_birthday():
    result = life_dependent(CHILD, date(2024, 5, 4))
    assert result.eligible and result.ends_on == date(2024, 5, 4)


def test_a_child_is_not_a_life_dependent_on_the_23rd_birthday():
    assert not life_dependent(CHILD, date(2024, 5, 5)).eligible


def test_a_married_child_is_not_a_life_dependent():
    married = Dependent(Relation.CHILD, date(2005, 1, 1), married=True, dependent_for_support=True)
    assert not life_dependent(married, date(2023, 1, 1)).eligible


def test_an_incapacitated_child_living_with_the_member_stays_a_life_dependent_at_any_age():
    child = Dependent(
        Relation.CHILD, date(1980, 1, 1), disabled=True, lives_with_member=True, dependent_for_support=True
    )
    result = life_dependent(child, date(2030, 1, 1))
    assert result.eligible and result.ends_on is None


def test_an_incapacitated_adult_child_not_living_with_the_member_is_not_a_life_dependent():
    child = Dependent(Relation.CHILD, date(1980, 1, 1), disabled=True, dependent_for_support=True)
    assert not life_dependent(child, date(2030, 1, 1)).eligible


def test_a_parent_is_not_a_life_dependent():
    parent = Dependent(Relation.PARENT, date(1940, 1, 1), lives_in_household=True)
    assert not life_dependent(parent, date(2023, 1, 1)).eligible
