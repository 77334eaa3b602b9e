"""Which kinds of enrolment a member may start (insurance/rules/enrolment.py; RULES §10 "Enrolling after
retirement", §1 retiree healthcare plan; [002] step 3; [003] VI)."""

import pytest

from insurance.rules.effective_dates import Situation
from insurance.rules.enrolment import (
    DEFERRED_ENROL_LATER,
    ENROL_AT_RETIREMENT_LATER,
    NOT_A_PENSIONER,
    MemberStatus,
    situations_open,
)
from insurance.rules.subsidy import HealthcarePlan

PHF = HealthcarePlan.PERSONAL_HEALTHCARE_FUND
SUBSIDY = HealthcarePlan.PREMIUM_SUBSIDY


def open_for(status=MemberStatus.RETIRED, plan=SUBSIDY, red_known=True, submitted=False, running=False,
             left_fund=False):
    return situations_open(status=status, healthcare_plan=plan, retirement_effective_date_known=red_known,
                           has_submitted_enrolment=submitted, coverage_running=running,
                           left_personal_healthcare_fund=left_fund)


@pytest.mark.parametrize("red_known", [True, False])
def test_a_refunded_member_has_no_retiree_insurance(red_known):
    decision = open_for(status=MemberStatus.REFUNDED, red_known=red_known)
    assert decision.situations == () and decision.refusal == NOT_A_PENSIONER


def test_an_active_member_without_a_retirement_date_waits_for_the_application():
    decision = open_for(status=MemberStatus.ACTIVE, red_known=False)
    assert decision.situations == () and decision.refusal == ENROL_AT_RETIREMENT_LATER


def test_a_deferred_member_without_a_retirement_date_enrols_when_the_pension_begins():
    decision = open_for(status=MemberStatus.DEFERRED, red_known=False)
    assert decision.situations == () and decision.refusal == DEFERRED_ENROL_LATER


@pytest.mark.parametrize("status", [MemberStatus.ACTIVE, MemberStatus.DEFERRED, MemberStatus.RETIRED])
def test_a_member_whose_retirement_date_is_known_enrols_at_retirement(status):
    decision = open_for(status=status, red_known=True)
    assert decision.situations == (Situation.AT_RETIREMENT,) and decision.refusal == ""


def test_after_the_first_enrolment_an_active_member_cannot_start_another():
    assert open_for(status=MemberStatus.ACTIVE, submitted=True).refusal == ENROL_AT_RETIREMENT_LATER


def test_a_retiree_with_coverage_running_may_change_plans_or_report_an_event():
    decision = open_for(submitted=True, running=True)
    assert decision.situations == (Situation.PLAN_CHANGE, Situation.QUALIFYING_EVENT)


def test_a_retiree_without_coverage_may_enrol_voluntarily_after_an_event_or_after_losing_medicare():
    decision = open_for(submitted=True, running=False)
    assert decision.situations == (Situation.VOLUNTARY, Situation.QUALIFYING_EVENT, Situation.MEDICARE_REENROLL)


def test_a_retiree_who_never_enrolled_and_has_no_retirement_date_may_enrol_voluntarily():
    assert Situation.VOLUNTARY in open_for(red_known=False)


def test_the_personal_healthcare_fund_allows_enrolment_at_retirement():
    assert open_for(plan=PHF).situations == (Situation.AT_RETIREMENT,)


def test_the_personal_healthcare_fund_allows_no_enrolment_after_retirement():
    decision = open_for(plan=PHF, red_known=False)
    assert decision.situations == () and "only immediately at retirement" in decision.refusal


def test_the_personal_healthcare_fund_allows_no_re_enrolment_after_coverage_ended():
    decision = open_for(plan=PHF, submitted=True, running=False)
    assert decision.situations == () and "no one can re-enrol" in decision.refusal


def test_the_personal_healthcare_fund_allows_no_enrolment_after_leaving_the_plan():
    assert "no one can re-enrol" in open_for(plan=PHF, left_fund=True).refusal


def test_the_personal_healthcare_fund_still_allows_changes_while_coverage_runs():
    assert open_for(plan=PHF, submitted=True, running=True).situations == (Situation.PLAN_CHANGE,
                                                                           Situation.QUALIFYING_EVENT)


def test_an_open_situation_is_found_with_in():
    decision = open_for(submitted=True, running=True)
    assert Situation.PLAN_CHANGE in decision and Situation.VOLUNTARY not in decision
