"""The application's pages (issue 17 items 2 and 3): start, the task list, the steps. Bad input on every step is a
clear message and changes nothing; "save and come back later" keeps what is typed; another member's application
is a 404; the bank account number is never shown, logged or passed to a task except as its last four digits."""

import datetime
import logging
import re

import pytest
from celery.app.task import Task
from django.urls import reverse

from accounts.models import AuditEntry, OutboundEmail
from applications import services, steps
from applications.models import Application
from applications.selectors import preview_tax_year
from tests.applications.factories import ROUTING, SPOUSE, TODAY, every_step_done, retiring_member, started, with_option
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 15, tzinfo=datetime.timezone.utc), tick=False)


def signed_in(client, member, *, reauthenticated=False):
    client.force_login(member.user)
    if reauthenticated:
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return client


def url(name, application):
    return reverse(f"applications:{name}", args=[application.pk])


def state_of(application):
    return {s.key: s.state for s in steps.steps_of(Application.objects.get(pk=application.pk))}


# --- start -------------------------------------------------------------------------------------------------------

def test_the_start_page_shows_the_provision_the_red_and_the_date_to_apply_by(client):
    member = retiring_member()
    body = signed_in(client, member).post(reverse("applications:start"),
                                          {"last_day_worked": "2027-03-31", "action": "check"}).content.decode()
    assert "Full pension at age 60 with 10 years" in body
    assert "April 1, 2027" in body and "January 1, 2027" in body
    assert not Application.objects.exists()


def test_starting_opens_the_task_list(client):
    member = retiring_member()
    response = signed_in(client, member).post(reverse("applications:start"),
                                              {"last_day_worked": "2027-03-31", "action": "start"})
    application = Application.objects.get(member=member)
    assert response.status_code == 302 and response.url == url("tasks", application)
    body = client.get(response.url).content.decode()
    assert application.reference in body and "Not started" in body and "Cannot start yet" in body


def test_a_member_not_eligible_on_the_date_reads_why_and_the_earliest_date(client):
    member = retiring_member(years=5)
    body = signed_in(client, member).post(reverse("applications:start"),
                                          {"last_day_worked": "2027-03-31", "action": "start"}).content.decode()
    assert "You would not be eligible for a pension on April 1, 2027" in body
    assert "The earliest retirement effective date that works is" in body
    assert not Application.objects.exists()


@pytest.mark.parametrize(("value", "message"), [("", "Enter the last day you will work."),
                                                ("2026-11-30", "cannot be in the past"),
                                                ("2040-01-01", "within the next 5 years"),
                                                ("2027-02-30", "Enter a valid date.")])
def test_a_bad_last_day_of_work_is_a_clear_message(client, value, message):
    member = retiring_member()
    body = signed_in(client, member).post(reverse("applications:start"),
                                          {"last_day_worked": value, "action": "start"}).content.decode()
    assert message in body
    assert not Application.objects.exists()


def test_a_member_with_an_edro_is_sent_to_the_message_board(client):
    member = retiring_member(edro_on_file=True)
    response = signed_in(client, member).get(reverse("applications:start"))
    assert response.status_code == 302 and response.url == reverse("message_board:messages")


def test_a_retired_member_has_no_application_pages(client):
    member = retiring_member(status="RETIRED")
    signed_in(client, member)
    assert client.get(reverse("applications:start")).status_code == 404
    assert client.get(reverse("applications:overview")).status_code == 404


def test_the_overview_opens_the_members_open_application(client):
    application = started(retiring_member())
    response = signed_in(client, application.member).get(reverse("applications:overview"))
    assert response.url == url("tasks", application)


def test_the_overview_opens_a_submitted_applications_status(client):
    application = every_step_done(started(retiring_member()))
    services.submit_application(member=application.member, application=application,
                                shown_red=application.retirement_effective_date, esign_consent=True,
                                declaration=True, signature=application.member.full_name,
                                actor=application.member.user, today=TODAY)
    response = signed_in(client, application.member).get(reverse("applications:overview"))
    assert response.url == url("status", application)


