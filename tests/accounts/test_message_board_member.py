"""The member's side of the Message board: starting a thread, replying, reading answers (message_board.views)."""

import re
from datetime import datetime
from unittest import mock

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import uploads
from accounts.message_board import services
from accounts.message_board.business_days import LANSING
from accounts.message_board.forms import SSN_SHAPED
from accounts.message_board.models import InternalNote, Message, Thread
from accounts.message_board.views import SENT
from accounts.models import AuditEntry, Document
from tests.accounts.messaging_factories import answerer, clean_png, png_upload, start_message_thread, thread_with
from tests.factories import ClaimedMemberFactory

pytestmark = pytest.mark.django_db

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LANSING)
NEW = reverse("message_board:message_new")
LIST = reverse("message_board:messages")


def thread_url(thread):
    return reverse("message_board:message_thread", args=[thread.pk])


def start(client, **fields):
    return client.post(NEW, {"topic": "DIRECT_DEPOSIT", "body": "Has my new bank account been set up?", **fields})


def stored():
    return Thread.objects.count(), Message.objects.count(), Document.objects.count()


@pytest.fixture
def staff(db):
    return answerer(first_name="Robin")


# ---------------------------------------------------------------------------------------------------------------
# Starting a thread
# ---------------------------------------------------------------------------------------------------------------

@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_member_starts_a_thread_and_is_told_when_to_expect_the_answer(member_client, member):
    page = member_client.get(NEW).content.decode()
    assert "Tuesday, November 24, 5:00 p.m." in page  # before sending, the promise is on the form

    response = start(member_client)
    thread = Thread.objects.get(member=member)
    assert response.status_code == 302 and response.url == thread_url(thread)
    page = member_client.get(thread_url(thread)).content.decode()
    assert "Your message was sent. We will answer by Tuesday, November 24, 5:00 p.m." in page
    assert "Expect our answer by <strong>Tuesday, November 24, 2026, 5:00 p.m.</strong>" in page
    assert "Has my new bank account been set up?" in page


@time_machine.travel(MONDAY_10AM, tick=False)
def test_the_first_message_carries_its_due_time_and_the_start_is_audited(member_client, member):
    start(member_client)
    thread = Thread.objects.get(member=member)
    message = thread.messages.get()
    due = datetime(2026, 11, 24, 17, 0, tzinfo=LANSING)
    assert (message.seq, message.sender, message.author, message.answer_due_at) == (1, "MEMBER", member.user, due)
    assert (thread.topic, thread.status, thread.due_at, thread.last_seq) == ("DIRECT_DEPOSIT", "OPEN", due, 1)
    entry = AuditEntry.objects.get(action="accounts.thread.started")
    assert entry.member == member and entry.actor == member.user and entry.target == f"thread:{thread.pk}"


def test_an_attachment_joins_the_members_documents_and_downloads_safely(member_client, member):
    response = start(member_client, attachment=png_upload("bank letter.png"))
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.document.member == member and message.document.kind == Document.Kind.UPLOAD
    assert re.fullmatch(r"documents/[0-9a-f]{32}", message.document.file.name)  # a random name, not the member's

    page = member_client.get(thread_url(message.thread)).content.decode()
    link = reverse("accounts:document_download", args=[message.document_id])
    assert f'href="{link}">bank letter.png</a>' in page
    download = member_client.get(link)
    assert download["Content-Disposition"] == 'attachment; filename="bank letter.png"'
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Security-Policy"] == "sandbox"


