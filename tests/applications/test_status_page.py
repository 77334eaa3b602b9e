"""The status timeline and the dashboard card (issue 17 item 5): each stage with its day when done and its expected
day when not, what the member must do next, the card shown anew when the application moves."""

import datetime

import pytest
from django.urls import reverse

from applications import submitted_services
from applications.models import Milestone
from applications.rules.next_step import ARRANGE, AWARDED
from tests.applications.application_factories import review, submitted_application, upload

pytestmark = pytest.mark.django_db


def status_page(application):
    return reverse("applications:status", args=[application.pk])


def test_the_timeline_runs_from_submission_to_the_first_payment(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    body = client.get(status_page(application)).content.decode()
    for stage in ("Application submitted", "Proofs complete", "Final payroll received from your employer",
                  "Pension calculated", "Award letter sent", "First payment"):
        assert stage in body
    assert "Done</strong> on December 3, 2026" in body
    assert "It pays every month from April 1, 2027" in body


def test_the_spousal_waiver_stage_shows_only_when_required(client, member):
    application = submitted_application(member, married=True, option="SURVIVOR_50")
    client.force_login(member.user)
    assert "Spousal waiver approved" in client.get(status_page(application)).content.decode()


def test_missing_proofs_are_what_the_member_must_do_next(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    assert "Send us 1 proof: Proof of your age." in client.get(status_page(application)).content.decode()


def test_with_the_proofs_accepted_the_waiver_comes_next(client, member):
    application = submitted_application(member, married=True, option="STRAIGHT_LIFE")
    for key in ("own:MARRIAGE", "own:MEMBER_AGE"):
        review(upload(application, key))
    client.force_login(member.user)
    assert ARRANGE in client.get(status_page(application)).content.decode()


def test_a_milestone_shows_its_day_and_the_first_payment_follows_the_award(client, member, staff_user):
    application = submitted_application(member, state="AWARDED")
    submitted_services.record_milestone(application_id=application.pk, kind=Milestone.Kind.AWARDED,
                                        on=datetime.date(2027, 4, 9), actor=staff_user)
    client.force_login(member.user)
    body = client.get(status_page(application)).content.decode()
    assert "Done</strong> on April 9, 2027" in body and "Expected on April 23, 2027" in body  # the 25th: Sunday
    assert AWARDED in body


def test_a_milestone_is_recorded_once(member, staff_user):
    application = submitted_application(member)
    for day in (datetime.date(2027, 4, 9), datetime.date(2027, 4, 10)):
        submitted_services.record_milestone(application_id=application.pk, kind=Milestone.Kind.CALCULATED, on=day,
                                            actor=staff_user)
    assert list(Milestone.objects.values_list("on", flat=True)) == [datetime.date(2027, 4, 9)]


def test_another_members_status_is_a_404(client, member, other_member):
    client.force_login(member.user)
    assert client.get(status_page(submitted_application(other_member))).status_code == 404


def test_the_status_pages_queries_are_pinned(client, member, django_assert_num_queries, staff_user):
    application = submitted_application(member)
    client.force_login(member.user)
    client.get(status_page(application))
    # The sign-in, the application, its proofs, its milestones, whether the letter is written.
    with django_assert_num_queries(5):
        assert client.get(status_page(application)).status_code == 200
    for _ in range(3):
        upload(application, "own:MEMBER_AGE")
    submitted_services.record_milestone(application_id=application.pk, kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED,
                                        on=datetime.date(2027, 4, 3), actor=staff_user)
    with django_assert_num_queries(5):
        assert client.get(status_page(application)).status_code == 200


def test_the_dashboard_shows_the_state_and_the_next_step(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert application.reference in body and "Submitted" in body
    assert "Send us 1 proof: Proof of your age." in body


def test_the_dashboard_card_is_shown_anew_when_a_proof_arrives(client, member, django_capture_on_commit_callbacks):
    application = submitted_application(member)
    client.force_login(member.user)
    client.get(reverse("accounts:dashboard"))  # cached now
    with django_capture_on_commit_callbacks(execute=True):
        upload(application, "own:MEMBER_AGE")
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Send us 1 proof" not in body and "we are reviewing your application" in body


def test_a_member_without_an_application_sees_no_card(client, member):
    client.force_login(member.user)
    assert "Your retirement application" not in client.get(reverse("accounts:dashboard")).content.decode()


def test_a_milestone_is_audited_and_noticed(member, staff_user):
    from accounts.models import AuditEntry, OutboundEmail

    application = submitted_application(member)
    milestone = submitted_services.record_milestone(application_id=application.pk, kind=Milestone.Kind.CALCULATED,
                                                    on=datetime.date(2027, 4, 9), actor=staff_user)
    assert AuditEntry.objects.filter(action="applications.milestone.recorded", member=member).count() == 1
    assert OutboundEmail.objects.filter(dedupe_key=f"applications:milestone:{milestone.pk}").count() == 1
