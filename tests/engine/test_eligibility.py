"""Eligibility provisions, reasons and eligible-from dates (RULES §3 [002][003][004])."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pensions.engine.eligibility import MemberFacts, Provision, evaluate
from pensions.engine.plans import EmploymentType, PlanFamily, RetirementType, System

SERS_MEMBER = MemberFacts(
    system=System.SERS,
    family=PlanFamily.SERS_DB,
    employment_type=EmploymentType.REGULAR,
    retirement_type=RetirementType.SERVICE,
    birth_date=date(1945, 10, 1),
    retirement_effective_date=date(2003, 4, 1),  # age 57 and 6 months
    active=True,
    termination_date=None,
    credited_yos=Decimal(25),
    earned_yos=Decimal(25),
    act88_yos=Decimal(0),
    vesting_yos_required=Decimal(10),
)
MIP_MEMBER = replace(SERS_MEMBER, system=System.MPSERS, family=PlanFamily.MIP)
BASIC_MEMBER = replace(MIP_MEMBER, family=PlanFamily.BASIC)


def status(member: MemberFacts, provision: Provision):
    return next(s for s in evaluate(member) if s.provision is provision)


def eligible(member: MemberFacts) -> set[Provision]:
    return {s.provision for s in evaluate(member) if s.eligible}


def with_yos(member: MemberFacts, yos: str, **changes) -> MemberFacts:
    return replace(member, credited_yos=Decimal(yos), earned_yos=Decimal(yos), **changes)


# --- SERS ---------------------------------------------------------------------------------------------------


def test_sers_age_60_with_10_years_is_full_retirement():
    """RULES §3 SERS full: age 60 with 10 YOS [002]."""
    member = with_yos(SERS_MEMBER, "10", retirement_effective_date=date(2005, 10, 1))
    assert Provision.FULL_60_10 in eligible(member)


def test_sers_age_55_with_30_years_is_full_retirement():
    """RULES §3 SERS full: age 55 with 30 YOS [002]."""
    assert Provision.FULL_55_30 in eligible(with_yos(SERS_MEMBER, "30"))


def test_sers_full_retirement_reports_the_age_still_missing():
    """RULES §3: reasons when not eligible."""
    assert status(with_yos(SERS_MEMBER, "12"), Provision.FULL_60_10).reasons == ["age 57y 6m on the RED is under 60"]


def test_sers_full_retirement_is_reached_on_the_60th_birthday_if_the_member_works_on():
    """RULES §3: the date the member becomes eligible if they keep working (age attained on the RED)."""
    assert status(with_yos(SERS_MEMBER, "12"), Provision.FULL_60_10).eligible_from == date(2005, 10, 1)


def test_sers_55_with_30_is_reached_when_service_reaches_30_years():
    """RULES §3: 25 YOS at 2003-04-01 + 5 years of work → 2008-04-01."""
    assert status(SERS_MEMBER, Provision.FULL_55_30).eligible_from == date(2008, 4, 1)


def test_unclassified_employees_retire_at_60_with_5_years():
    """RULES §3 SERS: unclassified or facility-closure employees, age 60 with 5 YOS [004]."""
    member = with_yos(SERS_MEMBER, "5", employment_type=EmploymentType.UNCLASSIFIED,
                      retirement_effective_date=date(2005, 10, 1), vesting_yos_required=Decimal(5))
    assert Provision.FULL_60_5 in eligible(member)


def test_regular_employees_are_not_offered_60_with_5():
    """RULES §3: 60 with 5 is only for unclassified and facility-closure employees."""
    assert all(s.provision is not Provision.FULL_60_5 for s in evaluate(SERS_MEMBER))


def test_early_reduced_needs_an_active_member_aged_55_with_15_to_30_years():
    """RULES §3 SERS early reduced: active, age ≥ 55, 15 ≤ YOS < 30 [002]."""
    assert Provision.EARLY_REDUCED in eligible(SERS_MEMBER)


def test_early_reduced_is_closed_at_30_years():
    """RULES §3: early reduced needs fewer than 30 YOS."""
    early = status(with_yos(SERS_MEMBER, "30"), Provision.EARLY_REDUCED)
    assert not early.eligible
    assert early.eligible_from is None


def test_early_reduced_is_closed_to_deferred_members():
    """RULES §3: no early reduced pension for deferred members [002][004]."""
    assert not status(replace(SERS_MEMBER, active=False), Provision.EARLY_REDUCED).eligible


def test_early_reduced_requires_work_in_the_month_of_the_55th_birthday():
    """RULES §3 SERS: the member must work in the month of the 55th birthday [002]."""
    member = replace(SERS_MEMBER, worked_in_month_of_55th_birthday=False)
    assert "did not work in the month of the 55th birthday" in status(member, Provision.EARLY_REDUCED).reasons


def test_conservation_officers_cannot_take_early_reduced():
    """RULES §5 / [002]: conservation officers cannot choose the early reduced pension."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.CONSERVATION_OFFICER)
    assert not status(member, Provision.EARLY_REDUCED).eligible


