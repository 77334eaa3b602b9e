"""The insurance pages issue a fixed number of queries whatever the member's history (ARCHITECTURE.md budgets):
pinned exactly, and the same with many more dependents, proofs, enrolments and beneficiaries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Member
from insurance import services
from insurance.models import PlanKind
from tests.factories import ClaimedMemberFactory, MailingAddressFactory
from tests.insurance.factories import (
    ChildFactory,
    DependentFactory,
    EnrolmentFactory,
    InsuranceProfileFactory,
    LifeBeneficiaryFactory,
    PlanFactory,
    PremiumRateFactory,
    ProofFactory,
    SubsidyRuleFactory,
    enrol_at_retirement,
)

pytestmark = pytest.mark.django_db

# The user with their member, its employer and their inbox (accounts.auth), the page's own reads, then the session
# save (savepoint, update, release): four queries are the frame of every member page.
EXPECTED_QUERIES = {
    "overview": 15, "plans": 7, "medicare": 5, "enrol": 11, "dependent_add": 4, "cancel": 5, "verification": 5,
    "life": 8, "life_beneficiary_add": 4, "dependent": 8, "dependent_edit": 6, "dependent_medicare": 6,
    "dependent_remove": 7, "dependent_divorce": 6, "enrolment": 8, "enrolment_confirm": 16, "enrolment_withdraw": 8,
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


@pytest.fixture
def retiree(db):
    member = ClaimedMemberFactory(status=Member.Status.RETIRED)
    MailingAddressFactory(member=member)
    SubsidyRuleFactory(system="SERS")
    plans = {"health_plan": PlanFactory(kind=PlanKind.HEALTH_PPO), "dental_plan": PlanFactory(kind=PlanKind.DENTAL)}
    for plan in plans.values():
        PremiumRateFactory(plan=plan, tier="TWO_PEOPLE", medicare="NONE")
    InsuranceProfileFactory(member=member, years_of_service=25, monthly_pension=1800,
                            active_life_coverage=40000, meets_regular_age_and_service=True)
    spouse = DependentFactory(member=member)
    ProofFactory(member=member, dependent=spouse)
    enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1), dependents=[spouse],
                        plans=plans, received=datetime.date(2019, 11, 1))
    draft = EnrolmentFactory(member=member, situation="PLAN_CHANGE", health_plan=plans["health_plan"])
    draft.covered.create(dependent=spouse)
    LifeBeneficiaryFactory(member=member)
    return member


def urls(member):
    spouse = member.dependents.order_by("pk").first()
    draft = member.insurance_enrolments.filter(status="DRAFT").first()
    submitted = member.insurance_enrolments.filter(status="SUBMITTED").first()
    plain = {name: reverse(f"insurance:{name}") for name in (
        "overview", "plans", "medicare", "enrol", "dependent_add", "cancel", "verification", "life",
        "life_beneficiary_add")}
    owned = {name: reverse(f"insurance:{name}", args=[spouse.pk]) for name in (
        "dependent", "dependent_edit", "dependent_medicare", "dependent_remove", "dependent_divorce")}
    return {**plain, **owned, "enrolment": reverse("insurance:enrolment", args=[submitted.pk]),
            "enrolment_confirm": reverse("insurance:enrolment_confirm", args=[draft.pk]),
            "enrolment_withdraw": reverse("insurance:enrolment_withdraw", args=[submitted.pk])}


def grow(member):
    """Decades more history: dependents with proofs, past enrolments, more plans and rates, beneficiaries."""
    spouse = member.dependents.order_by("pk").first()
    for n in range(12):
        child = ChildFactory(member=member, birth_date=datetime.date(1990 + n, 3, 1))
        ProofFactory(member=member, dependent=child, kind="CHILD_BIRTH_CERTIFICATE")
        ProofFactory(member=member, dependent=spouse, kind="SPOUSE_BIRTH_CERTIFICATE")
        plan = PlanFactory(kind=PlanKind.VISION)
        PremiumRateFactory(plan=plan, fiscal_year=2027)
        PremiumRateFactory(plan=plan, fiscal_year=2028)
        EnrolmentFactory(member=member, health_plan=plan if n % 2 else None, dental_plan=plan)
        LifeBeneficiaryFactory(member=member, share_percent=1)
    services.run_other_coverage_verification(today=datetime.date(2026, 11, 23))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", sorted(EXPECTED_QUERIES))
def test_the_page_issues_its_pinned_number_of_queries(client, retiree, page, django_assert_num_queries):
    client.force_login(retiree.user)
    url = urls(retiree)[page]
    client.get(url)  # warm the session
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        client.get(url)


@pytest.mark.parametrize("page", sorted(EXPECTED_QUERIES))
def test_the_page_costs_the_same_with_a_long_history(client, retiree, page, django_assert_max_num_queries):
    client.force_login(retiree.user)
    url = urls(retiree)[page]
    client.get(url)
    few = queries_for(client, url)
    grow(retiree)
    with django_assert_max_num_queries(few):
        client.get(url)
