"""Message board services: the answer clock per message, exactly-once notices and overdue alerts, and the
invariants the database keeps (accounts/message_board/services.py, accounts.models)."""

import importlib
from datetime import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from accounts.message_board import services
from accounts.message_board.business_days import LANSING
from accounts.message_board.models import ImmutableRow, InternalNote, Message, MessageInbox, OverdueAlert, Thread
from accounts.message_board.tasks import alert_overdue_threads_task
from accounts.models import AuditEntry, OutboundEmail
from accounts.outbox import send_email_task
from tests.accounts.messaging_factories import answerer, start_message_thread
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=LANSING)


def at(*args):
    return datetime(*args, tzinfo=LANSING)


@pytest.fixture
def staff(db):
    return answerer()


@pytest.fixture
def supervisors(db):
    group = Group.objects.get(name="Supervisor")
    people = [StaffUserFactory(email=f"sup{n}@ors.example") for n in range(2)]
    for person in people:
        person.groups.add(group)
    StaffUserFactory(email="gone@ors.example", is_active=False).groups.add(group)  # never alerted
    return people


# ---------------------------------------------------------------------------------------------------------------
# The clock
# ---------------------------------------------------------------------------------------------------------------

def test_each_member_message_sets_its_own_due_time_and_the_thread_keeps_the_oldest(member, staff):
    thread = start_message_thread(member, now=MONDAY_10AM)
    follow_up = services.post_member_reply(member=member, thread=thread, body="Also: my address changed.",
                                           actor=member.user, now=at(2026, 11, 24, 9, 0))
    thread.refresh_from_db()
    assert thread.messages.get(seq=1).answer_due_at == at(2026, 11, 24, 17, 0)
    assert follow_up.answer_due_at == at(2026, 11, 25, 17, 0)
    assert thread.due_at == at(2026, 11, 24, 17, 0)  # a follow-up never pushes the promise later


def test_a_staff_reply_stops_the_clock_and_the_next_member_message_starts_it_again(member, staff):
    thread = start_message_thread(member, now=MONDAY_10AM)
    services.post_staff_reply(thread_id=thread.pk, body="Answered", staff_user=staff, now=at(2026, 11, 23, 15, 0))
    thread.refresh_from_db()
    assert thread.due_at is None
    services.post_member_reply(member=member, thread=thread, body="Thanks, one more thing", actor=member.user,
                               now=at(2026, 11, 25, 18, 0))  # Thanksgiving eve, after hours
    thread.refresh_from_db()
    assert thread.due_at == at(2026, 12, 1, 17, 0)


def test_reopening_an_answered_thread_starts_no_clock(member, staff):
    thread = start_message_thread(member)
    services.post_staff_reply(thread_id=thread.pk, body="Answered", staff_user=staff)
    services.close_thread(thread_id=thread.pk, staff_user=staff)
    services.reopen_thread(thread_id=thread.pk, staff_user=staff)
    thread.refresh_from_db()
    assert thread.status == "OPEN" and thread.due_at is None


# ---------------------------------------------------------------------------------------------------------------
# Notices to the member: through the outbox, exactly once, never the content
# ---------------------------------------------------------------------------------------------------------------

def test_the_reply_notice_is_sent_once_even_if_the_task_runs_again(member, staff, django_capture_on_commit_callbacks):
    thread = start_message_thread(member)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_staff_reply(thread_id=thread.pk, body="Secret answer text", staff_user=staff)
    outbox = OutboundEmail.objects.get()
    assert outbox.dedupe_key == f"message_board.reply:{reply.pk}" and outbox.sent_at is not None
    send_email_task.delay(outbox.pk)  # a redelivered task
    send_email_task.delay(outbox.pk)
    assert len(mail.outbox) == 1
    assert "Secret answer text" not in mail.outbox[0].body + mail.outbox[0].subject


