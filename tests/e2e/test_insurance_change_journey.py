"""A retiree changes one plan in the browser and sees that nothing else is dropped, then withdraws the request
(issue 15 item 1). Every page visited passes check_page (axe-core WCAG 2.1 A/AA, no CSP violation, no console
error, a visible sign-out control) at 1280 and 390 px, and never scrolls sideways (issue 15 item 10)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Member
from insurance import selectors
from insurance.models import Enrolment, PlanKind, ServiceArea
from insurance.rules import catalogue as catalogue_rules
from tests.e2e.conftest import submit
from tests.e2e.pagewalk import check_page_at_every_width
from tests.e2e.test_insurance_journey import sign_in
from tests.factories import ClaimedMemberFactory, MailingAddressFactory
from tests.insurance.factories import (
    ChildFactory,
    DependentFactory,
    InsuranceProfileFactory,
    PlanFactory,
    PremiumRateFactory,
    ProofFactory,
    SubsidyRuleFactory,
    enrol_at_retirement,
)

pytestmark = pytest.mark.e2e


def test_a_retiree_changes_one_plan_keeps_everything_else_then_withdraws_the_request(page, transactional_db):
    today = timezone.localdate()
    member = ClaimedMemberFactory(first_name="Lena", user__email="lena.change@example.org",
                                  status=Member.Status.RETIRED)
    MailingAddressFactory(member=member)
    SubsidyRuleFactory(system="SERS")
    InsuranceProfileFactory(member=member, years_of_service=25)
    plans = {"health_plan": PlanFactory(name="Blue Preferred PPO", kind=PlanKind.HEALTH_PPO),
             "prescription_plan": PlanFactory(name="Retiree Drug Plan", kind=PlanKind.PRESCRIPTION),
             "dental_plan": PlanFactory(name="Delta Dental Plan", kind=PlanKind.DENTAL),
             "vision_plan": PlanFactory(name="Clear Vision Plan", kind=PlanKind.VISION)}
    other = PlanFactory(name="Statewide Choice PPO", kind=PlanKind.HEALTH_PPO, service_area=ServiceArea.NATIONWIDE)
    for plan in [*plans.values(), other]:
        for year in (catalogue_rules.fiscal_year(today), catalogue_rules.fiscal_year(today) + 1):
            PremiumRateFactory(plan=plan, fiscal_year=year, tier="FAMILY", monthly_premium=Decimal("150.00"))
    family = [DependentFactory(member=member, first_name="Morgan", last_name="Vale"),
              ChildFactory(member=member, first_name="Iris", last_name="Vale", birth_date=datetime.date(1992, 5, 1),
                           disabled=True, dependent_for_support=True)]
    for person in family:
        for kind in selectors.required_proof_kinds(member=member, dependent=person, on=today):
            ProofFactory(member=member, dependent=person, kind=kind)
    before = enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1), dependents=family,
                                 plans=plans, received=datetime.date(2019, 11, 1))

    sign_in(page, member.user, "/insurance/")
    check_page_at_every_width(page, signed_in=True)
    page.get_by_role("link", name="Enrol or change your coverage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrol or change your coverage")
    check_page_at_every_width(page, signed_in=True)
    # The form starts from what she has: every plan chosen and both people ticked.
    expect(page.get_by_label("Changing plans or who is covered")).to_be_checked()
    for label, plan in (("Prescription drug plan", "prescription_plan"), ("Dental plan", "dental_plan"),
                        ("Vision plan", "vision_plan"), ("Health plan", "health_plan")):
        expect(page.get_by_label(label)).to_have_value(str(plans[plan].pk))
    for person in family:
        expect(page.get_by_label(re.compile(person.full_name))).to_be_checked()
    page.get_by_label("Health plan").select_option(label=f"Statewide Choice PPO — {other.carrier.name}")
    submit(page, "Continue")

    expect(page.get_by_text("Every proof is in.")).to_be_visible()
    check_page_at_every_width(page, signed_in=True)
    page.get_by_role("link", name="See when coverage begins, then submit").click()
    compare = page.get_by_role("region", name="What you have now, and what you would have")
    table = compare.get_by_role("table")
    expect(table).to_contain_text("Blue Preferred PPO")
    expect(table).to_contain_text("Statewide Choice PPO")
    expect(table.get_by_role("row", name=re.compile("Who is covered"))).to_contain_text("Morgan Vale, Iris Vale")
    expect(table.get_by_role("row", name=re.compile("Your monthly share"))).to_contain_text("$")
    ending = compare.locator(".alert-warning")
    expect(ending.get_by_role("listitem")).to_have_count(1)
    expect(ending).to_contain_text("Blue Preferred PPO")
    for kept in ("Retiree Drug Plan", "Delta Dental Plan", "Clear Vision Plan", "Morgan", "Iris"):
        expect(ending).not_to_contain_text(kept)
    check_page_at_every_width(page, signed_in=True)

    page.get_by_label(re.compile("I have read that my coverage begins on")).check()
    submit(page, "Submit my request")
    expect(page.get_by_role("status")).to_contain_text("Your request is submitted.")
    check_page_at_every_width(page, signed_in=True)

    page.get_by_role("link", name="withdraw this request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your request")
    check_page_at_every_width(page, signed_in=True)
    page.get_by_label("Withdraw this request and keep the coverage I have now").check()
    submit(page, "Withdraw the request")
    expect(page.get_by_role("status")).to_contain_text("Your request is withdrawn")
    check_page_at_every_width(page, signed_in=True)

    change = Enrolment.objects.get(member=member, situation="PLAN_CHANGE")
    before.refresh_from_db()
    assert change.status == Enrolment.Status.WITHDRAWN
    assert before.ends_on is None and before.plans() == list(plans.values())
    assert sorted(row.dependent_id for row in before.covered.all()) == sorted(p.pk for p in family)
