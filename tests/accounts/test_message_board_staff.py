"""The staff workspace of the Message board, in the admin (accounts/message_board/admin.py)."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import uploads
from accounts.message_board import services
from accounts.message_board.business_days import LANSING
from accounts.message_board.models import InternalNote, Message
from accounts.models import AuditEntry, Document, OutboundEmail
from pensions.models import System
from tests.accounts.messaging_factories import TOTP_SECRET, clean_png, png_upload, staff_in, start_message_thread
from tests.clamav_signatures import EICAR
from tests.factories import ClaimedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:message_board_thread_changelist")


def page_url(thread):
    return reverse("admin:message_board_thread_change", args=[thread.pk])


def act_url(thread, action):
    return reverse("admin:message_board_thread_act", args=[thread.pk, action])


@pytest.fixture
def reviewer(db):
    return staff_in("Reviewer", first_name="Robin", last_name="Reviewer")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def queue_numbers(client, query=""):
    body = client.get(QUEUE + query).content.decode()
    return [int(n) for n in re.findall(r'<th class="field-number"><a href="[^"]+">#(\d+)</a>', body)]


def started_at(member, when, **kwargs):
    with time_machine.travel(when, tick=False):
        return start_message_thread(member, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# The queue
# ---------------------------------------------------------------------------------------------------------------

def test_the_queue_lists_open_threads_by_answer_time(reviewer_client, member, other_member, reviewer):
    later = started_at(member, timezone.now() - timedelta(hours=1))
    earliest = started_at(other_member, timezone.now() - timedelta(days=10))
    answered = started_at(member, timezone.now() - timedelta(days=20), topic="MARRIAGE")
    services.post_staff_reply(thread_id=answered.pk, body="Done", staff_user=reviewer)
    closed = start_message_thread(member, topic="DIVORCE")
    services.close_thread(thread_id=closed.pk, staff_user=reviewer)

    assert queue_numbers(reviewer_client) == [earliest.pk, later.pk, answered.pk]
    assert queue_numbers(reviewer_client, "?status=closed") == [closed.pk]
    assert set(queue_numbers(reviewer_client, "?status=all")) == {earliest.pk, later.pk, answered.pk, closed.pk}


def test_the_queue_says_which_threads_are_overdue(reviewer_client, member, other_member):
    overdue = started_at(member, timezone.now() - timedelta(days=10))
    fresh = start_message_thread(other_member)
    body = reviewer_client.get(QUEUE).content.decode()
    assert body.count('<strong class="thread-overdue">Overdue</strong>') == 1
    assert queue_numbers(reviewer_client, "?overdue=yes") == [overdue.pk]
    assert queue_numbers(reviewer_client, "?overdue=no") == [fresh.pk]


def test_the_queue_filters_by_topic_system_and_assignee(reviewer_client, reviewer, member):
    school = ClaimedMemberFactory(system=System.MPSERS, benefit_structure="MIP_FIXED")
    mine = start_message_thread(member, topic="MEDICARE")
    theirs = start_message_thread(school, topic="DIVORCE")
    services.assign_thread(thread_id=mine.pk, assignee=reviewer, expected_assignee_id=None, staff_user=reviewer)
    assert queue_numbers(reviewer_client, "?topic__exact=DIVORCE") == [theirs.pk]
    assert queue_numbers(reviewer_client, "?system=MPSERS") == [theirs.pk]
    assert queue_numbers(reviewer_client, "?system=SERS") == [mine.pk]
    assert queue_numbers(reviewer_client, "?assigned=me") == [mine.pk]
    assert queue_numbers(reviewer_client, "?assigned=nobody") == [theirs.pk]


def test_staff_outside_the_groups_cannot_open_the_workspace(client, member):
    thread = start_message_thread(member)
    outsider = StaffUserFactory()  # staff with an authenticator, but in no group
    TOTP.activate(outsider, TOTP_SECRET)
    client.force_login(outsider)
    assert client.get(QUEUE).status_code == 403
    assert client.get(page_url(thread)).status_code == 403
    assert client.post(act_url(thread, "reply"), {"body": "Hello"}).status_code == 403
    assert Message.objects.count() == 1 and not AuditEntry.objects.filter(action__contains="staff").exists()


def test_a_member_cannot_reach_the_workspace(member_client, member):
    thread = start_message_thread(member)
    for response in (member_client.get(QUEUE), member_client.get(page_url(thread)),
                     member_client.post(act_url(thread, "reply"), {"body": "x"})):
        assert response.status_code == 302 and "/login/" in response.url
    assert Message.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------------
# One thread
# ---------------------------------------------------------------------------------------------------------------

def test_reading_a_thread_is_audited(reviewer_client, reviewer, member):
    thread = start_message_thread(member)
    body = reviewer_client.get(page_url(thread)).content.decode()
    assert "Has my new bank account been set up?" in body
    entry = AuditEntry.objects.get(action="accounts.thread.viewed_by_staff")
    assert (entry.actor, entry.member, entry.target) == (reviewer, member, f"thread:{thread.pk}")


def test_staff_reply_from_the_workspace_and_the_member_is_told_once_without_the_text(
        reviewer_client, reviewer, member, django_capture_on_commit_callbacks):
    thread = start_message_thread(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(act_url(thread, "reply"), {"body": "Your deposit starts in December."})
    assert response.status_code == 302 and response.url == page_url(thread)
    reply = Message.objects.get(thread=thread, seq=2)
    assert (reply.sender, reply.author, reply.answer_due_at) == ("STAFF", reviewer, None)
    thread.refresh_from_db()
    assert thread.due_at is None and thread.last_seq == 2
    assert AuditEntry.objects.filter(action="accounts.thread.staff_replied", actor=reviewer).count() == 1

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.user.email]
    assert "reply is waiting" in email.subject
    assert reverse("message_board:message_thread", args=[thread.pk]) in email.body
    assert "December" not in email.body and "deposit" not in email.body.lower()


@pytest.mark.parametrize("body, error", [("", "Write your message before sending it."),
                                         ("y" * 5001, "one message can hold up to 5000")])
def test_an_empty_or_oversize_staff_reply_is_refused_and_nothing_is_stored(reviewer_client, member, body, error):
    thread = start_message_thread(member)
    response = reviewer_client.post(act_url(thread, "reply"), {"body": body})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Message.objects.count() == 1 and not OutboundEmail.objects.exists()


def test_an_internal_note_is_kept_for_staff_only(reviewer_client, reviewer, member, client):
    thread = start_message_thread(member)
    response = reviewer_client.post(act_url(thread, "note"), {"body": "Called the bank: fine."})
    assert response.status_code == 302
    note = InternalNote.objects.get()
    assert (note.thread, note.author) == (thread, reviewer)
    assert "Called the bank: fine." in reviewer_client.get(page_url(thread)).content.decode()
    client.force_login(member.user)
    assert "Called the bank" not in client.get(reverse("message_board:message_thread", args=[thread.pk])).content.decode()
    thread.refresh_from_db()
    assert thread.last_seq == 1 and thread.due_at is not None  # a note is not an answer


def test_assigning_checks_that_nobody_changed_it_in_between(reviewer_client, reviewer, member):
    colleague = staff_in("Supervisor", first_name="Sam", last_name="Supervisor")
    thread = start_message_thread(member)
    # Both opened the page while the thread was unassigned; Sam saves first.
    services.assign_thread(thread_id=thread.pk, assignee=colleague, expected_assignee_id=None, staff_user=colleague)
    response = reviewer_client.post(act_url(thread, "assign"), {"assignee": reviewer.pk, "expected": ""})
    assert response.status_code == 409
    assert "it is now assigned to Sam Supervisor. Nothing was changed." in response.content.decode()
    thread.refresh_from_db()
    assert thread.assigned_to == colleague
    # Having seen it, Robin may still take it over, knowingly.
    response = reviewer_client.post(act_url(thread, "assign"), {"assignee": reviewer.pk, "expected": colleague.pk})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.assigned_to == reviewer
    entry = AuditEntry.objects.filter(action="accounts.thread.assigned").latest("id")
    assert entry.data == {"from": colleague.pk, "to": reviewer.pk}


def test_a_thread_cannot_be_assigned_to_someone_who_cannot_answer(reviewer_client, member):
    thread = start_message_thread(member)
    bystander = StaffUserFactory()
    response = reviewer_client.post(act_url(thread, "assign"), {"assignee": bystander.pk, "expected": ""})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    with pytest.raises(services.MessageBoardError, match="cannot answer"):
        services.assign_thread(thread_id=thread.pk, assignee=bystander, expected_assignee_id=None,
                               staff_user=bystander)
    thread.refresh_from_db()
    assert thread.assigned_to is None


def test_close_and_reopen(reviewer_client, member):
    thread = start_message_thread(member)
    assert reviewer_client.post(act_url(thread, "close")).status_code == 302
    thread.refresh_from_db()
    assert (thread.status, thread.due_at) == ("CLOSED", None) and thread.closed_at is not None
    response = reviewer_client.post(act_url(thread, "reply"), {"body": "Late answer"})
    assert response.status_code == 409 and services.STAFF_THREAD_CLOSED in response.content.decode()
    assert "Late answer" in response.content.decode()  # what was typed is kept
    assert reviewer_client.post(act_url(thread, "close")).status_code == 409

    assert reviewer_client.post(act_url(thread, "reopen")).status_code == 302
    thread.refresh_from_db()
    assert thread.status == "OPEN" and thread.closed_at is None
    assert thread.due_at is not None  # the member's message was never answered: a fresh clock
    assert [e.action for e in AuditEntry.objects.filter(action__in=["accounts.thread.closed",
                                                                    "accounts.thread.reopened"]).order_by("id")] == [
        "accounts.thread.closed", "accounts.thread.reopened"]


def test_an_action_is_only_ever_a_post(reviewer_client, member):
    thread = start_message_thread(member)
    assert reviewer_client.get(act_url(thread, "close")).status_code == 405
    assert reviewer_client.post(page_url(thread), {"body": "x"}).status_code == 405
    assert reviewer_client.post(act_url(thread, "delete")).status_code == 403
    thread.refresh_from_db()
    assert thread.status == "OPEN"


def test_staff_download_a_members_attachment_safely_and_it_is_audited(reviewer_client, reviewer, member):
    thread = start_message_thread(member, attachment=clean_png("adoption order.png"))
    message = thread.messages.get()
    url = reverse("admin:message_board_thread_attachment", args=[thread.pk, message.pk])
    assert url in reviewer_client.get(page_url(thread)).content.decode()
    response = reviewer_client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="adoption order.png"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"
    assert AuditEntry.objects.filter(action="accounts.thread.attachment_downloaded_by_staff", actor=reviewer).exists()
    other = start_message_thread(member, topic="MARRIAGE")
    assert reviewer_client.get(reverse("admin:message_board_thread_attachment",
                                       args=[other.pk, message.pk])).status_code == 404


@pytest.mark.parametrize("payload", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'])
def test_member_text_is_escaped_in_the_queue_and_the_thread(reviewer_client, payload):
    member = ClaimedMemberFactory(first_name=payload)
    thread = start_message_thread(member, body=f"Body {payload}")
    services.add_internal_note(thread_id=thread.pk, body=f"Note {payload}", staff_user=StaffUserFactory())
    for url in (QUEUE, page_url(thread)):
        body = reviewer_client.get(url).content.decode()
        assert payload not in body
        assert "&lt;" in body


@time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=LANSING), tick=False)
def test_the_thread_page_shows_the_answer_time_and_who_has_it(reviewer_client, reviewer, member):
    thread = start_message_thread(member)
    services.assign_thread(thread_id=thread.pk, assignee=reviewer, expected_assignee_id=None, staff_user=reviewer)
    body = reviewer_client.get(page_url(thread)).content.decode()
    assert "Tuesday, Nov 24, 2026, 5:00 p.m." in body
    assert "<dt>Assigned to</dt><dd>Robin Reviewer</dd>" in body
    assert f'<input type="hidden" name="expected" value="{reviewer.pk}"' in body


def test_a_malformed_thread_address_goes_back_to_the_admin_not_to_an_error(reviewer_client, member):
    # Browsers and tools resolve relative URLs against the thread page (axe re-reads imported stylesheets so).
    response = reviewer_client.get(reverse("admin:message_board_thread_changelist") + "1/change/widgets.css/change/")
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert not AuditEntry.objects.filter(action="accounts.thread.viewed_by_staff").exists()


@pytest.mark.parametrize("term", ["abc", "10000001", "Member", "1"])
def test_the_queue_searches_by_thread_number_member_id_or_name(reviewer_client, member, term):
    start_message_thread(member)
    assert reviewer_client.get(QUEUE, {"q": term, "status": "all"}).status_code == 200


def test_the_queue_finds_a_thread_by_the_members_id(reviewer_client, member, other_member):
    mine = start_message_thread(member)
    start_message_thread(other_member)
    assert queue_numbers(reviewer_client, f"?q={member.member_id}") == [mine.pk]


# ---------------------------------------------------------------------------------------------------------------
# Attachments with a staff reply (issue 15 item 9)
# ---------------------------------------------------------------------------------------------------------------

def test_a_staff_reply_carries_an_attachment_into_the_members_documents(reviewer_client, reviewer, member, client):
    thread = start_message_thread(member)
    response = reviewer_client.post(act_url(thread, "reply"), {"body": "The form is attached.",
                                                               "attachment": png_upload("W-4P form.png")})
    assert response.status_code == 302
    reply = Message.objects.get(thread=thread, seq=2)
    document = reply.document
    assert (document.member, document.kind, document.original_name) == (member, Document.Kind.LETTER, "W-4P form.png")
    assert AuditEntry.objects.get(action="accounts.thread.staff_replied").data["attachment"] is True
    assert reverse("admin:message_board_thread_attachment", args=[thread.pk, reply.pk]) in (
        reviewer_client.get(page_url(thread)).content.decode())

    client.force_login(member.user)
    link = reverse("accounts:document_download", args=[document.pk])
    assert f'href="{link}">W-4P form.png</a>' in client.get(
        reverse("message_board:message_thread", args=[thread.pk])).content.decode()
    download = client.get(link)
    assert download["Content-Disposition"] == 'attachment; filename="W-4P form.png"'


def test_a_staff_attachment_does_not_count_against_the_members_upload_quota(reviewer_client, member, settings):
    thread = start_message_thread(member)
    reviewer_client.post(act_url(thread, "reply"), {"body": "Attached.", "attachment": png_upload()})
    assert not Document.objects.filter(member=member, kind=Document.Kind.UPLOAD).exists()


@pytest.mark.parametrize("upload, refusal", [
    (lambda: SimpleUploadedFile("letter.pdf", b"<html><script>alert(1)</script></html>"), uploads.NOT_ALLOWED),
    (lambda: SimpleUploadedFile("letter.pdf", EICAR), uploads.VIRUS),
    (lambda: png_upload("letter.pdf"), "The name of this file does not match what is in it"),
])
def test_a_staff_attachment_is_checked_and_scanned_like_a_members(reviewer_client, member, upload, refusal):
    thread = start_message_thread(member)
    response = reviewer_client.post(act_url(thread, "reply"), {"body": "See the file.", "attachment": upload()})
    assert response.status_code == 400 and refusal in response.content.decode()
    assert Message.objects.filter(thread=thread).count() == 1 and not Document.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_the_reply_form_sends_files(reviewer_client, member):
    body = reviewer_client.get(page_url(start_message_thread(member))).content.decode()
    form = body[body.index('<section class="module" aria-labelledby="reply-h">'):]
    assert 'enctype="multipart/form-data"' in form[:form.index("</form>")]


def test_an_ssn_shaped_number_in_a_staff_reply_is_held_back_then_sent_masked(reviewer_client, member):
    thread = start_message_thread(member)
    response = reviewer_client.post(act_url(thread, "reply"), {"body": "We have 123-45-6789 on file."})
    assert response.status_code == 400 and "number shaped like a Social Security number" in response.content.decode()
    reviewer_client.post(act_url(thread, "reply"), {"body": "We have 123-45-6789 on file.", "send_masked": "on"})
    assert Message.objects.get(thread=thread, seq=2).body == "We have •••-••-6789 on file."


def test_an_internal_note_never_stores_an_ssn_shaped_number(reviewer):
    thread = start_message_thread(ClaimedMemberFactory())
    note = services.add_internal_note(thread_id=thread.pk, body="She read 123456789 to me.", staff_user=reviewer)
    assert note.body == "She read •••-••-6789 to me."


# ---------------------------------------------------------------------------------------------------------------
# The supervisors' overdue list agrees with the queue (issue 15 item 9)
# ---------------------------------------------------------------------------------------------------------------

OVERDUE_ALERTS = reverse("admin:message_board_overduealert_changelist")


def alerted_threads(client, query=""):
    body = client.get(OVERDUE_ALERTS + query).content.decode()
    return sorted(int(n) for n in re.findall(r'<a href="/admin/message_board/thread/\d+/change/">#(\d+) ', body))


def test_the_supervisors_overdue_list_names_the_threads_the_queue_calls_overdue(client, reviewer, member,
                                                                                 other_member):
    supervisor = staff_in("Supervisor", first_name="Sam", last_name="Supervisor")
    long_ago = timezone.now() - timedelta(days=20)
    still = started_at(member, long_ago)
    answered = started_at(other_member, long_ago)
    again = started_at(member, long_ago, topic="MARRIAGE")
    closed = started_at(other_member, long_ago, topic="DIVORCE")
    fresh = start_message_thread(member, topic="MEDICARE")
    with time_machine.travel(long_ago + timedelta(days=10), tick=False):
        services.alert_overdue_threads()  # the job told the supervisors about all four
    services.post_staff_reply(thread_id=answered.pk, body="Done.", staff_user=reviewer)
    services.post_staff_reply(thread_id=again.pk, body="Done.", staff_user=reviewer)
    with time_machine.travel(long_ago + timedelta(days=12), tick=False):
        services.post_member_reply(member=member, thread=again, body="One more thing.", actor=member.user)
    services.close_thread(thread_id=closed.pk, staff_user=reviewer)
    services.alert_overdue_threads()  # "again" is overdue for its later message: alerted for that time too

    client.force_login(supervisor)
    overdue_in_queue = sorted(queue_numbers(client, "?overdue=yes"))
    assert overdue_in_queue == sorted([still.pk, again.pk])
    assert alerted_threads(client) == overdue_in_queue
    assert fresh.pk not in alerted_threads(client, "?now=all")
    assert alerted_threads(client, "?now=settled") == sorted([answered.pk, again.pk, closed.pk])
    body = client.get(OVERDUE_ALERTS + "?now=all").content.decode()
    for shown in ("Still overdue", "Answered", "Closed", "Answered; a later message awaits an answer"):
        assert f"<td class=\"field-now\">{shown}</td>" in body, shown
