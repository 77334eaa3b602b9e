"""The member's answer moves an application waiting for them back under review (issue 19 item 3: "the member's
upload or reply moves it back"): a proof on the checklist, a reply or a new thread on the message board; audited,
noticed, and only ever from "waiting for you"."""

import pytest
from django.test import TestCase

from accounts.message_board import services as board
from accounts.models import AuditEntry, OutboundEmail
from applications import staff_services, submitted_services
from applications.models import Application
from tests.applications.application_factories import submitted_application, upload
from tests.applications.staff_factories import staff_in
from tests.factories import start_message_thread

pytestmark = pytest.mark.django_db
State = Application.State
ANSWERED = "applications.application.member_answered"


def waiting_for_the_member():
    application = submitted_application(state=State.UNDER_REVIEW)
    staff_services.ask_member(application_id=application.pk, item="Send your birth certificate.",
                              actor=staff_in("Reviewer"))
    return application


def state_of(application):
    return Application.objects.get(pk=application.pk).state


def test_a_reply_on_the_message_board_moves_it_back_under_review():
    application = waiting_for_the_member()
    member = application.member
    thread = member.threads.get()
    board.post_member_reply(member=member, thread=thread, body="I have sent it today.", actor=member.user)
    assert state_of(application) == State.UNDER_REVIEW
    entry = AuditEntry.objects.get(action=ANSWERED)
    assert (entry.actor, entry.data) == (member.user, {"from": "WAITING_FOR_MEMBER", "to": "UNDER_REVIEW"})


def test_a_new_thread_from_the_member_moves_it_back_under_review():
    application = waiting_for_the_member()
    start_message_thread(application.member, topic="OTHER", body="Here is what you asked for.")
    assert state_of(application) == State.UNDER_REVIEW


def test_an_uploaded_proof_moves_it_back_under_review():
    application = waiting_for_the_member()
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload(application, "own:MEMBER_AGE")
    assert state_of(application) == State.UNDER_REVIEW
    assert AuditEntry.objects.filter(action=ANSWERED, member=application.member).count() == 1


def test_a_message_while_the_office_is_reviewing_changes_nothing():
    application = submitted_application(state=State.UNDER_REVIEW)
    start_message_thread(application.member)
    assert state_of(application) == State.UNDER_REVIEW
    assert not AuditEntry.objects.filter(action=ANSWERED).exists()


def test_answering_twice_moves_it_once():
    application = waiting_for_the_member()
    member = application.member
    assert submitted_services.member_answered(member=member, actor=member.user) is not None
    assert submitted_services.member_answered(member=member, actor=member.user) is None
    assert AuditEntry.objects.filter(action=ANSWERED).count() == 1


def test_the_member_is_told_their_application_is_under_review_again():
    application = waiting_for_the_member()
    member = application.member
    submitted_services.member_answered(member=member, actor=member.user)
    assert OutboundEmail.objects.filter(to=member.notice_email, body__contains="under review").count() == 1
