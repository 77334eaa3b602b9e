"""The office's final calculation (issue 19 item 3; RULES §11 "recalculates"): from the member's actual records with
the application's answers, kept as versions whose input `manage.py estimate` reproduces; approved four-eyed on the
latest version, made since the calculation was (re)started; a return to review makes it start again."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import AuditEntry, OutboundEmail
from applications import calculation, staff_services
from applications.models import Application, FinalCalculation, Milestone
from pensions import selectors as pension_selectors
from tests.applications.application_factories import LAST_DAY, RED, SUBMITTED_AT, submitted_application
from tests.applications.staff_factories import recalculated, staff_in
from tests.pensions.factories import biweekly_history
from tests.pensions.test_estimate_pages_match_the_command import demo_member

pytestmark = pytest.mark.django_db
State = Application.State

# Three members of different systems and structures, each with another election (RULES §1, §5, §6).
MEMBERS = {
    "SERS regular, straight life with the equated plan": ("10000001", "STRAIGHT_LIFE", True),
    "SERS covered, 75% survivor": ("10000002", "SURVIVOR_75", False),
    "MPSERS MIP Fixed, 100% survivor": ("20000004", "SURVIVOR_100", False),
}


def command_output(data) -> dict:
    out = io.StringIO()
    call_command("estimate", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def being_calculated(**kwargs):
    """An application whose calculation a reviewer has started."""
    application = submitted_application(state=State.UNDER_REVIEW, **kwargs)
    staff_services.start_calculation(application_id=application.pk, actor=staff_in("Reviewer"))
    return application


def state_of(application):
    return Application.objects.get(pk=application.pk).state


@pytest.mark.parametrize("case", MEMBERS)
def test_the_calculation_is_the_engines_result_for_the_members_actual_records(case):
    member_id, option, equated = MEMBERS[case]
    application = being_calculated(member=demo_member(member_id), option=option, equated=equated)
    made = calculation.recalculate(application_id=application.pk, actor=staff_in("Reviewer"))
    # The member's own estimate input (their pay records and other credit) with the application's answers.
    expected = pension_selectors.estimate_input_for_member(member=application.member, choices={
        "retirement_effective_date": RED, "application_date": SUBMITTED_AT.date(),
        "beneficiary_birth_date": application.beneficiary_birth_date or application.member.date_of_birth,
        "social_security_fra": Decimal("1800.00") if equated else None})
    expected["termination_date"] = LAST_DAY.isoformat()
    stored = FinalCalculation.objects.get(pk=made.pk)
    assert stored.facts == expected
    assert stored.result == pension_selectors.run_estimate(expected) == command_output(stored.facts)
    assert Decimal(stored.result["fac"]) > 0 and stored.result["fac_years"]


def test_each_recalculation_is_a_new_version_and_the_latest_is_the_last():
    application = being_calculated()
    reviewer = staff_in("Reviewer")
    first, second = recalculated(application, reviewer), recalculated(application, reviewer)
    assert (first.version, second.version) == (1, 2)
    assert calculation.latest_calculation(application) == second


def test_the_first_calculation_is_a_milestone_the_member_is_told_of_once():
    application = being_calculated()
    reviewer = staff_in("Reviewer")
    recalculated(application, reviewer)
    calculation.recalculate(application_id=application.pk, actor=reviewer, today=datetime.date(2027, 5, 3))
    milestone = Milestone.objects.get(application=application, kind=Milestone.Kind.CALCULATED)
    assert milestone.on == timezone.localdate()
    assert OutboundEmail.objects.filter(to=application.member.notice_email,
                                        body__contains="pension calculated").count() == 1


def test_a_recalculation_is_refused_unless_the_calculation_was_started():
    application = submitted_application(state=State.UNDER_REVIEW)
    with pytest.raises(calculation.CalculationError) as refused:
        recalculated(application, staff_in("Reviewer"))
    assert refused.value.message == calculation.NOT_CALCULATING
    assert not FinalCalculation.objects.exists()


def test_a_member_without_pay_records_cannot_be_calculated_and_nothing_is_kept():
    application = being_calculated()
    with pytest.raises(calculation.CalculationError) as refused:
        calculation.recalculate(application_id=application.pk, actor=staff_in("Reviewer"))
    assert "No pay periods" in refused.value.message
    assert not FinalCalculation.objects.exists()


def test_the_supervisor_who_recalculated_cannot_approve_the_award():
    application = being_calculated()
    supervisor = staff_in("Supervisor")
    recalculated(application, supervisor)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=supervisor)
    assert refused.value.message == staff_services.FOUR_EYES_RECALCULATED
    assert state_of(application) == State.CALCULATING


def test_an_award_is_refused_before_any_recalculation():
    application = being_calculated()
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert refused.value.message == staff_services.NOT_RECALCULATED
    assert state_of(application) == State.CALCULATING


def test_the_approval_marks_the_latest_calculation_approved_by_the_supervisor():
    application = being_calculated()
    reviewer, supervisor = staff_in("Reviewer"), staff_in("Supervisor")
    first, latest = recalculated(application, reviewer), recalculated(application, reviewer)
    staff_services.approve_award(application_id=application.pk, actor=supervisor)
    first.refresh_from_db()
    latest.refresh_from_db()
    assert (latest.approved_by, first.approved_by) == (supervisor, None)
    assert latest.approved_at is not None


def test_returning_to_review_moves_back_forgets_who_started_and_tells_the_member():
    application = being_calculated()
    reviewer = staff_in("Reviewer")
    staff_services.return_to_review(application_id=application.pk, reason="The final payroll is missing overtime.",
                                    actor=reviewer)
    returned = Application.objects.get(pk=application.pk)
    assert (returned.state, returned.calculation_started_by, returned.calculation_started_at) == \
        (State.UNDER_REVIEW, None, None)
    entry = AuditEntry.objects.get(action="applications.application.returned_to_review")
    assert entry.data == {"from": "CALCULATING", "to": "UNDER_REVIEW",
                          "reason": "The final payroll is missing overtime."}
    assert OutboundEmail.objects.filter(to=application.member.notice_email, body__contains="under review").exists()


def test_a_return_to_review_without_a_reason_is_refused():
    application = being_calculated()
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.return_to_review(application_id=application.pk, reason="  ", actor=staff_in("Reviewer"))
    assert refused.value.message == staff_services.RETURN_REASON_NEEDED
    assert state_of(application) == State.CALCULATING


def test_only_an_application_being_calculated_returns_to_review():
    application = submitted_application(state=State.WAITING_FOR_MEMBER)
    with pytest.raises(staff_services.ServiceError):
        staff_services.return_to_review(application_id=application.pk, reason="Check.", actor=staff_in("Reviewer"))
    assert state_of(application) == State.WAITING_FOR_MEMBER


def test_a_calculation_made_before_a_return_to_review_cannot_be_approved():
    application = being_calculated()
    reviewer = staff_in("Reviewer")
    recalculated(application, reviewer)
    staff_services.return_to_review(application_id=application.pk, reason="Check the beneficiary.", actor=reviewer)
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert refused.value.message == staff_services.NOT_RECALCULATED
    recalculated(application, reviewer)
    staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert state_of(application) == State.AWARDED


def test_a_calculation_cannot_be_approved_by_who_made_it_even_outside_the_service():
    application = being_calculated()
    reviewer = staff_in("Reviewer")
    made = recalculated(application, reviewer)
    made.approved_by, made.approved_at = reviewer, timezone.now()
    with pytest.raises(IntegrityError, match="applications_calculation_four_eyes"):
        made.save()


def test_the_calculation_keeps_the_option_the_member_chose_among_every_option():
    application = being_calculated(option="SURVIVOR_50", beneficiary_relationship="CHILD")
    made = recalculated(application, staff_in("Reviewer"))
    assert made.facts["beneficiary_birth_date"] == datetime.date(1967, 2, 3).isoformat()
    assert "SURVIVOR_50" in [row["option"] for row in made.result["options"]]


def test_an_award_is_refused_when_the_final_calculation_finds_the_member_not_eligible():
    application = submitted_application(state=State.UNDER_REVIEW)
    biweekly_history(application.member, years=3)  # three years at 61: short of the ten FULL_60_10 needs
    reviewer = staff_in("Reviewer")
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    made = recalculated(application, reviewer)
    assert made.result["eligibility"]["eligible"] is False
    with pytest.raises(staff_services.StaffActionError) as refused:
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    assert refused.value.message == staff_services.NOT_ELIGIBLE_FINALLY
    assert state_of(application) == State.CALCULATING
