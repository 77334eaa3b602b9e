"""Becoming a retiree (issue 19 item 6): on the RED the beat job makes an awarded member with their letter a retiree,
once, audited and noticed; the dashboard then shows the pension paid instead of the application, and the retiree's
pages open. The clock is moved by handing the job its ``today``."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, Member, OutboundEmail
from applications import staff_services, tasks
from applications.retiring import make_retirees
from insurance.models import InsuranceProfile
from tests.applications.application_factories import RED, submitted_application
from tests.applications.award_factories import approved, awarded_letter, calculated
from tests.applications.staff_factories import staff_in

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def status_of(member):
    return Member.objects.get(pk=member.pk).status


def test_an_awarded_member_becomes_a_retiree_on_the_red():
    member = awarded_letter().document.member
    assert make_retirees(today=RED - DAY) == 0 and status_of(member) == Member.Status.ACTIVE
    assert make_retirees(today=RED) == 1 and status_of(member) == Member.Status.RETIRED


def test_the_job_run_twice_retires_once():
    member = awarded_letter().document.member
    make_retirees(today=RED)
    assert make_retirees(today=RED + DAY) == 0
    assert AuditEntry.objects.filter(action="accounts.member.retired", member=member).count() == 1
    assert OutboundEmail.objects.filter(dedupe_key=f"applications:retired:{member.pk}").count() == 1


def test_an_award_without_its_letter_waits_for_it():
    member = approved().application.member
    assert make_retirees(today=RED) == 0 and status_of(member) == Member.Status.ACTIVE


def test_the_retiree_takes_the_awarded_figures():
    letter = awarded_letter()
    make_retirees(today=RED)
    profile = InsuranceProfile.objects.get(member=letter.document.member)
    assert profile.retirement_effective_date == RED
    assert profile.monthly_pension == Decimal(letter.content["monthly"]["gross"])
    assert profile.years_of_service == Decimal(letter.calculation.result["yos"])


def test_the_beat_task_runs_the_job():
    member = awarded_letter(red=datetime.date(2026, 11, 1), last_day=datetime.date(2026, 10, 31),
                            submitted_at=datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC)).document.member
    tasks.make_retirees_task.apply()  # today (the machine's) is after that RED
    assert status_of(member) == Member.Status.RETIRED


def test_the_dashboard_switches_to_the_pension_on_the_red(client, django_capture_on_commit_callbacks):
    letter = awarded_letter()
    member = letter.document.member
    client.force_login(member.user)
    make_retirees(today=RED - DAY)
    before = client.get(reverse("accounts:dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the dashboard's cache moves on when the change commits
        make_retirees(today=RED)
    after = client.get(reverse("accounts:dashboard")).content.decode()
    net = f"${Decimal(letter.content['monthly']['net']):,.2f}"
    assert 'id="pension-h"' not in before and 'id="application-h"' in before
    assert 'id="pension-h"' in after and "Net monthly payment" in after and net in after
    assert 'id="application-h"' not in after  # the application card is gone


def test_the_retirees_pages_open_only_once_retired(client):
    member = awarded_letter().document.member
    client.force_login(member.user)
    life, estimates = reverse("insurance:life"), reverse("pensions:estimates")
    assert client.get(life).status_code == 404 and client.get(estimates).status_code == 200
    make_retirees(today=RED)
    assert client.get(life).status_code == 200 and client.get(estimates).status_code == 404


def test_an_awarded_member_is_no_longer_offered_estimates_or_retirement_dates(client,
                                                                             django_capture_on_commit_callbacks):
    application = submitted_application()
    client.force_login(application.member.user)
    calculation = calculated(application)
    before = client.get(reverse("accounts:dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the dashboard's cache moves on when the award commits
        staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    after = client.get(reverse("accounts:dashboard")).content.decode()
    assert calculation.application_id == application.pk
    assert "When you could retire" in before and "Run an estimate for your earliest retirement date" in before
    assert "When you could retire" not in after and "Run an estimate for your earliest retirement date" not in after
