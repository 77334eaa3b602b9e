"""Step 2 through the insurance catalogue and rules (RULES §10): the coverage date and the member's monthly share,
worked out for the RED, the people covered now offered again, and only the member's own dependents."""

import datetime
from decimal import Decimal

import pytest

from applications import services, steps
from applications.selectors import insurance_offer
from tests.applications.factories import TODAY, retiring_member, started
from tests.insurance.factories import (
    DependentFactory,
    InsuranceProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_enrolling_records_the_coverage_date_and_the_members_share_for_the_red(plan):
    application = started(retiring_member(married=True))
    member = application.member
    InsuranceProfileFactory(member=member, years_of_service=Decimal("12.0000"))  # the subsidy is graded by service
    spouse = DependentFactory(member=member)
    saved = services.save_insurance(member=member, application=application, decision="ENROL",
                                    plans={"health_plan": plan}, dependents=[spouse], actor=member.user, today=TODAY)
    assert saved.insurance_coverage_begins == datetime.date(2027, 4, 1)  # everything in before the RED
    assert saved.insurance_red == saved.retirement_effective_date
    assert saved.insurance_member_share is not None and saved.insurance_member_share < Decimal("600.00")
    assert list(saved.insurance_dependents.all()) == [spouse]
    assert {s.key: s.state for s in steps.steps_of(saved)}["insurance"] is steps.StepState.COMPLETED


def test_another_members_dependent_cannot_be_covered(plan):
    application = started(retiring_member())
    stranger = DependentFactory(member=retiring_member())
    with pytest.raises(services.ApplicationError) as refused:
        services.save_insurance(member=application.member, application=application, decision="ENROL",
                                plans={"health_plan": plan}, dependents=[stranger], actor=application.member.user,
                                today=TODAY)
    assert refused.value.message == services.DEPENDENT_NOT_YOURS


def test_the_step_offers_the_members_dependents_only(plan):
    member = retiring_member()
    mine = DependentFactory(member=member)
    DependentFactory(member=retiring_member())
    offer = insurance_offer(member=member, on=datetime.date(2027, 4, 1))
    assert offer.dependents == [mine]
    assert plan in offer.plans_by_line["health_plan"]


def test_without_final_service_credit_the_share_is_not_known_yet_and_the_step_still_completes(plan):
    application = started(retiring_member())
    member = application.member
    saved = services.save_insurance(member=member, application=application, decision="ENROL",
                                    plans={"health_plan": plan}, dependents=[], actor=member.user, today=TODAY)
    assert saved.insurance_member_share is None  # the page says "Not known yet"
    assert {s.key: s.state for s in steps.steps_of(saved)}["insurance"] is steps.StepState.COMPLETED