def test_a_submitted_applications_steps_stay_open_to_change_until_the_calculation(client):
    application = every_step_done(started(retiring_member()))
    services.submit_application(member=application.member, application=application,
                                shown_red=application.retirement_effective_date, esign_consent=True,
                                declaration=True, signature=application.member.full_name,
                                actor=application.member.user, today=TODAY)
    body = signed_in(client, application.member).get(url("tasks", application)).content.decode()
    assert f'href="{url("tax", application)}"' in body and f'href="{url("submit", application)}"' not in body


@pytest.mark.parametrize("name", ["tasks", "option", "insurance", "tax", "deposit", "submit"])
def test_another_members_application_is_a_404(client, name):
    theirs = started(retiring_member())
    signed_in(client, retiring_member(), reauthenticated=True)
    assert client.get(url(name, theirs)).status_code == 404
    assert client.post(url(name, theirs), {"action": "later"}).status_code == (405 if name == "tasks" else 404)
    assert Application.objects.get(pk=theirs.pk).updated_at == theirs.updated_at


# --- the steps: bad input changes nothing, "later" keeps what is typed ----------------------------------------

BAD_INPUT = {
    "option": ({"option": "SURVIVOR_50", "beneficiary_source": "new", "beneficiary_name": "Jordan Member",
                "beneficiary_relationship": "SPOUSE", "beneficiary_birth_date": "2030-01-01", "acknowledged": "on",
                "action": "continue"}, "in the future"),
    "insurance": ({"decision": "ENROL", "action": "continue"}, "Choose a health plan, or choose not to enrol."),
    "tax": ({"federal_withhold": "yes", "federal_filing_status": "SINGLE", "step3_credits": "-5",
             "michigan_withhold": "no", "action": "continue"}, "greater than or equal to 0"),
    "deposit": ({"routing_number": ROUTING, "account_number": "123456789", "account_number_again": "123456780",
                 "account_type": "CHECKING", "action": "continue"}, "The two account numbers are not the same"),
}


@pytest.mark.parametrize("step", list(BAD_INPUT))
def test_bad_input_on_a_step_is_a_clear_message_and_changes_nothing(client, step):
    application = started(retiring_member())
    signed_in(client, application.member, reauthenticated=True)
    audit_before = AuditEntry.objects.count()
    data, message = BAD_INPUT[step]
    response = client.post(url(step, application), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert state_of(application)[step] is steps.StepState.NOT_STARTED
    assert AuditEntry.objects.count() == audit_before


def test_the_option_step_without_the_acknowledgment_asks_for_it(client):
    application = started(retiring_member())
    body = signed_in(client, application.member).post(url("option", application), {
        "option": "STRAIGHT_LIFE", "action": "continue"}).content.decode()
    assert "Tick the box to confirm you understand" in body
    assert state_of(application)["option"] is steps.StepState.NOT_STARTED


def test_save_and_come_back_later_keeps_an_unfinished_step(client):
    application = started(retiring_member())
    response = signed_in(client, application.member).post(url("option", application), {
        "option": "STRAIGHT_LIFE", "action": "later"})
    assert response.url == url("tasks", application)
    assert state_of(application)["option"] is steps.StepState.IN_PROGRESS
    body = client.get(url("option", application)).content.decode()
    assert re.search(r'value="STRAIGHT_LIFE"[^>]*checked', body)


def test_the_option_page_says_a_spousal_waiver_will_be_needed(client):
    application = started(retiring_member(married=True))
    body = signed_in(client, application.member).post(url("option", application), {
        "option": "SURVIVOR_50", "beneficiary_source": "new", "beneficiary_name": "Jordan Member",
        "beneficiary_relationship": "SPOUSE", "beneficiary_birth_date": "1967-02-03", "action": "show"}
    ).content.decode()
    assert "A spousal waiver will be needed." in body
    assert "50% survivor" in body and "Cost and break-even" in body
    assert state_of(application)["option"] is steps.StepState.NOT_STARTED  # showing saves nothing


def test_the_tax_step_previews_the_net_pay_from_the_rules(client):
    application = with_option(started(retiring_member()))
    body = signed_in(client, application.member).post(url("tax", application), {
        "federal_withhold": "no", "michigan_withhold": "no", "action": "show"}).content.decode()
    assert "Paid to you" in body and f"${application.option_monthly:,.2f}" in body


def test_the_deposit_step_asks_to_sign_in_again_first(client):
    application = started(retiring_member())
    response = signed_in(client, application.member).get(url("deposit", application))
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))