def test_a_member_who_left_vested_is_deferred_to_60():
    """RULES §3 SERS deferred: vested, left before eligible; payable from 60 [002][004]."""
    member = with_yos(SERS_MEMBER, "12", active=False, retirement_effective_date=date(2005, 10, 1))
    assert eligible(member) == {Provision.DEFERRED}


def test_a_deferred_member_under_60_is_told_when_the_pension_can_start():
    """RULES §3: eligible-from date of the deferred pension."""
    member = with_yos(SERS_MEMBER, "12", active=False)
    assert status(member, Provision.DEFERRED).eligible_from == date(2005, 10, 1)


def test_a_member_who_left_after_meeting_55_with_30_keeps_that_provision():
    """RULES §3: a member who terminated once eligible is not deferred."""
    member = with_yos(SERS_MEMBER, "31", active=False, termination_date=date(2002, 12, 31))
    assert Provision.FULL_55_30 in eligible(member)


def test_a_member_who_left_before_55_with_30_is_not_full_at_57():
    """RULES §3: left before being eligible → deferred (from 60), no 55-with-30."""
    member = with_yos(SERS_MEMBER, "31", active=False, termination_date=date(1999, 12, 31))
    assert not status(member, Provision.FULL_55_30).eligible


def test_act_88_service_counts_toward_vesting():
    """RULES §2: Act 88 service counts for vesting/eligibility."""
    member = with_yos(SERS_MEMBER, "8", active=False, act88_yos=Decimal(2),
                      retirement_effective_date=date(2005, 10, 1))
    assert Provision.DEFERRED in eligible(member)


@pytest.mark.parametrize(("age_date", "covered", "provision"), [
    (date(1996, 10, 1), "25", Provision.COVERED_51_25),
    (date(2001, 10, 1), "10", Provision.COVERED_56_10),
])
def test_covered_employees_retire_at_51_with_25_or_56_with_10_covered_years(age_date, covered, provision):
    """RULES §3 SERS covered: 51 with 25 covered YOS, or 56 with 10 ([002] heading, [004])."""
    member = with_yos(SERS_MEMBER, covered, employment_type=EmploymentType.COVERED, covered_yos=Decimal(covered),
                      retirement_effective_date=age_date)
    assert provision in eligible(member)


def test_covered_provisions_need_the_last_three_years_covered():
    """RULES §3 covered: the last 3 years in a covered position."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.COVERED, covered_yos=Decimal(25),
                     last_3_years_covered=False)
    assert not status(member, Provision.COVERED_51_25).eligible


def test_conservation_officers_hired_before_april_1991_need_20_years_as_officers():
    """RULES §3: any age with 25 YOS, ≥ 20 as a conservation officer if hired before 1991-04-01."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.CONSERVATION_OFFICER,
                     conservation_officer_yos=Decimal(20), hire_date=date(1978, 3, 6),
                     retirement_effective_date=date(1995, 4, 1))
    assert Provision.CONSERVATION_OFFICER_25 in eligible(member)


def test_conservation_officers_hired_later_need_23_years_as_officers():
    """RULES §3: ≥ 23 years as a conservation officer if hired after 1991-04-01."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.CONSERVATION_OFFICER,
                     conservation_officer_yos=Decimal(20), hire_date=date(1991, 5, 1))
    assert not status(member, Provision.CONSERVATION_OFFICER_25).eligible


def test_conservation_officers_must_have_served_as_officers_the_last_two_years():
    """RULES §3: employed as a conservation officer during the 2 years before retirement."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.CONSERVATION_OFFICER,
                     conservation_officer_yos=Decimal(25), conservation_officer_last_2_years=False)
    assert not status(member, Provision.CONSERVATION_OFFICER_25).eligible


@pytest.mark.parametrize(("red", "yos", "facility", "provision"), [
    (date(1996, 10, 1), "25", "0", Provision.FACILITY_51_25),
    (date(2001, 10, 1), "10", "0", Provision.FACILITY_56_10),
    (date(1990, 10, 1), "25", "25", Provision.FACILITY_25),
])
def test_facility_closure_provisions(red, yos, facility, provision):
    """RULES §3 facility closure: 51 with 25, 56 with 10, any age with 25 all in closed facilities [004]."""
    member = with_yos(SERS_MEMBER, yos, employment_type=EmploymentType.FACILITY_CLOSURE,
                      facility_yos=Decimal(facility), retirement_effective_date=red)
    assert provision in eligible(member)


def test_facility_closure_needs_the_last_five_years_in_the_facility():
    """RULES §3: last 5 years in the closing facility."""
    member = replace(SERS_MEMBER, employment_type=EmploymentType.FACILITY_CLOSURE, last_5_years_in_facility=False)
    assert not status(member, Provision.FACILITY_51_25).eligible