def test_a_disguised_attachment_is_refused_with_a_message_and_nothing_is_stored(member_client, member, settings):
    disguised = SimpleUploadedFile("proof.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    response = start(member_client, attachment=disguised)
    assert response.status_code == 200
    assert uploads.NOT_ALLOWED in response.content.decode()
    assert stored() == (0, 0, 0)
    assert not AuditEntry.objects.exists()


def test_a_picture_named_as_a_pdf_is_refused_as_a_disguise(member_client, member):
    response = start(member_client, attachment=png_upload("statement.pdf"))
    assert "The name of this file does not match what is in it" in response.content.decode()
    assert stored() == (0, 0, 0)


def stored_files(tmp_path):
    private = tmp_path / "private"  # tests/conftest.py points private storage here
    return [path for path in private.rglob("*") if path.is_file()] if private.exists() else []


def test_a_failure_after_the_file_was_stored_leaves_neither_row_nor_file(member, tmp_path):
    with mock.patch("accounts.message_board.services.audit", side_effect=RuntimeError("database went away")):
        with pytest.raises(RuntimeError):
            services.start_thread(member=member, topic="BIRTH_OR_ADOPTION", body="Court order attached",
                                  actor=member.user, attachment=clean_png())
    assert stored() == (0, 0, 0)
    assert stored_files(tmp_path) == []
    start_message_thread(member, attachment=clean_png())  # the same, without the failure, stores one file
    assert len(stored_files(tmp_path)) == 1


def test_a_reply_refused_for_a_closed_thread_stores_no_file(member, staff, tmp_path):
    thread = start_message_thread(member)
    services.close_thread(thread_id=thread.pk, staff_user=staff)
    with pytest.raises(services.MessageBoardError):
        services.post_member_reply(member=member, thread=thread, body="More", actor=member.user,
                                   attachment=clean_png())
    assert stored() == (1, 1, 0) and stored_files(tmp_path) == []


@pytest.mark.parametrize("body, error", [
    ("", services.EMPTY_MESSAGE),
    ("   \n  ", services.EMPTY_MESSAGE),
    ("x" * 5001, "Your message has 5001 characters; one message can hold up to 5000."),
])
def test_an_empty_or_oversize_message_is_refused_with_a_message(member_client, member, body, error):
    response = start(member_client, body=body)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_message_of_exactly_the_limit_is_accepted(member_client, member):
    assert start(member_client, body="x" * 5000).status_code == 302
    assert len(Message.objects.get().body) == 5000


def test_the_estimate_request_is_not_offered_without_an_edro(member_client, member):
    page = member_client.get(NEW).content.decode()
    assert 'value="ESTIMATE_REQUEST"' not in page
    response = start(member_client, topic="ESTIMATE_REQUEST")
    assert "Choose one of the topics in the list." in response.content.decode()
    assert stored() == (0, 0, 0)


def test_a_member_with_an_edro_on_file_asks_for_an_estimate(client):
    member = ClaimedMemberFactory(edro_on_file=True)
    client.force_login(member.user)
    page = client.get(NEW).content.decode()
    assert 'value="ESTIMATE_REQUEST"' in page and "Eligible Domestic Relations Order" in page
    assert start(client, topic="ESTIMATE_REQUEST").status_code == 302
    assert Thread.objects.get(member=member).topic == Thread.Topic.ESTIMATE_REQUEST


def test_the_service_refuses_the_estimate_topic_without_an_edro_whatever_the_form(member):
    with pytest.raises(services.MessageBoardError, match="EDRO"):
        services.start_thread(member=member, topic="ESTIMATE_REQUEST", body="Estimate please", actor=member.user)
    assert stored() == (0, 0, 0)


def test_a_message_with_a_file_counts_against_the_upload_limit(member_client, member):
    for _ in range(10):
        assert start(member_client, attachment=png_upload()).status_code == 302
    response = start(member_client, attachment=png_upload())
    assert response.status_code == 429
    assert "You have uploaded several files in a short time." in response.content.decode()
    assert Thread.objects.count() == 10
    assert start(member_client).status_code == 302  # a message without a file still goes


# ---------------------------------------------------------------------------------------------------------------
# A conversation
# ---------------------------------------------------------------------------------------------------------------

def test_both_sides_reply_in_order(member_client, member, staff):
    thread = start_message_thread(member)
    services.post_staff_reply(thread_id=thread.pk, body="Yes, it is set up.", staff_user=staff)
    response = member_client.post(thread_url(thread), {"body": "Thank you. From which payment?"})
    assert response.status_code == 302
    assert list(thread.messages.values_list("seq", "sender")) == [(1, "MEMBER"), (2, "STAFF"), (3, "MEMBER")]
    page = member_client.get(thread_url(thread)).content.decode()
    assert page.index("Has my new bank account") < page.index("Yes, it is set up.") < page.index("From which payment?")


def test_a_reply_to_a_closed_thread_is_refused_with_a_message_and_nothing_is_stored(member_client, member, staff):
    thread = start_message_thread(member)
    services.close_thread(thread_id=thread.pk, staff_user=staff)
    response = member_client.post(thread_url(thread), {"body": "One more question", "attachment": png_upload()})
    assert response.status_code == 200
    assert services.THREAD_CLOSED in response.content.decode()
    assert stored() == (1, 1, 0)


def test_a_member_sees_only_their_own_threads(member_client, member, other_member):
    mine = start_message_thread(member, topic="MARRIAGE", body="We married in June.")
    theirs = start_message_thread(other_member, topic="DIVORCE", body="Bob's private question")
    page = member_client.get(LIST).content.decode()
    assert thread_url(mine) in page and "Marriage" in page
    assert thread_url(theirs) not in page and "Divorce" not in page
    assert member_client.get(thread_url(theirs)).status_code == 404


def test_a_reply_to_another_members_thread_is_a_404_and_nothing_is_stored(member_client, other_member):
    theirs = start_message_thread(other_member)
    response = member_client.post(thread_url(theirs), {"body": "Let me in", "attachment": png_upload()})
    assert response.status_code == 404
    assert stored() == (1, 1, 0)
    assert "Let me in" not in response.content.decode()


def test_internal_notes_are_never_shown_to_the_member(member_client, member, staff):
    thread = start_message_thread(member)
    services.add_internal_note(thread_id=thread.pk, body="STAFF ONLY: check the bank letter", staff_user=staff)
    assert InternalNote.objects.count() == 1
    for url in (LIST, thread_url(thread)):
        assert "STAFF ONLY" not in member_client.get(url).content.decode()


@pytest.mark.parametrize("payload", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'])
def test_html_in_a_message_is_shown_as_text(member_client, member, staff, payload):
    thread = start_message_thread(member, body=f"Member says {payload}")
    services.post_staff_reply(thread_id=thread.pk, body=f"Staff says {payload}", staff_user=staff)
    page = member_client.get(thread_url(thread)).content.decode()
    assert payload not in page
    assert "Member says &lt;" in page or "Member says &quot;&gt;&lt;img" in page
    assert page.count("&lt;") >= 2


def test_line_breaks_are_kept_and_nothing_else_is_interpreted(member_client, member):
    thread = start_message_thread(member, body="First line\n<b>second</b> line")
    page = member_client.get(thread_url(thread)).content.decode()
    assert "First line<br>&lt;b&gt;second&lt;/b&gt; line" in page


def test_the_member_sees_when_to_expect_the_answer_until_staff_reply(member_client, member, staff):
    with time_machine.travel(datetime(2026, 11, 25, 18, 0, tzinfo=LANSING), tick=False):  # Thanksgiving eve
        thread = start_message_thread(member)
    with time_machine.travel(datetime(2026, 11, 30, 12, 0, tzinfo=LANSING), tick=False):  # before it is due
        page = member_client.get(thread_url(thread)).content.decode()
        assert "Expect our answer by <strong>Tuesday, December 1, 2026, 5:00 p.m.</strong>" in page
        assert "Tuesday, Dec 1, 5:00 p.m." in member_client.get(LIST).content.decode()
        services.post_staff_reply(thread_id=thread.pk, body="Answered.", staff_user=staff)
        assert "Expect our answer" not in member_client.get(thread_url(thread)).content.decode()
        assert "Answered" in member_client.get(LIST).content.decode()


# ---------------------------------------------------------------------------------------------------------------
# A late answer (issue 15 item 9)
# ---------------------------------------------------------------------------------------------------------------

def test_an_overdue_thread_says_so_and_when_the_answer_is_now_expected(member_client, member):
    with time_machine.travel(MONDAY_10AM, tick=False):
        thread = start_message_thread(member)  # due Tuesday, November 24, 5:00 p.m.
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=LANSING), tick=False):  # Wednesday morning
        page = member_client.get(thread_url(thread)).content.decode()
        listing = member_client.get(LIST).content.decode()
    assert "Our answer is late." in page and "It was due by Tuesday, November 24, 2026, 5:00 p.m." in page
    assert "expect ours by <strong>Monday, November 30, 2026, 5:00 p.m.</strong></p>" in page  # after Thanksgiving
    assert "p.m.</strong>." not in page and "p.m.." not in page
    assert "Expect our answer by" not in page
    assert ("<strong class=\"text-danger\">Overdue</strong>: it was due Tuesday, Nov 24, 5:00 p.m.; now expected by "
            "Monday, Nov 30, 5:00 p.m.") in listing


