"""Cancellations and removals: coverage ends on the date the rules give, shown before the member confirms; a divorce
ends the former spouse's coverage at the end of that month (RULES §10; [002] step 3)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry, Member
from insurance import selectors, services
from insurance.models import CoveredDependent, Enrolment
from tests.insurance.factories import ChildFactory, DependentFactory, enrol_at_retirement

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


@pytest.fixture
def spouse(retiree):
    return DependentFactory(member=retiree, first_name="Sam")


@pytest.fixture
def covered(retiree, spouse):
    return enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1), dependents=[spouse],
                               received=datetime.date(2019, 11, 1))


def test_cancelling_shows_the_last_day_then_ends_coverage_on_it(retiree_client, retiree, covered):
    body = retiree_client.get(reverse("insurance:cancel")).content.decode()
    assert "Monday, November 30, 2026" in body
    response = retiree_client.post(reverse("insurance:cancel"), {"shown_date": "2026-11-30", "confirmed": "on"})
    assert response.status_code == 302
    covered.refresh_from_db()
    assert covered.ends_on == datetime.date(2026, 11, 30) and covered.end_reason == Enrolment.EndReason.CANCELLED
    assert AuditEntry.objects.filter(member=retiree, action="insurance.coverage.cancelled").exists()


NEVER_AGAIN = "with the Personal Healthcare Fund you can never enrol again"


def test_the_cancel_page_tells_a_personal_healthcare_fund_member_they_can_never_enrol_again(retiree_client, retiree,
                                                                                            covered):
    retiree.healthcare_plan = Member.HealthcarePlan.PERSONAL_HEALTHCARE_FUND
    retiree.save(update_fields=["healthcare_plan"])
    assert NEVER_AGAIN in retiree_client.get(reverse("insurance:cancel")).content.decode()


def test_the_cancel_page_does_not_say_never_again_to_a_premium_subsidy_member(retiree_client, retiree, covered):
    assert retiree.healthcare_plan == Member.HealthcarePlan.PREMIUM_SUBSIDY
    assert NEVER_AGAIN not in retiree_client.get(reverse("insurance:cancel")).content.decode()


def test_coverage_that_has_not_begun_is_withdrawn_when_cancelled(retiree, covered):
    change = services.start_enrolment(member=retiree, actor=retiree.user, situation="PLAN_CHANGE", dependents=[],
                                      plans={"health_plan": covered.health_plan, "prescription_plan": None,
                                             "dental_plan": None, "vision_plan": None})
    services.submit_enrolment(member=retiree, enrolment_id=change.pk, actor=retiree.user,
                              shown_coverage_begins=datetime.date(2026, 12, 1))
    services.cancel_coverage(member=retiree, actor=retiree.user, shown_ends_on=datetime.date(2026, 11, 30))
    covered.refresh_from_db()
    change.refresh_from_db()
    assert covered.ends_on == datetime.date(2026, 11, 30) and covered.end_reason == Enrolment.EndReason.CANCELLED
    assert change.status == Enrolment.Status.WITHDRAWN and change.ends_on is None
    with pytest.raises(services.InsuranceError) as refused:
        services.cancel_coverage(member=retiree, actor=retiree.user, shown_ends_on=datetime.date(2026, 11, 30))
    assert refused.value.message == services.NOTHING_TO_CANCEL


def test_a_cancellation_confirmed_for_another_date_is_refused(retiree, covered):
    with pytest.raises(services.DateChanged) as changed:
        services.cancel_coverage(member=retiree, actor=retiree.user, shown_ends_on=datetime.date(2026, 10, 31))
    assert changed.value.new_date == datetime.date(2026, 11, 30)
    covered.refresh_from_db()
    assert covered.ends_on is None


def test_a_removed_dependent_is_covered_to_the_end_of_the_month(retiree_client, retiree, spouse, covered):
    url = reverse("insurance:dependent_remove", args=[spouse.pk])
    assert "Monday, November 30, 2026" in retiree_client.get(url).content.decode()
    assert retiree_client.post(url, {"shown_date": "2026-11-30", "confirmed": "on"}).status_code == 302
    row = CoveredDependent.objects.get(enrolment=covered, dependent=spouse)
    assert row.ends_on == datetime.date(2026, 11, 30)
    assert selectors.dependent_covered(member=retiree, dependent=spouse, on=datetime.date(2026, 11, 30))
    assert not selectors.dependent_covered(member=retiree, dependent=spouse, on=datetime.date(2026, 12, 1))


@pytest.mark.parametrize(("divorce", "ends"), [
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)),
    (datetime.date(2026, 10, 31), datetime.date(2026, 10, 31)),
    (datetime.date(2024, 2, 3), datetime.date(2024, 2, 29)),
])
def test_a_divorce_ends_the_former_spouses_coverage_at_the_end_of_that_month(
        retiree_client, retiree, spouse, covered, divorce, ends):
    url = reverse("insurance:dependent_divorce", args=[spouse.pk])
    preview = retiree_client.post(url, {"divorce_date": divorce.isoformat()})
    body = preview.content.decode()
    assert preview.status_code == 200 and f"ends on <strong>{ends:%A, %B} {ends.day}, {ends.year}</strong>" in body
    spouse.refresh_from_db()
    assert spouse.divorce_date is None  # nothing recorded before the member confirms
    response = retiree_client.post(url, {"divorce_date": divorce.isoformat(), "confirm-shown_date": ends.isoformat(),
                                         "confirm-confirmed": "on"})
    assert response.status_code == 302
    spouse.refresh_from_db()
    assert spouse.divorce_date == divorce
    assert CoveredDependent.objects.get(enrolment=covered, dependent=spouse).ends_on == ends
    assert AuditEntry.objects.get(member=retiree, action="insurance.dependent.divorced").data["ends_on"] == str(ends)


def test_a_divorce_cannot_be_reported_for_a_child(retiree_client, retiree):
    child = ChildFactory(member=retiree)
    response = retiree_client.post(reverse("insurance:dependent_divorce", args=[child.pk]),
                                   {"divorce_date": "2026-11-01"})
    assert response.status_code == 400 and escape(services.NOT_A_SPOUSE) in response.content.decode()
    child.refresh_from_db()
    assert child.divorce_date is None


def test_a_former_spouse_is_no_longer_eligible_after_that_month(retiree, spouse, covered):
    services.record_divorce(member=retiree, dependent=spouse, divorce_date=datetime.date(2026, 11, 10),
                            shown_ends_on=datetime.date(2026, 11, 30), actor=retiree.user)
    statuses = selectors.dependent_statuses(member=retiree, dependents=[spouse], on=datetime.date(2026, 12, 1))
    assert not statuses[0].eligibility.eligible
    summary = selectors.coverage_summary_for_member(member=retiree, on=datetime.date(2026, 12, 1))
    assert [name for name, _ in summary.people] == [retiree.full_name]


def test_a_removed_dependent_is_in_the_audit_trail(retiree, spouse, covered):
    services.remove_dependent(member=retiree, dependent=spouse, actor=retiree.user,
                              shown_ends_on=datetime.date(2026, 11, 30))
    assert AuditEntry.objects.filter(member=retiree, action="insurance.dependent.removed",
                                     actor=retiree.user).count() == 1


def test_a_drafted_enrolment_is_in_the_audit_trail(retiree, covered):
    services.start_enrolment(member=retiree, actor=retiree.user, situation="PLAN_CHANGE", dependents=[],
                             plans={"health_plan": covered.health_plan, "prescription_plan": None,
                                    "dental_plan": None, "vision_plan": None})
    assert AuditEntry.objects.filter(member=retiree, action="insurance.enrolment.drafted",
                                     actor=retiree.user).count() == 1