def test_the_check_page_refuses_submission_until_the_steps_are_done(client):
    application = with_option(started(retiring_member()))
    signed_in(client, application.member)
    body = client.post(url("submit", application), {"shown_red": "2027-04-01", "esign_consent": "on",
                                                    "declaration": "on",
                                                    "signature": application.member.full_name}).content.decode()
    assert "Finish these steps before you submit" in body
    assert Application.objects.get(pk=application.pk).state == Application.State.DRAFT


# --- the account number: planted, then searched for everywhere ------------------------------------------------

PLANTED = "48151623420"


def test_the_account_number_appears_nowhere_but_masked(client, caplog, monkeypatch, django_capture_on_commit_callbacks):
    application = with_option(started(retiring_member(married=True)), option="SURVIVOR_50", beneficiary=SPOUSE)
    signed_in(client, application.member, reauthenticated=True)
    task_args = []
    original = Task.apply_async

    def spy(self, args=None, kwargs=None, *rest, **options):
        task_args.append((self.name, args, kwargs))
        return original(self, args, kwargs, *rest, **options)

    monkeypatch.setattr(Task, "apply_async", spy)
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        bad = client.post(url("deposit", application), {
            "routing_number": ROUTING, "account_number": PLANTED, "account_number_again": PLANTED + "9",
            "account_type": "CHECKING", "action": "continue"})
        saved = client.post(url("deposit", application), {
            "routing_number": ROUTING, "account_number": PLANTED, "account_number_again": PLANTED,
            "account_type": "CHECKING", "action": "continue"})
    assert saved.status_code == 302 and PLANTED not in saved.url
    pages = [bad.content.decode()] + [client.get(url(name, application)).content.decode()
                                      for name in ("tasks", "deposit", "submit")]
    assert "••••3420" in pages[-1]
    for text in pages + [record.getMessage() for record in caplog.records] + [repr(task_args)] + \
            [e.body + e.subject for e in OutboundEmail.objects.all()] + \
            [str(e.data) + e.target for e in AuditEntry.objects.all()]:
        assert PLANTED not in text
    assert task_args, "the notice's task was enqueued (and searched)"


# --- query counts --------------------------------------------------------------------------------------------

EXPECTED_QUERIES = {"tasks": 2, "option": 5, "insurance": 6, "tax": 2, "submit": 3}


@pytest.mark.parametrize("name", list(EXPECTED_QUERIES))
@pytest.mark.parametrize("years", [11, 35])
def test_the_page_issues_its_pinned_number_of_queries_whatever_the_history(client, name, years,
                                                                           django_assert_num_queries):
    application = with_option(started(retiring_member(years=years)))
    signed_in(client, application.member)
    client.get(url(name, application))  # the session and the caches warm, as on a second visit
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        assert client.get(url(name, application)).status_code == 200


def test_the_net_pay_uses_the_reds_tax_year_or_the_latest_published_before_it():
    assert preview_tax_year(2026) == 2026
    assert preview_tax_year(2031) == 2026  # next year's tables come each December
    assert preview_tax_year(1999) is None
