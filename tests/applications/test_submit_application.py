"""Submitting (issue 17 items 3 and 6): refused with the reason until every step is complete and the member is
eligible on the RED; the RED shown is confirmed; the move is audited and noticed; the staff moves likewise."""

import datetime

import pytest

from accounts.models import AuditEntry, OutboundEmail
from applications import services
from applications.models import Application
from pensions.models import PayPeriodReport
from tests.applications.factories import SPOUSE, TODAY, every_step_done, retiring_member, started, with_option

pytestmark = pytest.mark.django_db
RED = datetime.date(2027, 4, 1)


def submit(application, *, shown_red=RED, signature=None, today=TODAY, **answers):
    member = application.member
    return services.submit_application(
        member=member, application=application, shown_red=shown_red, esign_consent=answers.get("esign", True),
        declaration=answers.get("declaration", True), signature=member.full_name if signature is None else signature,
        actor=member.user, today=today)


def test_it_submits_a_complete_draft(django_capture_on_commit_callbacks):
    application = every_step_done(started(retiring_member(married=True)), option="SURVIVOR_50", beneficiary=SPOUSE)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(application)
    assert submitted.state == Application.State.SUBMITTED
    assert submitted.submitted_at and submitted.esign_consented_at and submitted.declaration_accepted_at
    entry = AuditEntry.objects.get(action="applications.application.submitted")
    assert entry.data["from"] == "DRAFT" and entry.data["to"] == "SUBMITTED"
    notice = OutboundEmail.objects.get(subject="We received your retirement application")
    assert application.reference in notice.body


def test_it_refuses_until_every_step_is_complete():
    application = with_option(started(retiring_member()))
    with pytest.raises(services.ApplicationError) as refused:
        submit(application)
    assert refused.value.message.startswith("Finish these steps before you submit: Choose your insurances")
    assert Application.objects.get(pk=application.pk).state == Application.State.DRAFT


@pytest.mark.parametrize(("answers", "message"), [
    ({"esign": False}, services.ESIGN_NEEDED),
    ({"declaration": False}, services.DECLARATION_NEEDED),
    ({"signature": "Somebody Else"}, None),
])
def test_it_refuses_without_consent_declaration_or_the_members_name(answers, message):
    application = every_step_done(started(retiring_member()))
    with pytest.raises(services.ApplicationError) as refused:
        submit(application, **answers)
    assert refused.value.message == (message or services.SIGNATURE_MISMATCH.format(
        name=application.member.full_name))
    assert Application.objects.get(pk=application.pk).state == Application.State.DRAFT


def test_a_submission_after_the_month_of_the_red_shown_is_sent_back_with_the_new_red():
    application = every_step_done(started(retiring_member()))
    with pytest.raises(services.RedChanged) as changed:
        submit(application, today=datetime.date(2027, 4, 10))
    assert changed.value.current == datetime.date(2027, 5, 1)
    assert Application.objects.get(pk=application.pk).state == Application.State.DRAFT


def test_it_refuses_a_second_submission():
    application = every_step_done(started(retiring_member()))
    submit(application)
    with pytest.raises(services.ApplicationError) as refused:
        submit(application)
    assert refused.value.message == services.NOT_A_DRAFT


def test_the_staff_moves_follow_the_table_and_are_audited_and_noticed(django_capture_on_commit_callbacks):
    application = every_step_done(started(retiring_member()))
    submit(application)
    staff = application.member.user
    with django_capture_on_commit_callbacks(execute=True):
        services.move_application(application_id=application.pk, to=Application.State.UNDER_REVIEW, actor=staff)
    assert AuditEntry.objects.filter(action="applications.application.review_started").exists()
    assert OutboundEmail.objects.filter(subject="Your retirement application: under review").exists()
    with pytest.raises(services.ApplicationError) as refused:
        services.move_application(application_id=application.pk, to=Application.State.AWARDED, actor=staff)
    assert refused.value.message == services.NO_SUCH_MOVE
    assert Application.objects.get(pk=application.pk).state == Application.State.UNDER_REVIEW


def test_it_refuses_a_member_not_eligible_on_the_red_with_the_reason():
    application = every_step_done(started(retiring_member()))
    # The record corrected after the start: the employer's reports now show five years, not twelve.
    periods = PayPeriodReport.objects.filter(member=application.member).order_by("period_end")
    PayPeriodReport.objects.filter(pk__in=list(periods.values_list("pk", flat=True)[:26 * 7])).delete()
    with pytest.raises(services.ApplicationError) as refused:
        submit(application)
    assert refused.value.message.startswith("You would not be eligible for a pension on your retirement effective "
                                            "date, April 1, 2027:")
    assert "is under 10" in refused.value.message
    assert Application.objects.get(pk=application.pk).state == Application.State.DRAFT
