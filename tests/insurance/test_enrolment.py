"""Enrolment and changes: the effective date always from insurance/rules/, shown in words before the member
submits, and recorded with the rule that produced it (RULES §10; issue 6 item 4)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry, Member, OutboundEmail
from insurance import selectors, services
from insurance.models import Enrolment, PlanKind, ProofKind, ServiceArea
from insurance.rules.effective_dates import (
    NO_RETROACTIVE_ENROLMENT_NOTICE,
    CoverageRule,
    Situation,
    coverage_effective_date,
)
from insurance.rules.enrolment import DEFERRED_ENROL_LATER, ENROL_AT_RETIREMENT_LATER
from insurance.rules.subsidy import personal_healthcare_fund_enrolment
from tests.accounts.test_document_upload import png_bytes
from tests.factories import MailingAddressFactory
from tests.insurance.factories import (
    ChildFactory,
    DependentFactory,
    InsuranceProfileFactory,
    PlanFactory,
    enrol_at_retirement,
)

pytestmark = pytest.mark.django_db


def at(day, hour=15):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.timezone.utc),
                               tick=False)


@pytest.fixture(autouse=True)
def _today():
    with at(datetime.date(2026, 11, 23)):
        yield


@pytest.fixture
def ppo(db):
    return PlanFactory(name="Statewide PPO", kind=PlanKind.HEALTH_PPO, service_area=ServiceArea.NATIONWIDE)


def draft(client, plan, **data):
    response = client.post(reverse("insurance:enrol"), {"situation": "VOLUNTARY", "health_plan": plan.pk, **data})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Enrolment.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def confirm(client, enrolment, shown):
    return client.post(reverse("insurance:enrolment_confirm", args=[enrolment.pk]),
                       {"shown_date": shown.isoformat(), "confirmed": "on"})


def upload_proofs(member, dependent, *, on):
    from accounts.uploads import validate_upload

    for kind in selectors.required_proof_kinds(member=member, dependent=dependent, on=on):
        services.upload_proof(member=member, dependent=dependent, kind=kind, actor=member.user, today=on,
                              clean_file=validate_upload(SimpleUploadedFile("p.png", png_bytes())))


def test_the_date_and_the_rule_are_shown_in_words_before_anything_is_submitted(retiree_client, retiree, ppo):
    enrolment = draft(retiree_client, ppo)
    body = retiree_client.get(reverse("insurance:enrolment_confirm", args=[enrolment.pk])).content.decode()
    expected = coverage_effective_date(situation=Situation.VOLUNTARY, medicare=False,
                                       documents_received=datetime.date(2026, 11, 23))
    assert expected.coverage_begins == datetime.date(2027, 5, 1)
    assert "Your coverage begins on <strong>Saturday, May 1, 2027</strong>" in body
    assert escape(expected.rule_text[0].upper() + expected.rule_text[1:]) in body
    assert "I have read that my coverage begins on May 1, 2027" in body
    assert escape(NO_RETROACTIVE_ENROLMENT_NOTICE) in body
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DRAFT and enrolment.coverage_begins is None


def test_submitting_records_the_date_with_the_rule_that_produced_it(retiree_client, retiree, ppo):
    enrolment = draft(retiree_client, ppo)
    response = confirm(retiree_client, enrolment, datetime.date(2027, 5, 1))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUBMITTED
    assert enrolment.coverage_begins == datetime.date(2027, 5, 1)
    assert enrolment.documents_received == datetime.date(2026, 11, 23) and enrolment.medicare is False
    assert enrolment.rule == CoverageRule.VOLUNTARY.value
    assert enrolment.rule_text.startswith("sixth month after documents received: voluntary enrolment")
    entry = AuditEntry.objects.get(member=retiree, action="insurance.enrolment.submitted")
    assert entry.data["coverage_begins"] == "2027-05-01" and entry.data["rule_text"] == enrolment.rule_text
    notice = OutboundEmail.objects.get(dedupe_key=f"insurance:enrolment-submitted:{enrolment.pk}")
    assert "May 1, 2027" in notice.body
    page = retiree_client.get(reverse("insurance:enrolment", args=[enrolment.pk])).content.decode()
    assert "Saturday, May 1, 2027" in page and escape(enrolment.rule_text[0].upper() + enrolment.rule_text[1:]) in page


def test_a_date_that_changed_since_the_page_was_shown_is_not_submitted(client, retiree, ppo):
    utc = datetime.timezone.utc
    with time_machine.travel(datetime.datetime(2026, 12, 1, 4, 50, tzinfo=utc), tick=False):  # 11:50 pm in Lansing
        client.force_login(retiree.user)
        enrolment = draft(client, ppo)
        body = client.get(reverse("insurance:enrolment_confirm", args=[enrolment.pk])).content.decode()
    assert "Saturday, May 1, 2027" in body
    with time_machine.travel(datetime.datetime(2026, 12, 1, 5, 5, tzinfo=utc), tick=False):  # past midnight
        response = confirm(client, enrolment, datetime.date(2027, 5, 1))
    body = response.content.decode()
    assert response.status_code == 200 and escape(services.DATE_CHANGED) in body
    assert "Tuesday, June 1, 2027" in body and 'value="2027-06-01"' in body
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DRAFT


def test_nothing_is_submitted_without_the_box_ticked(retiree_client, retiree, ppo):
    enrolment = draft(retiree_client, ppo)
    response = retiree_client.post(reverse("insurance:enrolment_confirm", args=[enrolment.pk]),
                                   {"shown_date": "2027-05-01"})
    assert response.status_code == 200 and "Tick the box to confirm" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DRAFT


def test_missing_proofs_keep_the_request_from_being_submitted(retiree_client, retiree, ppo):
    spouse = DependentFactory(member=retiree)
    enrolment = draft(retiree_client, ppo, dependents=[spouse.pk])
    detail = retiree_client.get(reverse("insurance:enrolment", args=[enrolment.pk])).content.decode()
    assert "Marriage certificate for " + spouse.full_name in detail
    with pytest.raises(services.InsuranceError) as refused:
        services.submit_enrolment(member=retiree, enrolment_id=enrolment.pk, actor=retiree.user,
                                  shown_coverage_begins=datetime.date(2027, 5, 1))
    assert refused.value.message == services.PROOFS_MISSING
    upload_proofs(retiree, spouse, on=datetime.date(2026, 11, 23))
    assert confirm(retiree_client, enrolment, datetime.date(2027, 5, 1)).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUBMITTED and list(enrolment.dependents.all()) == [spouse]


def test_a_submitted_request_cannot_be_submitted_again(retiree_client, retiree, ppo):
    enrolment = draft(retiree_client, ppo)
    confirm(retiree_client, enrolment, datetime.date(2027, 5, 1))
    response = confirm(retiree_client, enrolment, datetime.date(2027, 5, 1))
    assert response.status_code == 400 and escape(services.NOT_A_DRAFT) in response.content.decode()
    assert Enrolment.objects.filter(member=retiree, status=Enrolment.Status.SUBMITTED).count() == 1


@pytest.mark.parametrize(("event_date", "begins", "rule"), [
    (datetime.date(2026, 10, 24), datetime.date(2026, 12, 1), CoverageRule.QUALIFYING_EVENT_IN_TIME),  # day 30
    (datetime.date(2026, 10, 23), datetime.date(2027, 5, 1), CoverageRule.QUALIFYING_EVENT_LATE),  # day 31
])
def test_a_qualifying_event_reported_within_30_days_starts_next_month_and_later_waits_six(
        retiree_client, retiree, ppo, event_date, begins, rule):
    spouse = DependentFactory(member=retiree)
    upload_proofs(retiree, spouse, on=datetime.date(2026, 11, 23))
    enrolment = draft(retiree_client, ppo, situation="QUALIFYING_EVENT", qualifying_event="MARRIAGE",
                      event_date=event_date.isoformat(), dependents=[spouse.pk])
    # The event's own proofs are uploaded on the request.
    for kind in (ProofKind.MARRIAGE_CERTIFICATE, ProofKind.SPOUSE_BIRTH_CERTIFICATE):
        response = retiree_client.post(reverse("insurance:enrolment", args=[enrolment.pk]), {
            "kind": kind, "file": SimpleUploadedFile("p.png", png_bytes())})
        assert response.status_code == 302
    assert confirm(retiree_client, enrolment, begins).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.coverage_begins == begins and enrolment.rule == rule.value


def test_with_medicare_a_plan_change_starts_the_second_month_and_the_page_says_why(retiree_client, retiree, ppo):
    enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1),
                        received=datetime.date(2019, 11, 1))
    retiree_client.post(reverse("insurance:medicare"), {
        "enrolled": "AB", "medicare_number": "1EG4TE5MK73", "medicare_part_a": "2030-04-01",
        "medicare_part_b": "2030-04-01"})
    enrolment = draft(retiree_client, ppo, situation="PLAN_CHANGE")
    body = retiree_client.get(reverse("insurance:enrolment_confirm", args=[enrolment.pk])).content.decode()
    assert "Friday, January 1, 2027" in body  # the second month after November 2026
    assert "Rita Member has Medicare Parts A and B on file, so the dates for people with Medicare apply" in body
    confirm(retiree_client, enrolment, datetime.date(2027, 1, 1))
    enrolment.refresh_from_db()
    assert enrolment.medicare is True and enrolment.rule == CoverageRule.PLAN_CHANGE.value


def test_a_later_enrolment_replaces_the_earlier_one_from_the_day_it_begins(retiree_client, retiree, ppo):
    first = enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1),
                                received=datetime.date(2019, 11, 1))
    assert first.coverage_begins == datetime.date(2020, 1, 1)
    assert first.rule == CoverageRule.AT_RETIREMENT_ON_RED.value
    change = draft(retiree_client, ppo, situation="PLAN_CHANGE")
    confirm(retiree_client, change, datetime.date(2026, 12, 1))
    first.refresh_from_db()
    assert first.ends_on == datetime.date(2026, 11, 30) and first.end_reason == Enrolment.EndReason.REPLACED


@pytest.mark.parametrize(("received", "begins", "rule"), [
    (datetime.date(2026, 11, 30), datetime.date(2027, 1, 1), CoverageRule.AT_RETIREMENT_ON_RED),
    (datetime.date(2026, 12, 1), datetime.date(2027, 2, 1),
     CoverageRule.AT_RETIREMENT_MEDICARE_ONE_MONTH_AFTER_RED),
    (datetime.date(2027, 1, 31), datetime.date(2027, 3, 1), CoverageRule.AT_RETIREMENT_GENERAL),  # day 30
    (datetime.date(2027, 2, 1), datetime.date(2027, 8, 1), CoverageRule.AT_RETIREMENT_LATE),  # day 31
])
def test_the_retirement_application_enrols_with_medicare_by_the_at_retirement_rows(member, received, begins, rule):
    InsuranceProfileFactory(member=member, medicare_part_a=datetime.date(2030, 4, 1),
                            medicare_part_b=datetime.date(2030, 4, 1))
    enrolment = enrol_at_retirement(member, retirement_effective_date=datetime.date(2027, 1, 1), received=received)
    assert (enrolment.coverage_begins, enrolment.rule, enrolment.medicare) == (begins, rule.value, True)
    assert enrolment.documents_received == received and enrolment.rule_text


def test_an_active_member_enrols_at_retirement_once_the_date_is_known(member_client, member, ppo):
    body = member_client.get(reverse("insurance:enrol")).content.decode()
    assert escape(ENROL_AT_RETIREMENT_LATER) in body and 'name="situation"' not in body
    InsuranceProfileFactory(member=member, retirement_effective_date=datetime.date(2027, 3, 1))
    enrolment = draft(member_client, ppo, situation="AT_RETIREMENT")
    body = member_client.get(reverse("insurance:enrolment_confirm", args=[enrolment.pk])).content.decode()
    assert "Monday, March 1, 2027" in body  # received before the retirement effective date
    assert "documents received by February 28, 2027 start coverage on your retirement effective date" in body


def test_a_deferred_member_is_told_they_enrol_when_the_pension_begins(member_client, member):
    member.status = Member.Status.DEFERRED
    member.save(update_fields=["status"])
    body = member_client.get(reverse("insurance:enrol")).content.decode()
    assert escape(DEFERRED_ENROL_LATER) in body
    response = member_client.post(reverse("insurance:enrol"), {"situation": "AT_RETIREMENT"})
    assert response.status_code == 400 and "alert-danger" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_personal_healthcare_fund_allows_no_re_enrolment(client, retiree, ppo):
    retiree.healthcare_plan = Member.HealthcarePlan.PERSONAL_HEALTHCARE_FUND
    retiree.save(update_fields=["healthcare_plan"])
    enrolment = enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1),
                                    received=datetime.date(2019, 11, 1))
    services.cancel_coverage(member=retiree, actor=retiree.user, shown_ends_on=datetime.date(2026, 11, 30))
    enrolment.refresh_from_db()
    assert enrolment.ends_on == datetime.date(2026, 11, 30)
    with at(datetime.date(2027, 1, 5)):
        client.force_login(retiree.user)
        body = client.get(reverse("insurance:enrol")).content.decode()
    reason = personal_healthcare_fund_enrolment(at_retirement=False, previously_disenrolled=True).reason
    assert escape(reason) in body


def test_outside_michigan_only_the_nationwide_ppo_is_offered(retiree_client, retiree, ppo):
    hmo = PlanFactory(name="Regional HMO", kind=PlanKind.HEALTH_HMO, service_area=ServiceArea.REGIONAL,
                      zip_prefixes="489")
    MailingAddressFactory(member=retiree, state="FL", city="Naples", postal_code="34102")
    body = retiree_client.get(reverse("insurance:enrol")).content.decode()
    assert "Statewide PPO" in body and "Regional HMO" not in body
    with pytest.raises(services.InsuranceError) as refused:
        services.start_enrolment(member=retiree, actor=retiree.user, situation="VOLUNTARY", dependents=[],
                                 plans={"health_plan": hmo, "prescription_plan": None, "dental_plan": None,
                                        "vision_plan": None})
    assert refused.value.message == services.PLAN_NOT_OFFERED.format(plan="Regional HMO")


def test_a_dependent_who_ages_out_before_coverage_begins_cannot_be_enrolled(retiree_client, retiree, ppo):
    child = ChildFactory(member=retiree, birth_date=datetime.date(2009, 1, 10))  # SERS: to January 31, 2028
    child2 = ChildFactory(member=retiree, birth_date=datetime.date(2008, 2, 10))  # to February 28, 2027
    for dependent in (child, child2):
        upload_proofs(retiree, dependent, on=datetime.date(2026, 11, 23))
    enrolment = draft(retiree_client, ppo, dependents=[child.pk, child2.pk])
    response = confirm(retiree_client, enrolment, datetime.date(2027, 5, 1))
    body = response.content.decode()
    assert response.status_code == 200 and f"{child2.full_name} cannot be covered on May 1, 2027" in body
    assert f"{child.full_name} cannot be covered" not in body
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.DRAFT


def test_the_retirement_application_records_only_the_date_it_showed(member):
    plan = PlanFactory()
    shown = selectors.at_retirement_preview(member=member, retirement_effective_date=datetime.date(2027, 1, 1),
                                            dependents=[], documents_received=datetime.date(2026, 12, 20))
    assert shown.coverage_begins == datetime.date(2027, 1, 1)
    with pytest.raises(services.DateChanged) as changed:
        services.enrol_at_retirement(member=member, retirement_effective_date=datetime.date(2027, 1, 1),
                                     plans={"health_plan": plan}, dependents=[],
                                     documents_received=datetime.date(2027, 1, 5),  # the documents came later
                                     shown_coverage_begins=shown.coverage_begins, actor=None)
    assert changed.value.new_date == datetime.date(2027, 2, 1)
    assert not Enrolment.objects.filter(member=member).exists()  # nothing recorded, not even a draft
