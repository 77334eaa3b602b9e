"""The office's actions on a submitted application (issue 19 item 3): each moves the state, is audited and tells the
member; approving is for supervisors only, never the one who started the calculation, and exactly once."""

import datetime
import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from accounts.message_board import services as board
from accounts.message_board.models import Message, Thread
from accounts.models import AuditEntry, OutboundEmail
from applications import services, staff_services
from applications.models import Application, Milestone
from pensions.models import EmployerReport, PayPeriodReport
from portal.errors import ServiceError
from tests.applications.application_factories import submitted_application
from tests.applications.staff_factories import final_pay_report, recalculated, staff_in
from tests.factories import StaffUserFactory
from tests.pensions.factories import biweekly_history

pytestmark = pytest.mark.django_db
State = Application.State


def state_of(application):
    return Application.objects.get(pk=application.pk).state


def calculating(application, reviewer):
    """Started and recalculated by ``reviewer``."""
    staff_services.start_review(application_id=application.pk, actor=reviewer)
    started = staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    recalculated(application, reviewer)
    return started


def test_starting_the_review_moves_a_submitted_application_under_review_and_tells_the_member():
    application = submitted_application()
    staff_services.start_review(application_id=application.pk, actor=staff_in("Reviewer"))
    assert state_of(application) == State.UNDER_REVIEW
    notice = OutboundEmail.objects.get(to=application.member.notice_email)
    assert "under review" in notice.body


def test_asking_for_an_item_opens_a_thread_with_it_and_waits_for_the_member():
    application = submitted_application()
    reviewer = staff_in("Reviewer")
    staff_services.start_review(application_id=application.pk, actor=reviewer)
    staff_services.ask_member(application_id=application.pk, item="Send a clearer copy of your birth certificate.",
                              actor=reviewer)
    assert state_of(application) == State.WAITING_FOR_MEMBER
    message = Message.objects.get(thread__member=application.member)
    assert "clearer copy of your birth certificate" in message.body
    assert message.sender == Message.Sender.STAFF and message.thread.topic == Thread.Topic.OTHER


def test_asking_for_nothing_is_refused_and_changes_nothing():
    application = submitted_application(state=State.UNDER_REVIEW)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.ask_member(application_id=application.pk, item="  ", actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.ITEM_NEEDED
    assert state_of(application) == State.UNDER_REVIEW and not Thread.objects.exists()


def final_payroll_milestones(application):
    return Milestone.objects.filter(application=application, kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED)


def test_the_final_pay_report_is_loaded_and_the_milestone_recorded_on_the_day_it_was_loaded():
    application = submitted_application(state=State.UNDER_REVIEW)
    milestone = staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                                    actor=staff_in("Reviewer"))
    period = PayPeriodReport.objects.get(member=application.member)
    assert period.period_end == application.last_day_worked and period.gross_wages == Decimal("2412.50")
    assert milestone.on == timezone.localdate(EmployerReport.objects.get().loaded_at) == timezone.localdate()
    assert OutboundEmail.objects.filter(to=application.member.notice_email,
                                        dedupe_key=f"applications:milestone:{milestone.pk}").exists()


def test_a_report_without_the_members_final_period_is_refused_with_nothing_loaded():
    application = submitted_application(state=State.UNDER_REVIEW)
    earlier = final_pay_report(application, last_end=application.last_day_worked - datetime.timedelta(days=14))
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.record_final_payroll(application_id=application.pk, report=earlier, actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.NO_FINAL_PERIOD.format(last_day="March 31, 2027")
    assert not EmployerReport.objects.exists() and not PayPeriodReport.objects.exists()
    assert not final_payroll_milestones(application).exists() and not AuditEntry.objects.exists()


def test_a_malformed_report_is_refused_with_its_rows_reasons():
    application = submitted_application(state=State.UNDER_REVIEW)
    good = final_pay_report(application)
    bad = replace(good, content=good.content.replace(b"80.00", b"eighty"))
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.record_final_payroll(application_id=application.pk, report=bad, actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.REPORT_REFUSED
    assert refused.value.details == ("Row 2: regular_hours must be a number such as 80.00",)
    assert not PayPeriodReport.objects.exists() and not final_payroll_milestones(application).exists()


def test_uploading_the_same_report_again_changes_nothing():
    application = submitted_application(state=State.UNDER_REVIEW)
    reviewer = staff_in("Reviewer")
    first = staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                                actor=reviewer)
    before = (list(PayPeriodReport.objects.values()), AuditEntry.objects.count(), OutboundEmail.objects.count())
    again = staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                                actor=reviewer)
    assert again == first and EmployerReport.objects.count() == 1
    assert (list(PayPeriodReport.objects.values()), AuditEntry.objects.count(), OutboundEmail.objects.count()) == before


def test_the_final_payroll_is_refused_on_a_submitted_application_not_yet_reviewed():
    application = submitted_application()
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                            actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.PAYROLL_NOT_NOW
    assert not EmployerReport.objects.exists() and not final_payroll_milestones(application).exists()


def test_recording_the_final_payroll_is_audited_for_the_file_the_member_and_the_milestone():
    application = submitted_application(state=State.UNDER_REVIEW)
    reviewer = staff_in("Reviewer")
    staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                        actor=reviewer)
    entries = AuditEntry.objects.filter(actor=reviewer).order_by("id")
    assert [(entry.action, entry.member_id) for entry in entries] == [
        ("pensions.payperiod.loaded", application.member.pk), ("pensions.employerreport.loaded", None),
        ("applications.milestone.recorded", application.member.pk)]
    assert entries.get(action="pensions.employerreport.loaded").data["file"] == "final-pay.csv"


