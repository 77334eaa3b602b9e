"""The demo data agrees with itself (issue 15 item 13): a married member's spouse is the same person on their
insurance, as their survivor beneficiary and as the beneficiary of their saved estimate; single members have no
spouse anywhere; saved estimates are for dates still to come; a retiree's dashboard has a pension to show."""

import datetime

import pytest
from django.utils import timezone

from accounts.demo_people import PLANNED_RETIREMENT, SPOUSES
from accounts.models import Member
from applications.pension_paid import retiree_pension_for_member
from insurance.models import Dependent, InsuranceProfile, Relation
from pensions.models import Beneficiary, BeneficiaryDesignation, Relationship, SavedEstimate
from pensions.selectors import standing_for_member

pytestmark = pytest.mark.django_db


def _survivors(member):
    return [b.name for b in Beneficiary.objects.filter(
        designation__member=member, designation__kind=BeneficiaryDesignation.Kind.SURVIVOR,
        designation__superseded_at=None)]


def test_a_demo_member_is_married_exactly_when_their_story_has_a_spouse(seeded):
    for member in seeded:
        married = member.marital_status == Member.MaritalStatus.MARRIED
        assert married is (member.member_id in SPOUSES), member.member_id


def test_the_spouse_on_insurance_is_the_spouse_of_the_story(seeded):
    spouses = Dependent.objects.filter(relation=Relation.SPOUSE).select_related("member")
    assert spouses.exists()
    for dependent in spouses:
        spouse = SPOUSES[dependent.member.member_id]
        assert (dependent.full_name, dependent.birth_date) == (spouse.full_name, spouse.birth_date)


def test_the_survivor_beneficiary_is_the_spouse_and_only_a_married_member_names_one(seeded):
    named = 0
    for member in seeded:
        survivors = _survivors(member)
        if member.member_id not in SPOUSES:
            assert survivors == [], member.member_id
            continue
        assert survivors in ([], [SPOUSES[member.member_id].full_name]), member.member_id
        named += bool(survivors)
    assert named
    assert not Beneficiary.objects.filter(relationship=Relationship.SPOUSE).exclude(
        designation__member__member_id__in=SPOUSES).exists()


def test_the_retiree_has_named_her_husband_the_one_on_her_insurance(seeded):
    dorothy = seeded.get(member_id="10000009")
    assert dorothy.status == Member.Status.RETIRED
    spouse = Dependent.objects.get(member=dorothy, relation=Relation.SPOUSE)
    assert _survivors(dorothy) == [spouse.full_name]
    assert InsuranceProfile.objects.get(member=dorothy).monthly_pension is not None


def test_saved_estimates_are_for_retirement_dates_still_to_come(seeded):
    today = timezone.localdate()
    estimates = SavedEstimate.objects.all()
    assert estimates.exists()
    for estimate in estimates:
        assert datetime.date.fromisoformat(estimate.inputs["retirement_effective_date"]) > today


def test_a_member_planning_retirement_estimates_the_date_on_her_insurance_profile(seeded):
    for member_id, red in PLANNED_RETIREMENT.items():
        estimate = SavedEstimate.objects.get(member__member_id=member_id)
        assert estimate.inputs["retirement_effective_date"] == red.isoformat()
        assert InsuranceProfile.objects.get(member__member_id=member_id).retirement_effective_date == red


def test_a_married_members_estimate_uses_the_spouses_birth_date(seeded):
    for estimate in SavedEstimate.objects.select_related("member"):
        spouse = SPOUSES.get(estimate.member.member_id)
        if spouse is not None:
            assert estimate.inputs["beneficiary_birth_date"] == spouse.birth_date.isoformat()


def test_the_retirees_service_is_her_records_and_her_pension_is_left_with_money_after_insurance(seeded):
    dorothy = seeded.get(member_id="10000009")
    profile = InsuranceProfile.objects.get(member=dorothy)
    assert profile.years_of_service == standing_for_member(member=dorothy).outlook.credited_yos
    pension = retiree_pension_for_member(member=dorothy, today=timezone.localdate())
    assert pension.insured and pension.insurance_billed == 0
    assert pension.after_insurance > 0  # her card once showed $0.00: a share larger than the pension