def test_a_thread_not_yet_due_is_not_called_late(member_client, member):
    with time_machine.travel(MONDAY_10AM, tick=False):
        thread = start_message_thread(member)
        page = member_client.get(thread_url(thread)).content.decode()
        listing = member_client.get(LIST).content.decode()
    assert "late" not in page and "Overdue" not in listing
    assert "Expect our answer by <strong>Tuesday, November 24, 2026, 5:00 p.m.</strong>" in page


def test_an_answered_thread_is_never_late_however_old(member_client, member, staff):
    with time_machine.travel(MONDAY_10AM, tick=False):
        thread = start_message_thread(member)
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, tzinfo=LANSING), tick=False):
        services.post_staff_reply(thread_id=thread.pk, body="Sorry for the wait: done.", staff_user=staff)
        assert "Our answer is late" not in member_client.get(thread_url(thread)).content.decode()
        assert "Overdue" not in member_client.get(LIST).content.decode()


# ---------------------------------------------------------------------------------------------------------------
# A number shaped like an SSN (issue 15 item 9)
# ---------------------------------------------------------------------------------------------------------------

SSN_BODY = "My SSN is 123-45-6789, is my deposit set up?"


def test_a_message_holding_an_ssn_shaped_number_is_held_back_with_a_warning(member_client, member):
    response = start(member_client, body=SSN_BODY)
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [SSN_SHAPED.format(numbers="•••-••-6789")]
    assert "Send it anyway, with the number masked" in response.content.decode()
    assert stored() == (0, 0, 0)


