"""Saving the steps (issue 17 item 3): each service keeps whole or unfinished answers, refuses bad ones with the
reason and changes nothing then; the step states come from applications.steps."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import AuditEntry, OutboundEmail
from applications import services, steps, submitted_services
from applications.models import Application
from applications.rules.election import SPOUSE_BUT_NOT_MARRIED
from applications.selectors import TaxAnswers
from applications.steps import StepState
from pensions.engine.beneficiaries import MPSERS_RELATION, SERS_RELATION
from tests.applications.factories import (
    NO_WITHHOLDING,
    ROUTING,
    SPOUSE,
    TODAY,
    every_step_done,
    retiring_member,
    started,
    with_option,
)

pytestmark = pytest.mark.django_db

CHILD = {"name": "Sam Member", "relationship": "CHILD", "birth_date": datetime.date(1995, 5, 6), "dependent": False}


def states(application):
    return {step.key: step.state for step in steps.steps_of(Application.objects.get(pk=application.pk))}


def test_a_new_draft_has_every_step_not_started_and_submit_cannot_start_yet():
    application = started(retiring_member())
    assert states(application) == {"option": StepState.NOT_STARTED, "insurance": StepState.NOT_STARTED,
                                   "tax": StepState.NOT_STARTED, "deposit": StepState.NOT_STARTED,
                                   "submit": StepState.CANNOT_START_YET}


def test_the_option_keeps_the_engines_figures_for_the_red():
    application = with_option(started(retiring_member()), option="STRAIGHT_LIFE")
    assert application.option_red == application.retirement_effective_date
    assert application.option_factor == Decimal(1)
    assert application.option_monthly > 0 and application.option_survivor_monthly == 0
    assert states(application)["option"] is StepState.COMPLETED


def test_the_option_keeps_the_whole_estimate_the_member_chose_from():
    application = with_option(started(retiring_member()), option="STRAIGHT_LIFE")
    kept = Application.objects.get(pk=application.pk).option_estimate
    assert kept["retirement_effective_date"] == application.retirement_effective_date.isoformat()
    assert Decimal(kept["options"][0]["monthly"]) == application.option_monthly
    assert kept["fac_years"] and Decimal(kept["fac"]) > 0


def test_a_married_member_choosing_50_percent_to_the_spouse_needs_the_spousal_waiver():
    application = with_option(started(retiring_member(married=True)), option="SURVIVOR_50", beneficiary=SPOUSE)
    assert application.spousal_waiver_required is True
    assert application.option_survivor_monthly == (application.option_monthly / 2).quantize(Decimal("0.01"))


def test_the_spouse_as_beneficiary_of_the_100_percent_option_needs_no_waiver():
    application = with_option(started(retiring_member(married=True)), option="SURVIVOR_100", beneficiary=SPOUSE)
    assert application.spousal_waiver_required is False


def test_straight_life_of_a_married_member_needs_the_waiver():
    application = with_option(started(retiring_member(married=True)), option="STRAIGHT_LIFE")
    assert application.spousal_waiver_required is True


@pytest.mark.parametrize(("system", "beneficiary", "married", "message"), [
    ("SERS", {**CHILD, "relationship": "OTHER_PERSON"}, False, SERS_RELATION),
    ("MPSERS", CHILD, False, MPSERS_RELATION),
    ("SERS", SPOUSE, False, SPOUSE_BUT_NOT_MARRIED),
])
def test_a_beneficiary_who_is_not_an_eligible_person_is_refused_and_nothing_changes(system, beneficiary, married,
                                                                                      message):
    application = started(retiring_member(system=system, married=married))
    with pytest.raises(services.ApplicationError) as refused:
        with_option(application, option="SURVIVOR_50", beneficiary=beneficiary)
    assert refused.value.field == "beneficiary_relationship"
    assert refused.value.message == message
    assert Application.objects.get(pk=application.pk).option_saved_at is None
    assert not AuditEntry.objects.filter(action="applications.application.option_saved").exists()


def test_an_unacknowledged_option_is_kept_but_in_progress():
    application = started(retiring_member())
    services.save_option(member=application.member, application=application, option="STRAIGHT_LIFE",
                         beneficiary=None, equated=False, social_security_fra=None, acknowledged=False,
                         actor=application.member.user, today=TODAY)
    assert states(application)["option"] is StepState.IN_PROGRESS


def test_a_new_red_puts_the_option_in_need_of_attention():
    application = with_option(started(retiring_member()))
    Application.objects.filter(pk=application.pk).update(retirement_effective_date=datetime.date(2027, 5, 1))
    assert states(application)["option"] is StepState.NEEDS_ATTENTION


def test_a_marriage_after_the_option_was_saved_puts_it_in_need_of_attention():
    application = with_option(started(retiring_member()), option="STRAIGHT_LIFE")
    member = application.member
    member.marital_status = "MARRIED"
    member.save(update_fields=["marital_status"])
    assert states(application)["option"] is StepState.NEEDS_ATTENTION


def test_enrolling_needs_a_health_plan_and_declining_completes_the_step():
    application = started(retiring_member())
    member = application.member
    with pytest.raises(services.ApplicationError) as refused:
        services.save_insurance(member=member, application=application, decision="ENROL", plans={}, dependents=[],
                                actor=member.user, today=TODAY)
    assert refused.value.message == services.CHOOSE_A_HEALTH_PLAN
    assert states(application)["insurance"] is StepState.NOT_STARTED
    services.save_insurance(member=member, application=application, decision="DECLINE", plans={}, dependents=[],
                            actor=member.user, today=TODAY)
    assert states(application)["insurance"] is StepState.COMPLETED


def test_the_tax_answers_are_kept_and_complete_the_step():
    application = started(retiring_member())
    answers = TaxAnswers(True, "MARRIED_JOINT", Decimal(0), Decimal(2000), Decimal(0), Decimal(0), Decimal(25),
                         True, "SINGLE", 1, Decimal(0))
    saved = services.save_tax(member=application.member, application=application, answers=answers,
                              actor=application.member.user)
    assert (saved.federal_withhold, saved.federal_filing_status, saved.federal_step3_credits) == (
        True, "MARRIED_JOINT", Decimal(2000))
    assert states(application)["tax"] is StepState.COMPLETED


def test_no_withholding_clears_the_w4p_amounts():
    application = started(retiring_member())
    saved = services.save_tax(member=application.member, application=application, answers=NO_WITHHOLDING,
                              actor=application.member.user)
    assert saved.federal_withhold is False and saved.federal_filing_status == "" and saved.michigan_withhold is False


def test_the_account_number_is_encrypted_at_rest_and_only_its_last_four_are_shown(django_capture_on_commit_callbacks):
    application = started(retiring_member())
    member = application.member
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.save_deposit(member=member, application=application, routing_number=ROUTING,
                                      account_number="000987654321", account_type="SAVINGS", actor=member.user)
    assert saved.masked_account_number == "••••4321"
    with connection.cursor() as cursor:
        cursor.execute("SELECT deposit_account_number FROM applications_application WHERE id = %s", [saved.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:") and "987654321" not in stored
    assert Application.objects.get(pk=saved.pk).deposit_account_number == "000987654321"
    notice = OutboundEmail.objects.get(to=member.notice_email)
    assert "4321" in notice.body and "987654321" not in notice.body
    entry = AuditEntry.objects.get(action="applications.application.deposit_saved")
    assert "987654321" not in str(entry.data)


@pytest.mark.parametrize(("routing", "account", "field"), [
    ("011000016", "123456789", "routing_number"),  # check digit wrong
    ("12345", "123456789", "routing_number"),
    (ROUTING, "123", "account_number"),
    (ROUTING, "12345678901234567890", "account_number"),
])
def test_a_bad_bank_account_is_refused_and_nothing_changes(routing, account, field):
    application = started(retiring_member())
    with pytest.raises(services.ApplicationError) as refused:
        services.save_deposit(member=application.member, application=application, routing_number=routing,
                              account_number=account, account_type="CHECKING", actor=application.member.user)
    assert refused.value.field == field
    assert Application.objects.get(pk=application.pk).deposit_saved_at is None
    assert not OutboundEmail.objects.exists()


WITHHOLDING = TaxAnswers(True, "SINGLE", Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0), False, "SINGLE",
                         0, Decimal(0))


def _submitted(application):
    return services.submit_application(
        member=application.member, application=application, shown_red=application.retirement_effective_date,
        esign_consent=True, declaration=True, signature=application.member.full_name,
        actor=application.member.user, today=TODAY)


def test_a_submitted_applications_answers_change_until_the_calculation_and_the_member_is_told():
    submitted = _submitted(every_step_done(started(retiring_member())))
    changed = services.save_tax(member=submitted.member, application=submitted, answers=WITHHOLDING,
                                actor=submitted.member.user)
    assert changed.federal_withhold is True and changed.state == Application.State.SUBMITTED
    assert AuditEntry.objects.filter(action="applications.application.tax_saved").count() == 2
    assert OutboundEmail.objects.filter(subject="Your retirement application was changed").count() == 1


def test_once_staff_calculate_the_answers_can_no_longer_change():
    submitted = _submitted(every_step_done(started(retiring_member())))
    Application.objects.filter(pk=submitted.pk).update(state=Application.State.CALCULATING)
    submitted.refresh_from_db()
    with pytest.raises(services.ApplicationError) as refused:
        services.save_tax(member=submitted.member, application=submitted, answers=WITHHOLDING,
                          actor=submitted.member.user)
    assert refused.value.message == submitted_services.CHANGES_CLOSED
    assert Application.objects.get(pk=submitted.pk).federal_withhold is False


def test_the_option_of_a_submitted_application_cannot_change_on_or_after_the_red():
    submitted = _submitted(every_step_done(started(retiring_member())))
    with pytest.raises(services.ApplicationError) as refused:
        services.save_option(member=submitted.member, application=submitted, option="STRAIGHT_LIFE", beneficiary=None,
                             equated=False, social_security_fra=None, acknowledged=True, actor=submitted.member.user,
                             today=submitted.retirement_effective_date)
    assert refused.value.message.startswith("Your payment option and survivor beneficiary can never change")
