"""A change of plans never drops coverage silently (issue 15 item 1): the form starts from what the member has, the
confirm page shows now beside new with the monthly premium share of each and names what would end and when, and a
submitted request can be withdrawn until it begins."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEntry, OutboundEmail
from insurance import selectors, services
from insurance.models import Enrolment, PlanKind
from insurance.rules import subsidy as subsidy_rules
from insurance.rules.effective_dates import Situation, coverage_effective_date
from tests.factories import ClaimedMemberFactory
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

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
BEGINS = coverage_effective_date(situation=Situation.PLAN_CHANGE, medicare=False, documents_received=TODAY
                                 ).coverage_begins


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


@pytest.fixture
def plans():
    return {"health_plan": PlanFactory(name="Blue PPO", kind=PlanKind.HEALTH_PPO),
            "prescription_plan": PlanFactory(name="Drug Plan", kind=PlanKind.PRESCRIPTION),
            "dental_plan": PlanFactory(name="Delta Dental", kind=PlanKind.DENTAL),
            "vision_plan": PlanFactory(name="Eye Plan", kind=PlanKind.VISION)}


@pytest.fixture
def family(retiree):
    """A spouse and a disabled adult daughter, every proof they need uploaded."""
    people = [DependentFactory(member=retiree, first_name="Sam", last_name="Lee"),
              ChildFactory(member=retiree, first_name="Dana", last_name="Lee", birth_date=datetime.date(1990, 1, 1),
                           disabled=True, dependent_for_support=True)]
    for person in people:
        for kind in selectors.required_proof_kinds(member=retiree, dependent=person, on=TODAY):
            ProofFactory(member=retiree, dependent=person, kind=kind)
    return people


@pytest.fixture
def covered(retiree, plans, family):
    SubsidyRuleFactory(system="SERS")
    InsuranceProfileFactory(member=retiree, years_of_service=25)
    for plan in plans.values():
        PremiumRateFactory(plan=plan, fiscal_year=2027, tier="FAMILY", monthly_premium=Decimal("100.00"))
    return enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1), dependents=family,
                               plans=plans, received=datetime.date(2019, 11, 1))


def change(retiree, *, plans, dependents):
    return services.start_enrolment(member=retiree, actor=retiree.user, situation="PLAN_CHANGE",
                                    dependents=dependents, plans=plans)


def test_the_change_form_opens_with_the_plans_and_people_the_member_has(retiree_client, plans, family, covered):
    form = retiree_client.get(reverse("insurance:enrol")).context["form"]
    assert form["health_plan"].value() == plans["health_plan"].pk
    assert form["dental_plan"].value() == plans["dental_plan"].pk
    assert form["vision_plan"].value() == plans["vision_plan"].pk
    assert sorted(form["dependents"].value()) == sorted(d.pk for d in family)
    assert form["situation"].value() == "PLAN_CHANGE"


def test_a_dependent_already_leaving_is_not_ticked_on_the_change_form(retiree, plans, family, covered):
    services.remove_dependent(member=retiree, dependent=family[1], actor=retiree.user,
                              shown_ends_on=datetime.date(2026, 11, 30))
    choices = selectors.current_choices_for_member(member=retiree, on=TODAY)
    assert choices["dependents"] == [family[0].pk]


def test_the_change_form_is_empty_for_a_member_with_no_coverage(retiree):
    assert selectors.current_choices_for_member(member=retiree, on=TODAY) == {}


def test_changing_only_the_health_plan_keeps_everything_else(retiree, plans, family, covered):
    hmo = PlanFactory(name="Other PPO", kind=PlanKind.HEALTH_PPO)
    draft = change(retiree, plans={**plans, "health_plan": hmo}, dependents=family)
    comparison = selectors.change_comparison(member=retiree, enrolment=draft, begins=BEGINS)
    assert comparison.ending_plans == [plans["health_plan"]]
    assert comparison.ending_people == [] and comparison.replaced == []
    assert comparison.current_people == comparison.new_people


def test_the_confirm_page_names_every_plan_and_person_that_would_end_and_the_day(retiree, retiree_client, plans,
                                                                                  family, covered):
    draft = change(retiree, plans={**plans, "prescription_plan": None, "dental_plan": None, "vision_plan": None},
                   dependents=[])
    body = retiree_client.get(reverse("insurance:enrolment_confirm", args=[draft.pk])).content.decode()
    ends = body[body.index("What would end"):]
    last_day = BEGINS - datetime.timedelta(days=1)
    assert f"{last_day:%A, %B} {last_day.day}, {last_day.year}" in ends
    for name in ("Drug Plan", "Delta Dental", "Eye Plan", "Coverage for Sam Lee", "Coverage for Dana Lee"):
        assert name in ends
    assert "Blue PPO" not in ends


def test_the_confirm_page_says_when_nothing_ends(retiree, retiree_client, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    body = retiree_client.get(reverse("insurance:enrolment_confirm", args=[draft.pk])).content.decode()
    assert "Nothing you have now ends" in body


def test_the_comparison_prices_now_and_new_with_the_member_share_from_the_rules(retiree, plans, family, covered):
    PremiumRateFactory(plan=plans["health_plan"], fiscal_year=2027, tier="ONE_PERSON", monthly_premium=Decimal("90"))
    draft = change(retiree, plans={**plans, "prescription_plan": None, "dental_plan": None, "vision_plan": None},
                   dependents=[])
    comparison = selectors.change_comparison(member=retiree, enrolment=draft, begins=BEGINS)
    assert comparison.current.total_premium == Decimal("400.00")
    assert comparison.new.total_premium == Decimal("90")
    percent = comparison.new.subsidy_percent
    assert percent is not None
    assert comparison.new.member_share == subsidy_rules.member_premium_share(premium=Decimal("90"),
                                                                             subsidy_percent=percent)
    assert comparison.current.member_share == subsidy_rules.member_premium_share(premium=Decimal("400.00"),
                                                                                 subsidy_percent=percent)
    assert (comparison.current.tier, comparison.new.tier) == ("Three or more people", "Retiree only")


def test_the_confirm_page_shows_both_monthly_shares(retiree, retiree_client, plans, family, covered):
    PremiumRateFactory(plan=plans["health_plan"], fiscal_year=2027, tier="ONE_PERSON", monthly_premium=Decimal("90"))
    draft = change(retiree, plans={**plans, "prescription_plan": None, "dental_plan": None, "vision_plan": None},
                   dependents=[])
    response = retiree_client.get(reverse("insurance:enrolment_confirm", args=[draft.pk]))
    comparison = response.context["comparison"]
    body = response.content.decode()
    assert f"${comparison.current.member_share:,.2f}" in body
    assert f"${comparison.new.member_share:,.2f}" in body


def test_submitting_a_change_ends_the_earlier_coverage_the_day_before_it_begins(retiree, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    covered.refresh_from_db()
    assert covered.ends_on == BEGINS - datetime.timedelta(days=1)


def test_withdrawing_a_request_restores_the_coverage_it_replaced(retiree, plans, family, covered):
    draft = change(retiree, plans={**plans, "dental_plan": None}, dependents=[])
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    services.withdraw_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user)
    draft.refresh_from_db()
    covered.refresh_from_db()
    assert draft.status == Enrolment.Status.WITHDRAWN
    assert (covered.ends_on, covered.end_reason) == (None, "")
    summary = selectors.coverage_summary_for_member(member=retiree, on=BEGINS)
    assert summary.enrolment == covered and len(summary.people) == 3


def test_withdrawing_is_audited_and_noticed_once(retiree, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    services.withdraw_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user)
    assert AuditEntry.objects.filter(member=retiree, action="insurance.enrolment.withdrawn").count() == 1
    notice = OutboundEmail.objects.get(dedupe_key=f"insurance:enrolment-withdrawn:{draft.pk}")
    assert "withdrew your insurance request" in notice.body


def test_a_request_that_has_begun_cannot_be_withdrawn(retiree, covered):
    with pytest.raises(services.InsuranceError) as refused:
        services.withdraw_enrolment(member=retiree, enrolment_id=covered.pk, actor=retiree.user)
    assert refused.value.message == services.NOT_WITHDRAWABLE
    covered.refresh_from_db()
    assert covered.status == Enrolment.Status.SUBMITTED


def test_a_withdrawn_request_cannot_be_withdrawn_again(retiree, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    services.withdraw_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user)
    with pytest.raises(services.InsuranceError):
        services.withdraw_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user)
    assert AuditEntry.objects.filter(action="insurance.enrolment.withdrawn").count() == 1


def test_the_member_withdraws_a_request_from_its_page(retiree, retiree_client, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    url = reverse("insurance:enrolment_withdraw", args=[draft.pk])
    assert url in retiree_client.get(reverse("insurance:enrolment", args=[draft.pk])).content.decode()
    response = retiree_client.post(url, {"confirmed": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Enrolment.Status.WITHDRAWN


def test_withdrawing_without_ticking_changes_nothing(retiree, retiree_client, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    response = retiree_client.post(reverse("insurance:enrolment_withdraw", args=[draft.pk]), {})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Enrolment.Status.SUBMITTED


def test_another_members_request_cannot_be_withdrawn(client, retiree, plans, family, covered):
    draft = change(retiree, plans=plans, dependents=family)
    services.submit_enrolment(member=retiree, enrolment_id=draft.pk, actor=retiree.user, shown_coverage_begins=BEGINS)
    client.force_login(ClaimedMemberFactory().user)
    assert client.post(reverse("insurance:enrolment_withdraw", args=[draft.pk]), {"confirmed": "on"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Enrolment.Status.SUBMITTED