def test_sent_anyway_the_message_is_stored_and_shown_masked(member_client, member):
    response = start(member_client, body=SSN_BODY, send_masked="on")
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.body == "My SSN is •••-••-6789, is my deposit set up?"
    page = member_client.get(response.url).content.decode()
    assert "My SSN is •••-••-6789" in page and "123-45-6789" not in page
    assert "123-45" not in str(AuditEntry.objects.values_list("data", flat=True))


def test_a_reply_holding_an_ssn_shaped_number_is_held_back_then_sent_masked(member_client, member):
    thread = start_message_thread(member)
    response = member_client.post(thread_url(thread), {"body": "It is 123 45 6789."})
    assert response.status_code == 200 and SSN_SHAPED.format(numbers="•••-••-6789") in response.content.decode()
    assert thread.messages.count() == 1
    member_client.post(thread_url(thread), {"body": "It is 123 45 6789.", "send_masked": "on"})
    assert thread.messages.get(seq=2).body == "It is •••-••-6789."


def test_the_box_to_send_anyway_is_offered_only_for_such_a_number(member_client, member):
    assert "send_masked" not in member_client.get(NEW).context["form"].fields
    response = start(member_client, body="")
    assert "send_masked" not in response.context["form"].fields


# ---------------------------------------------------------------------------------------------------------------
# Unread replies
# ---------------------------------------------------------------------------------------------------------------