def test_tasks_carry_ids_only_never_message_content(member, staff, django_capture_on_commit_callbacks):
    thread = start_message_thread(member)
    with mock.patch.object(send_email_task, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        services.post_staff_reply(thread_id=thread.pk, body="Secret answer text", staff_user=staff)
    (args, kwargs), = [(call.args, call.kwargs) for call in delay.call_args_list]
    assert args == (OutboundEmail.objects.get().pk,) and kwargs == {}


def test_a_member_message_sends_no_notice(member):
    start_message_thread(member)
    assert not OutboundEmail.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Overdue alerts
# ---------------------------------------------------------------------------------------------------------------

def test_an_overdue_thread_alerts_the_supervisors_once_however_often_the_job_runs(
        member, supervisors, django_capture_on_commit_callbacks):
    thread = start_message_thread(member, now=MONDAY_10AM)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alert_overdue_threads(now=at(2026, 11, 24, 16, 59)) == 0  # not yet due
        assert services.alert_overdue_threads(now=at(2026, 11, 24, 17, 1)) == 1
        assert services.alert_overdue_threads(now=at(2026, 11, 24, 17, 6)) == 0
        assert services.alert_overdue_threads(now=at(2026, 11, 30, 9, 0)) == 0
    alert = OverdueAlert.objects.get()
    assert (alert.thread, alert.due_at) == (thread, at(2026, 11, 24, 17, 0))
    assert sorted(email.to[0] for email in mail.outbox) == ["sup0@ors.example", "sup1@ors.example"]
    body = mail.outbox[0].body
    assert f"thread #{thread.pk} (Direct deposit change)" in body and "/admin/message_board/thread/" in body
    assert "bank account" not in body and member.last_name not in body  # no content, no name
    assert AuditEntry.objects.filter(action="accounts.thread.overdue_alerted").count() == 1


def test_the_beat_task_run_twice_makes_one_alert(member, supervisors):
    start_message_thread(member, now=datetime(2026, 1, 5, 10, 0, tzinfo=LANSING))
    alert_overdue_threads_task.delay()
    alert_overdue_threads_task.delay()
    assert OverdueAlert.objects.count() == 1
    assert OutboundEmail.objects.count() == len(supervisors)


def test_answered_or_closed_threads_are_never_alerted(member, staff, supervisors):
    answered = start_message_thread(member, now=MONDAY_10AM)
    services.post_staff_reply(thread_id=answered.pk, body="Answered", staff_user=staff)
    closed = start_message_thread(member, topic="MARRIAGE", now=MONDAY_10AM)
    services.close_thread(thread_id=closed.pk, staff_user=staff)
    assert services.alert_overdue_threads(now=at(2026, 12, 31, 12, 0)) == 0
    assert not OverdueAlert.objects.exists()


def test_a_thread_that_misses_a_later_answer_time_too_alerts_again_once(member, staff, supervisors):
    thread = start_message_thread(member, now=MONDAY_10AM)
    services.alert_overdue_threads(now=at(2026, 11, 25, 9, 0))
    services.post_staff_reply(thread_id=thread.pk, body="Answered late", staff_user=staff)
    services.post_member_reply(member=member, thread=thread, body="Follow-up", actor=member.user,
                               now=at(2026, 12, 1, 10, 0))
    services.alert_overdue_threads(now=at(2026, 12, 3, 9, 0))
    services.alert_overdue_threads(now=at(2026, 12, 3, 9, 5))
    assert list(OverdueAlert.objects.order_by("due_at").values_list("due_at", flat=True)) == [
        at(2026, 11, 24, 17, 0), at(2026, 12, 2, 17, 0)]


def test_the_database_keeps_one_alert_per_thread_and_missed_time(member):
    thread = start_message_thread(member, now=MONDAY_10AM)
    OverdueAlert.objects.create(thread=thread, due_at=thread.due_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        OverdueAlert.objects.create(thread=thread, due_at=thread.due_at)


# ---------------------------------------------------------------------------------------------------------------
# Messages stay as sent; the database keeps the thread consistent
# ---------------------------------------------------------------------------------------------------------------

def test_a_message_is_never_edited_or_deleted(member, staff):
    thread = start_message_thread(member)
    message = thread.messages.get()
    message.body = "Rewritten"
    with pytest.raises(ImmutableRow):
        message.save()
    with pytest.raises(ImmutableRow):
        message.delete()
    note = services.add_internal_note(thread_id=thread.pk, body="Note", staff_user=staff)
    note.body = "Rewritten"
    with pytest.raises(ImmutableRow):
        note.save()
    assert Message.objects.get().body == "Has my new bank account been set up?"
    assert InternalNote.objects.get().body == "Note"


@pytest.mark.parametrize("body", ["", "z" * 5001])
def test_the_database_refuses_an_empty_or_oversize_message(member, body):
    thread = start_message_thread(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(thread=thread, seq=2, sender="MEMBER", author=member.user, body=body,
                               created_at=thread.created_at, answer_due_at=thread.due_at)


def test_the_database_refuses_two_messages_with_one_number(member):
    thread = start_message_thread(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(thread=thread, seq=1, sender="STAFF", author=member.user, body="Duplicate",
                               created_at=thread.created_at)


def test_the_database_refuses_a_staff_message_with_a_promise_or_a_member_message_without(member):
    thread = start_message_thread(member)
    for sender, due in (("STAFF", thread.due_at), ("MEMBER", None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Message.objects.create(thread=thread, seq=5, sender=sender, author=member.user, body="x",
                                   created_at=thread.created_at, answer_due_at=due)


def test_the_database_refuses_a_closed_thread_still_awaiting_an_answer(member):
    thread = start_message_thread(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(status="CLOSED", closed_at=thread.created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(member_read_seq=2)


def test_a_refused_reply_changes_nothing(member, staff):
    thread = start_message_thread(member)
    before = (Message.objects.count(), AuditEntry.objects.count())
    for body in ("", " ", "q" * 5001):
        with pytest.raises(services.MessageBoardError):
            services.post_member_reply(member=member, thread=thread, body=body, actor=member.user)
        with pytest.raises(services.MessageBoardError):
            services.post_staff_reply(thread_id=thread.pk, body=body, staff_user=staff)
    assert (Message.objects.count(), AuditEntry.objects.count()) == before
    thread.refresh_from_db()
    assert thread.last_seq == 1


def test_reading_moves_the_marker_forward_only(member, staff):
    thread = start_message_thread(member)
    for n in range(3):
        services.post_staff_reply(thread_id=thread.pk, body=f"Answer {n}", staff_user=staff)
    assert services.mark_read_by_member(thread=thread, up_to_seq=3) == 1
    assert services.mark_read_by_member(thread=thread, up_to_seq=2) == 0  # an older page load
    thread.refresh_from_db()
    assert thread.member_read_seq == 3
    assert services.mark_read_by_member(thread=thread, up_to_seq=4) == 1


# ---------------------------------------------------------------------------------------------------------------
# The member's inbox: the unread count the navigation shows
# ---------------------------------------------------------------------------------------------------------------

def inbox_of(member):
    return MessageInbox.objects.get(member=member).unread_replies


def test_staff_replies_count_into_the_inbox_and_reading_takes_them_out(member, staff):
    thread = start_message_thread(member)
    assert inbox_of(member) == 0
    for n in range(3):
        services.post_staff_reply(thread_id=thread.pk, body=f"Answer {n}", staff_user=staff)
    assert inbox_of(member) == 3
    services.mark_read_by_member(thread=thread, up_to_seq=3)  # the question (1) and the first two answers
    assert inbox_of(member) == 1
    services.mark_read_by_member(thread=thread, up_to_seq=2)  # an older page load takes nothing out
    assert inbox_of(member) == 1
    services.post_member_reply(member=member, thread=thread, body="Thanks", actor=member.user)
    assert inbox_of(member) == 1  # the member's own message is never unread
    services.mark_read_by_member(thread=thread, up_to_seq=5)
    assert inbox_of(member) == 0


def test_the_migration_fills_each_inbox_with_the_replies_not_yet_read(member, other_member, staff):
    # The models as that migration saw them (in the accounts app; the message board app took them over later).
    apps = MigrationLoader(connection).project_state(("accounts", "0005_message_inbox")).apps
    fill_inboxes = importlib.import_module("accounts.migrations.0005_message_inbox").fill_inboxes
    mine, theirs = start_message_thread(member), start_message_thread(other_member)
    for n in range(3):
        services.post_staff_reply(thread_id=mine.pk, body=f"Answer {n}", staff_user=staff)
    services.post_staff_reply(thread_id=theirs.pk, body="Yours", staff_user=staff)
    services.mark_read_by_member(thread=mine, up_to_seq=2)
    MessageInbox.objects.all().delete()
    fill_inboxes(apps, None)
    assert (inbox_of(member), inbox_of(other_member)) == (2, 1)
