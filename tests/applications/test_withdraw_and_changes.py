"""Withdrawing until the RED (audited, noticed) and the rule for changing answers after submission: until staff
start the calculation, the option and beneficiary never on or after the RED (issue 17 item 4, RULES §6)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, OutboundEmail
from applications import submitted_services as services
from applications.models import Application
from tests.applications.application_factories import RED, submitted_application

pytestmark = pytest.mark.django_db
BEFORE_RED = RED - datetime.timedelta(days=1)


def withdraw_page(application):
    return reverse("applications:withdraw", args=[application.pk])


def test_the_member_withdraws_with_the_confirmation(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(withdraw_page(application), {"confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.WITHDRAWN and application.withdrawn_at is not None


def test_withdrawing_is_audited_and_noticed(member):
    application = submitted_application(member)
    services.withdraw_application(member=member, application=application, actor=member.user, today=BEFORE_RED)
    assert AuditEntry.objects.filter(action="applications.application.withdrawn", member=member).exists()
    assert OutboundEmail.objects.filter(dedupe_key=f"applications:withdrawn:{application.pk}").exists()


def test_without_the_box_ticked_nothing_is_withdrawn(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(withdraw_page(application), {})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED


def test_on_the_red_it_can_no_longer_be_withdrawn(member):
    application = submitted_application(member)
    with pytest.raises(services.AfterSubmissionError) as refused:
        services.withdraw_application(member=member, application=application, actor=member.user, today=RED)
    assert refused.value.message == services.WITHDRAW_TOO_LATE.format(red=RED)


def test_an_awarded_application_cannot_be_withdrawn(member):
    application = submitted_application(member, state="AWARDED")
    with pytest.raises(services.AfterSubmissionError) as refused:
        services.withdraw_application(member=member, application=application, actor=member.user, today=BEFORE_RED)
    assert refused.value.message == services.NOT_WITHDRAWABLE


def test_another_members_application_cannot_be_withdrawn(client, member, other_member):
    theirs = submitted_application(other_member)
    client.force_login(member.user)
    assert client.post(withdraw_page(theirs), {"confirm": "on"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Application.State.SUBMITTED


@pytest.mark.parametrize("state", ["SUBMITTED", "UNDER_REVIEW", "WAITING_FOR_MEMBER"])
def test_answers_can_change_until_staff_calculate(member, state):
    application = submitted_application(member, state=state)
    assert services.change_refusal(application, step="deposit", today=BEFORE_RED) is None


@pytest.mark.parametrize("state", ["CALCULATING", "AWARDED", "WITHDRAWN"])
def test_answers_cannot_change_once_staff_calculate(member, state):
    application = submitted_application(member, state=state)
    assert services.change_refusal(application, step="tax", today=BEFORE_RED) == services.CHANGES_CLOSED


def test_the_option_cannot_change_on_or_after_the_red(member):
    application = submitted_application(member)
    assert services.change_refusal(application, step="option", today=RED) == \
        services.OPTION_FIXED_AT_RED.format(red=RED)
    assert services.change_refusal(application, step="insurance", today=RED) is None