def test_starting_the_calculation_records_who_started_it():
    application = submitted_application()
    reviewer = staff_in("Reviewer")
    calculating(application, reviewer)
    assert Application.objects.get(pk=application.pk).calculation_started_by == reviewer


def test_the_calculation_is_refused_without_the_required_waiver_approved():
    application = submitted_application(married=True, option="SURVIVOR_100", beneficiary_relationship="CHILD",
                                        state=State.UNDER_REVIEW)
    with pytest.raises(ServiceError) as refused:
        staff_services.start_calculation(application_id=application.pk, actor=staff_in("Reviewer"))
    assert refused.value.message == services.WAIVER_NOT_APPROVED
    assert state_of(application) == State.UNDER_REVIEW


def test_a_supervisor_who_did_not_calculate_approves_the_award():
    application = submitted_application()
    calculating(application, staff_in("Reviewer"))
    staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert state_of(application) == State.AWARDED


def test_a_reviewer_cannot_approve_an_award():
    application = submitted_application()
    calculating(application, staff_in("Reviewer"))
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.NOT_A_SUPERVISOR
    assert state_of(application) == State.CALCULATING


def test_the_supervisor_who_started_the_calculation_cannot_approve_it():
    application = submitted_application()
    supervisor = staff_in("Supervisor")
    calculating(application, supervisor)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=supervisor)
    assert refused.value.message == staff_services.FOUR_EYES
    assert state_of(application) == State.CALCULATING


def test_an_application_not_being_calculated_cannot_be_awarded():
    application = submitted_application(state=State.UNDER_REVIEW)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert refused.value.message == staff_services.NOT_CALCULATING


def test_every_action_is_audited():
    application = submitted_application()
    member = application.member
    reviewer, supervisor = staff_in("Reviewer"), staff_in("Supervisor")
    staff_services.start_review(application_id=application.pk, actor=reviewer)
    staff_services.ask_member(application_id=application.pk, item="Sign page 2.", actor=reviewer)
    board.post_member_reply(member=member, thread=member.threads.get(), body="Signed.", actor=member.user)
    biweekly_history(member, years=12)  # before the final period, as an employer's payroll runs
    staff_services.record_final_payroll(application_id=application.pk, report=final_pay_report(application),
                                        actor=reviewer)
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    recalculated(application, reviewer)
    staff_services.return_to_review(application_id=application.pk, reason="Overtime missing.", actor=reviewer)
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    recalculated(application, reviewer)
    staff_services.reveal_account_number(application_id=application.pk, reason="Bank returned a test deposit.",
                                         actor=supervisor)
    staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    actions = list(AuditEntry.objects.filter(member=member).order_by("id").values_list("action", flat=True))
    assert actions == ["applications.application.review_started", "applications.application.member_asked",
                       "accounts.thread.started_by_staff", "accounts.thread.member_replied",
                       "applications.application.member_answered", "pensions.payperiod.loaded",
                       "applications.milestone.recorded",
                       "applications.application.calculation_started", "applications.application.recalculated",
                       "applications.milestone.recorded", "applications.application.returned_to_review",
                       "applications.application.calculation_started", "applications.application.recalculated",
                       "applications.application.account_number_revealed", "applications.application.awarded"]


def test_a_reviewer_cannot_reveal_the_account_number():
    application = submitted_application()
    with pytest.raises(PermissionDenied):
        staff_services.reveal_account_number(application_id=application.pk, reason="Curious.",
                                             actor=staff_in("Reviewer"))
    assert not AuditEntry.objects.filter(action="applications.application.account_number_revealed").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_approvals_exactly_one_wins():
    # A transactional test starts after an earlier one emptied the tables, the staff groups with them: the
    # permission itself is given.
    application = submitted_application()
    calculating(application, StaffUserFactory())
    supervisors = [StaffUserFactory() for _ in range(2)]
    for supervisor in supervisors:
        supervisor.user_permissions.add(Permission.objects.get(content_type__app_label="applications",
                                                               codename="approve_award"))
    barrier, outcomes = threading.Barrier(2), []

    def attempt(actor):
        barrier.wait()
        try:
            staff_services.approve_award(application_id=application.pk, actor=actor)
            outcomes.append("won")
        except ServiceError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(actor,)) for actor in supervisors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["won", staff_services.ALREADY_AWARDED])
    assert AuditEntry.objects.filter(action="applications.application.awarded").count() == 1


def test_a_denial_records_the_reason_the_member_reads_and_tells_them():
    application = submitted_application(state=State.UNDER_REVIEW)
    staff_services.deny(application_id=application.pk, reason="You are not vested on this date.",
                        actor=staff_in("Reviewer"))
    denied = Application.objects.get(pk=application.pk)
    assert (denied.state, denied.denial_reason) == (State.DENIED, "You are not vested on this date.")
    assert AuditEntry.objects.filter(action="applications.application.denied", member=application.member).exists()
    assert "denied" in OutboundEmail.objects.get(to=application.member.notice_email).body


def test_a_denial_without_a_reason_is_refused_and_changes_nothing():
    application = submitted_application(state=State.UNDER_REVIEW)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.deny(application_id=application.pk, reason=" ", actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.REASON_NEEDED
    assert state_of(application) == State.UNDER_REVIEW


def test_an_awarded_application_cannot_be_denied():
    application = submitted_application(state=State.AWARDED)
    with pytest.raises(ServiceError):
        staff_services.deny(application_id=application.pk, reason="Too late.", actor=staff_in("Reviewer"))
    assert state_of(application) == State.AWARDED