def test_duty_disability_has_no_age_or_service_requirement():
    """RULES §3: duty disability — no age or service requirement."""
    member = with_yos(SERS_MEMBER, "1", retirement_type=RetirementType.DUTY_DISABILITY)
    assert Provision.DUTY_DISABILITY in eligible(member)


def test_nonduty_disability_needs_10_years():
    """RULES §3: nonduty disability — 10 YOS."""
    member = with_yos(SERS_MEMBER, "9", retirement_type=RetirementType.NONDUTY_DISABILITY)
    assert Provision.NONDUTY_DISABILITY not in eligible(member)


def test_a_disability_retirement_is_not_assessed_under_age_and_service_provisions():
    """RULES §3: a disability retirement is its own provision."""
    member = with_yos(SERS_MEMBER, "30", retirement_type=RetirementType.DUTY_DISABILITY)
    assert eligible(member) == {Provision.DUTY_DISABILITY}


# --- MPSERS -------------------------------------------------------------------------------------------------


def test_mip_members_retire_at_any_age_with_30_years():
    """RULES §3 MIP any age with 30 [003]."""
    member = with_yos(MIP_MEMBER, "30", birth_date=date(1960, 1, 1))  # age 43
    assert Provision.MIP_30 in eligible(member)


def test_mip_30_with_universal_buy_in_needs_age_46():
    """RULES §3: at least age 46 if universal buy-in was purchased [003]."""
    member = with_yos(MIP_MEMBER, "30", birth_date=date(1960, 1, 1), universal_buy_in=True)
    result = status(member, Provision.MIP_30)
    assert not result.eligible
    assert result.eligible_from == date(2006, 1, 1)


def test_mip_30_needs_15_years_earned_in_mpsers():
    """RULES §3/§2: ≥ 15 YOS earned in MPSERS unless retiring under an age-60 provision."""
    member = replace(MIP_MEMBER, credited_yos=Decimal(30), earned_yos=Decimal(14))
    assert not status(member, Provision.MIP_30).eligible


def test_mip_60_with_10_counts_earned_years_only():
    """RULES §3 MIP 60 with 10 YOS earned: purchased service does not count."""
    member = replace(MIP_MEMBER, credited_yos=Decimal(12), earned_yos=Decimal(9),
                     retirement_effective_date=date(2005, 10, 1), active=True)
    assert not status(member, Provision.MIP_60_10).eligible


def test_mip_60_with_5_needs_service_in_each_of_the_last_five_school_years():
    """RULES §3 MIP 60 with 5 [003]."""
    member = with_yos(MIP_MEMBER, "5", retirement_effective_date=date(2005, 10, 1))
    assert Provision.MIP_60_5 in eligible(member)
    assert not status(replace(member, service_in_each_of_last_5_school_years=False), Provision.MIP_60_5).eligible


def test_basic_members_retire_at_55_with_30_years():
    """RULES §3 Basic 55 with 30 [003]."""
    assert Provision.BASIC_55_30 in eligible(with_yos(BASIC_MEMBER, "30"))


def test_basic_members_retire_at_60_with_10_years():
    """RULES §3 Basic 60 with 10 [003]."""
    member = with_yos(BASIC_MEMBER, "10", retirement_effective_date=date(2005, 10, 1))
    assert Provision.BASIC_60_10 in eligible(member)


def test_basic_members_are_not_offered_mip_provisions():
    """RULES §3: MIP provisions apply to MIP members only."""
    assert not {s.provision for s in evaluate(BASIC_MEMBER)} & {Provision.MIP_30, Provision.MIP_60_10}


def test_mpsers_deferred_member_with_30_years_at_termination_starts_at_46_in_mip():
    """RULES §3 MPSERS deferred: apply at 46 for MIP if 30 YOS at termination [003]."""
    member = with_yos(MIP_MEMBER, "30", active=False, birth_date=date(1957, 1, 1))  # 46 on 2003-01-01
    assert Provision.DEFERRED in eligible(member)


def test_mpsers_deferred_basic_member_with_30_years_waits_until_55():
    """RULES §3 MPSERS deferred: 55 for Basic if 30 YOS at termination [003]."""
    member = with_yos(BASIC_MEMBER, "30", active=False, birth_date=date(1950, 1, 1))  # 53
    assert status(member, Provision.DEFERRED).eligible_from == date(2005, 1, 1)


def test_mpsers_nonduty_disability_needs_application_within_12_months():
    """RULES §3 MPSERS nonduty disability: apply within 12 months after termination [003]."""
    member = with_yos(MIP_MEMBER, "12", retirement_type=RetirementType.NONDUTY_DISABILITY,
                      disability_applied_in_time=False)
    assert not status(member, Provision.NONDUTY_DISABILITY).eligible
