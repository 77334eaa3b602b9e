"""Two staff at once, on PostgreSQL with real row locks (SECURITY.md F6, F22): both replies land, in order; one
assignment wins and the other is told; two overdue sweeps make one alert; the database refuses to change a message.

``django_db(transaction=True)``: under a test's wrapping transaction the locks would never be exercised.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from accounts.message_board import services
from accounts.message_board.models import Message, MessageInbox, OverdueAlert, Thread
from accounts.models import AuditEntry, OutboundEmail
from tests.accounts.messaging_factories import answerer, start_message_thread
from tests.factories import ClaimedMemberFactory, StaffUserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20


def at_once(*calls):
    """Run each call in its own thread (its own connection), released together by a barrier; returns each one's
    result or the exception it raised, in the order given."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # collected for the test to judge
            results[index] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not any(worker.is_alive() for worker in workers), "a worker hung: a deadlock?"
    return results


@pytest.fixture
def member():
    return ClaimedMemberFactory()


@pytest.fixture
def robin():
    return answerer(first_name="Robin", last_name="Reviewer")


@pytest.fixture
def sam():
    return answerer(first_name="Sam", last_name="Supervisor")


def test_two_staff_replying_at_once_both_land_in_order(member, robin, sam):
    for round_ in range(ROUNDS):
        thread = start_message_thread(member)
        results = at_once(
            lambda: services.post_staff_reply(thread_id=thread.pk, body=f"Robin {round_}", staff_user=robin),
            lambda: services.post_staff_reply(thread_id=thread.pk, body=f"Sam {round_}", staff_user=sam))
        assert all(isinstance(result, Message) for result in results), results
        replies = list(Message.objects.filter(thread=thread).order_by("seq"))
        assert [m.seq for m in replies] == [1, 2, 3]
        assert {m.body for m in replies[1:]} == {f"Robin {round_}", f"Sam {round_}"}
        assert replies[1].created_at <= replies[2].created_at  # numbered in the order they committed
        thread.refresh_from_db()
        assert (thread.last_seq, thread.due_at) == (3, None)
        notices = [f"message_board.reply:{m.pk}" for m in replies]
        assert OutboundEmail.objects.filter(dedupe_key__in=notices).count() == 2


def test_a_member_and_staff_writing_at_once_both_land(member, robin):
    for _ in range(ROUNDS):
        thread = start_message_thread(member)
        results = at_once(
            lambda: services.post_member_reply(member=member, thread=thread, body="Member", actor=member.user),
            lambda: services.post_staff_reply(thread_id=thread.pk, body="Staff", staff_user=robin))
        assert all(isinstance(result, Message) for result in results), results
        rows = list(Message.objects.filter(thread=thread).order_by("seq").values_list("seq", "created_at"))
        assert [seq for seq, _ in rows] == [1, 2, 3]
        assert rows[1][1] <= rows[2][1]


def unread_staff_messages(member):
    """The truth the inbox keeps: staff messages after each thread's read marker."""
    return sum(Message.objects.filter(thread=thread, sender="STAFF", seq__gt=thread.member_read_seq).count()
               for thread in Thread.objects.filter(member=member))


def test_replies_and_readings_at_once_keep_the_unread_count_exact(member, robin, sam):
    threads = [start_message_thread(member), start_message_thread(member, topic="MARRIAGE")]
    for round_ in range(ROUNDS):
        first, second = (Thread.objects.get(pk=thread.pk) for thread in threads)
        at_once(
            lambda: services.post_staff_reply(thread_id=first.pk, body=f"Robin {round_}", staff_user=robin),
            lambda: services.post_staff_reply(thread_id=second.pk, body=f"Sam {round_}", staff_user=sam),
            lambda: services.mark_read_by_member(thread=first, up_to_seq=first.last_seq),
            lambda: services.mark_read_by_member(thread=first, up_to_seq=first.last_seq),  # a second tab
            lambda: services.mark_read_by_member(thread=second, up_to_seq=second.last_seq))
        assert MessageInbox.objects.get(member=member).unread_replies == unread_staff_messages(member)
    assert unread_staff_messages(member) > 0


def test_two_staff_assigning_at_once_one_wins_and_the_other_is_told(member, robin, sam):
    for _ in range(ROUNDS):
        thread = start_message_thread(member)
        results = at_once(
            lambda: services.assign_thread(thread_id=thread.pk, assignee=robin, expected_assignee_id=None,
                                           staff_user=robin),
            lambda: services.assign_thread(thread_id=thread.pk, assignee=sam, expected_assignee_id=None,
                                           staff_user=sam))
        won = [r for r in results if isinstance(r, Thread)]
        refused = [r for r in results if isinstance(r, services.MessageBoardError)]
        assert len(won) == 1 and len(refused) == 1, results
        thread.refresh_from_db()
        assert thread.assigned_to_id == won[0].assigned_to_id
        winner = "Robin Reviewer" if thread.assigned_to_id == robin.pk else "Sam Supervisor"
        assert f"it is now assigned to {winner}" in str(refused[0])
        assert AuditEntry.objects.filter(action="accounts.thread.assigned", target=f"thread:{thread.pk}").count() == 1


def test_two_overdue_sweeps_at_once_make_one_alert(member):
    group, _ = Group.objects.get_or_create(name="Supervisor")
    supervisor = StaffUserFactory()
    supervisor.groups.add(group)
    for _ in range(ROUNDS):
        thread = start_message_thread(member)
        later = thread.due_at.replace(year=thread.due_at.year + 1)
        results = at_once(lambda: services.alert_overdue_threads(now=later),
                          lambda: services.alert_overdue_threads(now=later))
        assert not any(isinstance(r, Exception) for r in results), results
        assert sorted(results) == [0, 1]
        assert OverdueAlert.objects.filter(thread=thread).count() == 1
        services.close_thread(thread_id=thread.pk, staff_user=supervisor)
    assert OutboundEmail.objects.filter(dedupe_key__startswith="message_board.overdue:").count() == ROUNDS


@pytest.mark.parametrize("statement", [
    "UPDATE accounts_message SET body = 'rewritten' WHERE id = %s",
    "DELETE FROM accounts_message WHERE id = %s",
])
def test_the_database_refuses_to_change_or_delete_a_message_whatever_the_code(member, statement):
    message = start_message_thread(member).messages.get()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [message.pk])
    assert Message.objects.get().body == "Has my new bank account been set up?"


def test_the_database_refuses_to_change_an_internal_note(member, robin):
    thread = start_message_thread(member)
    note = services.add_internal_note(thread_id=thread.pk, body="Note", staff_user=robin)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        type(note).objects.filter(pk=note.pk).update(body="Changed")
