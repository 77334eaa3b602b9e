"""The demo's applications for staff (issue 19 item 7): one in every state the office works them through, each
taken there by the services — the final calculation the engine's, the award approved by the supervisor, not the
reviewer who calculated, its letter written — and a retiree through this path; seeding again changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.message_board.models import Thread
from accounts.models import Document, Member
from applications.calculation import calculation_facts
from applications.demo_staff import ASKED, REVIEWER, SUPERVISOR
from applications.models import Application, ApplicationProof, AwardLetter, FinalCalculation, Milestone
from applications.pension_paid import retiree_pension_for_member
from pensions.models import PayPeriodReport
from pensions.selectors import run_estimate
from portal.templatetags.portal_format import money

pytestmark = pytest.mark.django_db
State = Application.State


def application_of(member_id):
    return Application.objects.select_related("member").get(member__member_id=member_id)


def test_the_demo_has_an_application_in_every_state_staff_work_on(seeded):
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER, State.CALCULATING,
                      State.AWARDED, State.DENIED, State.WITHDRAWN}


def test_the_member_waited_for_has_the_offices_question_on_her_message_board(seeded):
    application = application_of("20000004")
    assert application.state == State.WAITING_FOR_MEMBER
    asked = Thread.objects.filter(member=application.member, messages__body__contains=application.reference)
    assert asked.get().messages.get().body.endswith(ASKED)


def test_every_application_calculated_has_its_proofs_accepted_by_the_reviewer(seeded):
    for member_id in ("10000004", "10000002", "20000001"):
        proofs = ApplicationProof.objects.filter(application=application_of(member_id)).select_related("reviewed_by")
        assert proofs and {(p.status, p.reviewed_by.email) for p in proofs} == {("ACCEPTED", REVIEWER)}, member_id


def test_the_final_pay_report_is_loaded_through_the_last_day_before_the_calculation(seeded):
    application = application_of("10000004")
    assert application.milestones.filter(kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED).exists()
    last = PayPeriodReport.objects.filter(member=application.member).latest("period_end")
    assert last.period_end == application.last_day_worked < application.retirement_effective_date


def test_the_calculation_waiting_for_approval_is_the_engines_made_by_the_reviewer(seeded):
    application = application_of("10000004")
    calculation = FinalCalculation.objects.select_related("calculated_by").get(application=application)
    assert application.state == State.CALCULATING and application.calculation_started_by.email == REVIEWER
    assert calculation.calculated_by.email == REVIEWER and calculation.approved_at is None
    assert calculation.result == run_estimate(calculation_facts(application))


def test_the_award_is_approved_by_the_supervisor_and_its_letter_is_in_documents(seeded):
    application = application_of("10000002")
    letter = AwardLetter.objects.select_related("calculation__approved_by", "document").get(
        calculation__application=application)
    assert application.state == State.AWARDED and letter.calculation.approved_by.email == SUPERVISOR
    assert letter.document.member == application.member and letter.document.kind == Document.Kind.LETTER
    assert application.member.status == Member.Status.ACTIVE  # the RED is months away


def test_the_denied_application_carries_the_reason_the_member_reads(seeded):
    application = application_of("10000007")
    assert application.state == State.DENIED and "still on its payroll" in application.denial_reason


def test_the_withdrawn_application_was_withdrawn_by_the_member(seeded):
    application = application_of("20000003")
    assert application.state == State.WITHDRAWN and application.withdrawn_at is not None


def test_the_demo_retiree_became_one_through_the_award_and_is_paid_the_awarded_pension(seeded):
    application = application_of("20000001")
    member = application.member
    letter = AwardLetter.objects.get(calculation__application=application)
    pension = retiree_pension_for_member(member=member, today=application.retirement_effective_date)
    assert application.state == State.AWARDED and member.status == Member.Status.RETIRED
    assert pension.monthly_pension == Decimal(letter.content["monthly"]["gross"])
    assert pension.payment.net == Decimal(letter.content["monthly"]["net"])


def test_the_demo_retirees_dashboard_shows_the_awarded_pension_not_the_application(seeded, client):
    member = Member.objects.select_related("user").get(member_id="20000001")
    monthly = AwardLetter.objects.get(calculation__application__member=member).content["monthly"]
    client.force_login(member.user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Your pension" in body and "Your retirement application" not in body
    for amount in (monthly["gross"], monthly["federal"], monthly["net"]):
        assert f"${money(amount)}" in body


def test_seeding_again_changes_no_application_and_writes_no_letter(seeded):
    before = list(Application.objects.order_by("pk").values_list("pk", "state"))
    letters = AwardLetter.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert list(Application.objects.order_by("pk").values_list("pk", "state")) == before
    assert AwardLetter.objects.count() == letters == 2


def test_the_run_command_prints_each_application_with_its_member_and_state():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for line in ("Under review", "Waiting for you", "Calculating your pension", "Denied", "Withdrawn"):
        assert line in out.getvalue()
    assert "Gerald Mason (20000001, gerald@demo.portal.example) — now a retiree" in out.getvalue()
