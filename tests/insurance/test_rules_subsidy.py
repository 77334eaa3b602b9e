"""Premium subsidy and the member's share (RULES §10 "Subsidy", §1; [001]; [002] step 3; [003] VI)."""

from decimal import Decimal

import pytest

from insurance.rules.subsidy import (
    MPSERS_SURVIVOR_SUBSIDY_PERCENT,
    GradedSubsidySchedule,
    HealthcarePlan,
    may_enrol_again_after_leaving,
    member_premium_share,
    personal_healthcare_fund_enrolment,
    premium_collection,
    premium_subsidy_percent,
    sers_graded_subsidy_percent,
)
from pensions.engine.plans import System


@pytest.mark.parametrize(
    ("yos", "percent"),
    [
        ("9.9999", "0"),
        ("10", "30"),
        ("10.9999", "30"),
        ("11", "33"),
        ("20", "60"),
        ("30", "90"),
        ("33", "99"),
        ("34", "100"),
        ("40", "100"),
    ],
)
def test_the_sers_graded_subsidy_is_30_percent_at_10_years_plus_3_for_each_completed_further_year(yos, percent):
    assert sers_graded_subsidy_percent(Decimal(yos)) == Decimal(percent)


def test_the_graded_subsidy_schedule_is_data_that_can_carry_another_maximum():
    schedule = GradedSubsidySchedule(maximum_percent=Decimal(80))
    assert sers_graded_subsidy_percent(Decimal(30), schedule) == Decimal(80)


def test_mpsers_survivors_get_the_80_percent_maximum_subsidy():
    assert MPSERS_SURVIVOR_SUBSIDY_PERCENT == Decimal(80)


def test_the_members_share_is_the_unsubsidised_part_of_the_premium_at_full_precision():
    assert member_premium_share(premium=Decimal("612.35"), subsidy_percent=Decimal(33)) == Decimal("410.2745")


def test_a_subsidy_above_100_percent_is_refused():
    with pytest.raises(ValueError):
        member_premium_share(premium=Decimal(100), subsidy_percent=Decimal(101))


def test_the_share_is_deducted_from_a_larger_pension_and_nothing_is_billed():
    collection = premium_collection(member_share=Decimal("410.2745"), monthly_pension=Decimal("1500"))
    assert collection.member_share == Decimal("410.27")
    assert collection.deducted_from_pension == Decimal("410.27")
    assert collection.billed_monthly == Decimal("0.00")


def test_the_part_exceeding_a_smaller_pension_is_billed_monthly():
    collection = premium_collection(member_share=Decimal("612.355"), monthly_pension=Decimal("500"))
    assert collection.member_share == Decimal("612.36")  # half-up to cents
    assert collection.deducted_from_pension == Decimal("500.00")
    assert collection.billed_monthly == Decimal("112.36")


def test_the_personal_healthcare_fund_allows_enrolment_at_retirement_at_the_full_premium():
    result = personal_healthcare_fund_enrolment(at_retirement=True, previously_disenrolled=False)
    assert result.allowed and result.subsidy_percent == Decimal(0)


def test_the_personal_healthcare_fund_never_allows_re_enrolment_after_leaving():
    assert not personal_healthcare_fund_enrolment(at_retirement=True, previously_disenrolled=True).allowed


def test_the_personal_healthcare_fund_does_not_allow_a_later_first_enrolment():
    assert not personal_healthcare_fund_enrolment(at_retirement=False, previously_disenrolled=False).allowed


def test_a_personal_healthcare_fund_member_gets_no_subsidy_in_either_system():
    for system in System:
        percent = premium_subsidy_percent(
            system=system, healthcare_plan=HealthcarePlan.PERSONAL_HEALTHCARE_FUND, yos=Decimal(30)
        )
        assert percent == Decimal(0)


def test_a_sers_premium_subsidy_member_gets_the_graded_subsidy():
    percent = premium_subsidy_percent(
        system=System.SERS, healthcare_plan=HealthcarePlan.PREMIUM_SUBSIDY, yos=Decimal(15)
    )
    assert percent == Decimal(45)


def test_an_mpsers_survivor_with_the_premium_subsidy_gets_80_percent():
    percent = premium_subsidy_percent(
        system=System.MPSERS, healthcare_plan=HealthcarePlan.PREMIUM_SUBSIDY, mpsers_survivor=True
    )
    assert percent == Decimal(80)


def test_an_mpsers_members_own_subsidy_is_left_to_the_catalogue_data():
    assert premium_subsidy_percent(system=System.MPSERS, healthcare_plan=HealthcarePlan.PREMIUM_SUBSIDY) is None


def test_a_premium_subsidy_member_may_enrol_again_after_cancelling():
    assert may_enrol_again_after_leaving(HealthcarePlan.PREMIUM_SUBSIDY) is True


def test_a_personal_healthcare_fund_member_may_never_enrol_again_after_cancelling():
    assert may_enrol_again_after_leaving(HealthcarePlan.PERSONAL_HEALTHCARE_FUND) is False
