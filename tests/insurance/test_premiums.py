"""Premiums by fiscal year, tier and Medicare; the subsidy from the rules (catalogue data where the rules leave it
open); the member's share as a pension deduction, or a monthly bill when the pension is smaller (RULES §10, §1)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Member
from insurance import selectors
from insurance.models import InsuranceProfile
from insurance.rules.subsidy import PremiumCollection, sers_graded_subsidy_percent
from tests.factories import ClaimedMemberFactory
from tests.insurance.factories import (
    DependentFactory,
    PlanFactory,
    PremiumRateFactory,
    SubsidyRuleFactory,
    enrol_at_retirement,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)  # fiscal year 2027


@pytest.fixture
def plan(db):
    plan = PlanFactory(name="Statewide PPO")
    for year, premium in ((2026, "550.00"), (2027, "600.00")):
        PremiumRateFactory(plan=plan, fiscal_year=year, tier="ONE_PERSON", medicare="NONE", monthly_premium=premium)
    PremiumRateFactory(plan=plan, fiscal_year=2027, tier="TWO_PEOPLE", medicare="SOME", monthly_premium="900.00")
    return plan


def retiree_with(plan, *, yos="20", pension="1500.00", system="SERS", dependents=(), **member_fields):
    member = ClaimedMemberFactory(status=Member.Status.RETIRED, system=system, **member_fields)
    for make in dependents:
        make(member)
    enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1),
                        dependents=list(member.dependents.all()), plans={"health_plan": plan},
                        received=datetime.date(2019, 11, 1))
    InsuranceProfile.objects.filter(member=member).update(
        years_of_service=Decimal(yos) if yos else None, monthly_pension=Decimal(pension) if pension else None)
    return member


def test_a_sers_retiree_pays_the_premium_less_the_graded_subsidy_from_the_pension(plan):
    SubsidyRuleFactory(system="SERS")
    member = retiree_with(plan, yos="20")
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert summary.fiscal_year == 2027 and summary.total_premium == Decimal("600.00")
    assert summary.subsidy_percent == sers_graded_subsidy_percent(Decimal(20)) == Decimal(60)
    assert summary.member_share == Decimal("240.00")
    assert summary.collection == PremiumCollection(Decimal("240.00"), Decimal("240.00"), Decimal("0.00"))


def test_a_pension_smaller_than_the_share_leaves_a_monthly_bill(client, plan):
    member = retiree_with(plan, yos="10", pension="300.00")  # 30% subsidy: share 420.00
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert summary.collection == PremiumCollection(Decimal("420.00"), Decimal("300.00"), Decimal("120.00"))
    client.force_login(member.user)
    body = client.get(reverse("insurance:overview")).content.decode()
    assert "Deducted from your pension</dt><dd class=\"col-sm-7\">$300.00" in body
    assert "Billed to you monthly</dt><dd class=\"col-sm-7\">$120.00" in body


@pytest.mark.parametrize(("day", "premium"), [(datetime.date(2026, 9, 30), "550.00"),
                                              (datetime.date(2026, 10, 1), "600.00")])
def test_the_new_fiscal_years_rates_apply_from_october_first(plan, day, premium):
    member = retiree_with(plan)
    assert selectors.coverage_summary_for_member(member=member, on=day).total_premium == Decimal(premium)


def test_the_rate_follows_the_tier_and_the_medicare_mix_of_the_people_covered(plan):
    member = retiree_with(plan, dependents=[lambda m: DependentFactory(
        member=m, medicare_part_a=datetime.date(2031, 2, 1), medicare_part_b=datetime.date(2031, 2, 1))])
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert (summary.tier, summary.medicare_mix) == ("Two people", "Some with Medicare")
    assert summary.total_premium == Decimal("900.00")


def test_the_personal_healthcare_fund_pays_the_full_premium(plan):
    member = retiree_with(plan, yos="30", healthcare_plan=Member.HealthcarePlan.PERSONAL_HEALTHCARE_FUND)
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert summary.subsidy_percent == Decimal(0) and summary.member_share == Decimal("600.00")


def test_an_mpsers_retirees_subsidy_is_the_catalogues(plan):
    SubsidyRuleFactory(system="MPSERS", mpsers_member_percent=Decimal(80))
    member = retiree_with(plan, system="MPSERS", benefit_structure=Member.Structure.MIP_FIXED)
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert summary.subsidy_percent == Decimal(80) and summary.member_share == Decimal("120.00")


def test_without_final_service_the_share_is_not_guessed(plan):
    member = retiree_with(plan, yos=None)
    summary = selectors.coverage_summary_for_member(member=member, on=DAY)
    assert summary.total_premium == Decimal("600.00") and summary.subsidy_percent is None
    assert summary.member_share is None and summary.collection is None


def test_an_unpublished_rate_is_said_plainly(plan):
    member = retiree_with(plan)
    summary = selectors.coverage_summary_for_member(member=member, on=datetime.date(2027, 10, 1))  # FY 2028
    assert summary.total_premium is None and summary.costs[0].rate is None