UNREAD_BADGE = re.compile(r'Message board <span class="badge[^"]*">(\d+)<span class="visually-hidden"> unread</span>')


def nav_unread(client):
    match = UNREAD_BADGE.search(client.get(reverse("accounts:dashboard")).content.decode())
    return int(match.group(1)) if match else 0


def test_the_unread_count_shows_in_the_navigation_and_clears_when_the_thread_is_read(member_client, member, staff):
    first, second = start_message_thread(member), start_message_thread(member, topic="MARRIAGE")
    assert nav_unread(member_client) == 0
    services.post_staff_reply(thread_id=first.pk, body="One", staff_user=staff)
    services.post_staff_reply(thread_id=first.pk, body="Two", staff_user=staff)
    services.post_staff_reply(thread_id=second.pk, body="Three", staff_user=staff)
    assert nav_unread(member_client) == 3
    listing = member_client.get(LIST).content.decode()
    assert '>2<span class="visually-hidden"> unread</span>' in listing

    page = member_client.get(thread_url(first)).content.decode()
    assert page.count(">New</span>") == 2
    assert nav_unread(member_client) == 1
    assert ">New</span>" not in member_client.get(thread_url(first)).content.decode()  # seen: no longer new
    member_client.get(thread_url(second))
    assert nav_unread(member_client) == 0


def test_another_members_replies_never_count_as_mine(member_client, member, other_member, staff):
    theirs = start_message_thread(other_member)
    services.post_staff_reply(thread_id=theirs.pk, body="For Bob", staff_user=staff)
    assert nav_unread(member_client) == 0


def test_a_reply_sent_from_an_older_page_leaves_a_new_answer_unread(member_client, member, staff):
    thread = start_message_thread(member)
    member_client.get(thread_url(thread))
    services.post_staff_reply(thread_id=thread.pk, body="Arrived while you typed", staff_user=staff)
    member_client.post(thread_url(thread), {"body": "My follow-up"})  # from the page loaded before the answer
    assert nav_unread(member_client) == 1
    assert ">New</span>" in member_client.get(thread_url(thread)).content.decode()
    assert nav_unread(member_client) == 0


# ---------------------------------------------------------------------------------------------------------------
# Query budget (ARCHITECTURE.md budgets: constant whatever the thread's length)
# ---------------------------------------------------------------------------------------------------------------

# The user with their member and inbox (accounts.auth), thread, messages with their attachments (all read already, so
# no marker moves); the session is not written (its idle clock moves at most once a minute: issue 16 item 4).
THREAD_PAGE_QUERIES = 3
# The user with their member and inbox, threads with their unread counts.
LIST_PAGE_QUERIES = 2


@pytest.mark.parametrize("length", [3, 60])
def test_the_thread_page_issues_a_fixed_number_of_queries_whatever_its_length(
        member_client, member, staff, length, django_assert_num_queries):
    thread = thread_with(member, staff, messages=length, attachment_every=2)
    assert thread.messages.count() == length and thread.messages.exclude(document=None).count() >= 2
    member_client.get(thread_url(thread))  # warm the session
    with django_assert_num_queries(THREAD_PAGE_QUERIES):
        assert member_client.get(thread_url(thread)).status_code == 200


@pytest.mark.parametrize("threads", [1, 30])
def test_the_thread_list_issues_a_fixed_number_of_queries_whatever_the_history(
        member_client, member, staff, threads, django_assert_num_queries):
    for _ in range(threads):
        thread_with(member, staff, messages=2)
    member_client.get(LIST)
    with django_assert_num_queries(LIST_PAGE_QUERIES):
        assert member_client.get(LIST).status_code == 200


def test_no_sentence_about_the_answer_ends_in_a_doubled_period(member_client):
    page = member_client.get(NEW).content.decode()
    assert "p.m.</strong>." not in page and "p.m.." not in page
    assert SENT.format(due="Tuesday, November 24, 5:00 p.m.").count("p.m..") == 0
