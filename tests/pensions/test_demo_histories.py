"""Demo histories (pensions.demo): 5–40 years for every member, the right payroll cycles, credited by the engine,
written once."""

from decimal import Decimal

import pytest

from accounts.models import Member
from pensions import demo, facts
from pensions.engine.dates import fiscal_year_end
from pensions.engine.service import RULES_BY_SYSTEM, PayCycle, PayPeriod, credited_service
from pensions.models import (
    BeneficiaryDesignation,
    ContributionYear,
    PayPeriodReport,
    Relationship,
    SavedEstimate,
)

pytestmark = pytest.mark.django_db



def test_every_demo_member_has_five_to_forty_years_of_history(seeded):
    for member in seeded:
        periods = PayPeriodReport.objects.filter(member=member).order_by("period_end")
        first, last = periods.first(), periods.last()
        years = (last.period_end - first.period_start).days / 365.25
        assert 5 <= years <= 40.1, (member.member_id, years)


def test_state_employees_are_paid_biweekly_and_school_employees_on_school_payrolls(seeded):
    cycles = {m.member_id: set(PayPeriodReport.objects.filter(member=m).values_list("pay_cycle", flat=True))
              for m in seeded}
    assert all(cycles[m.member_id] == {"BIWEEKLY"} for m in seeded if m.system == "SERS")
    assert cycles["20000004"] == {"SEMIMONTHLY"} and cycles["20000001"] == {"BIWEEKLY"}
    summer = PayPeriodReport.objects.filter(member__member_id="20000001", period_end__month=7).first()
    assert summer.regular_hours == 0 and summer.gross_wages > 0  # summer pay without hours


def test_the_ledger_of_each_member_equals_the_engines_credited_service(seeded):
    for member in seeded:
        periods = list(PayPeriodReport.objects.filter(member=member))
        engine = credited_service([PayPeriod(p.period_start, p.period_end, PayCycle(p.pay_cycle), p.regular_hours)
                                   for p in periods], facts.system_of(member))
        per_year = Decimal(2080) if member.system == "SERS" else Decimal(1020)
        assert sum(p.credited_hours for p in periods) / per_year == engine.yos


def test_contribution_years_follow_the_pay_and_a_dc_member_contributes_nothing(seeded):
    margaret = ContributionYear.objects.filter(member__member_id="10000001", fiscal_year=2020).get()
    assert margaret.member_contributions == (margaret.wages * Decimal("0.04")).quantize(Decimal("0.01"))  # RULES §8
    assert not ContributionYear.objects.filter(member__member_id="10000008", member_contributions__gt=0).exists()


def test_seeding_again_adds_nothing(seeded):
    before = PayPeriodReport.objects.count(), ContributionYear.objects.count()
    assert demo.seed_histories() == 0
    assert (PayPeriodReport.objects.count(), ContributionYear.objects.count()) == before


def test_claimed_demo_members_have_refund_beneficiaries_sharing_100_percent(seeded):
    for member in seeded.filter(user__isnull=False):
        refund = member.designations.get(kind=BeneficiaryDesignation.Kind.REFUND, superseded_at=None)
        assert sum(b.share for b in refund.beneficiaries.all()) == 100


def test_married_active_demo_members_name_their_spouse_as_survivor(seeded):
    married = seeded.filter(user__isnull=False, status=Member.Status.ACTIVE,
                            marital_status=Member.MaritalStatus.MARRIED)
    assert married.exists()
    for member in married:
        survivor = member.designations.get(kind=BeneficiaryDesignation.Kind.SURVIVOR, superseded_at=None)
        assert [b.relationship for b in survivor.beneficiaries.all()] == [Relationship.SPOUSE]


def test_active_demo_members_have_a_saved_estimate_from_the_engine(seeded):
    estimates = SavedEstimate.objects.filter(member__status=Member.Status.ACTIVE)
    assert estimates.exists()
    assert all(estimate.result["fac"] for estimate in estimates)


def test_seeding_designations_again_adds_nothing(seeded):
    before = BeneficiaryDesignation.objects.count(), SavedEstimate.objects.count()
    assert demo.seed_beneficiaries_and_estimates() == 0
    assert (BeneficiaryDesignation.objects.count(), SavedEstimate.objects.count()) == before


def test_the_demo_credits_no_interest_for_the_fiscal_year_still_running(seeded):
    running = []
    for member in seeded:
        first_month = RULES_BY_SYSTEM[facts.system_of(member)].fiscal_year_first_month
        running += [year for year in ContributionYear.objects.filter(member=member)
                    if fiscal_year_end(year.fiscal_year, first_month) >= demo.AS_OF]
    assert running  # the active members' current year
    assert all(year.interest_credited == 0 and year.interest_rate == 0 for year in running)
