"""The state-change helper (portal.state.change_state) and "confirm what you were shown" (confirm_shown)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.message_board.models import Thread
from accounts.models import AuditEntry
from portal.errors import ServiceError
from portal.state import ShownChanged, audit_action, change_state, confirm_shown
from tests.factories import StaffUserFactory, start_message_thread

pytestmark = pytest.mark.django_db

NOT_OPEN = "This thread is not open."


def close(thread, actor, *, changes=None):
    return change_state(model=Thread, pk=thread.pk, allowed_from={Thread.Status.OPEN}, to=Thread.Status.CLOSED,
                        verb="closed", actor=actor, refusal=ServiceError(NOT_OPEN),
                        changes={"closed_at": timezone.now(), "due_at": None} if changes is None else changes)


def test_a_move_from_an_allowed_state_saves_the_new_state(member, staff_user):
    thread = close(start_message_thread(member), staff_user)
    thread.refresh_from_db()
    assert thread.status == Thread.Status.CLOSED and thread.closed_at is not None


def test_a_move_writes_one_audit_entry_named_app_model_verb_with_old_and_new_state(member, staff_user):
    thread = close(start_message_thread(member), staff_user)
    entry = AuditEntry.objects.get(action="message_board.thread.closed")
    assert (entry.actor, entry.member, entry.target) == (staff_user, member, f"thread:{thread.pk}")
    assert entry.data == {"from": "OPEN", "to": "CLOSED"}


def test_a_move_from_another_state_is_refused_and_changes_nothing(member, staff_user):
    thread = close(start_message_thread(member), staff_user)
    closed_at = Thread.objects.get(pk=thread.pk).closed_at
    with pytest.raises(ServiceError) as refused:
        close(thread, staff_user, changes={"closed_at": closed_at + datetime.timedelta(days=1)})
    assert refused.value.message == NOT_OPEN
    assert Thread.objects.get(pk=thread.pk).closed_at == closed_at
    assert AuditEntry.objects.filter(action="message_board.thread.closed").count() == 1


def test_only_the_fields_that_change_are_saved(member, staff_user):
    thread = start_message_thread(member)
    with CaptureQueriesContext(connection) as queries:
        close(thread, staff_user)
    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "accounts_thread"'))
    assert '"status"' in update and '"closed_at"' in update and '"due_at"' in update
    assert '"topic"' not in update and '"last_message_at"' not in update and '"member_read_seq"' not in update


def test_a_move_that_breaks_a_constraint_is_refused_before_saving(member, staff_user):
    thread = start_message_thread(member)
    with pytest.raises(ValidationError):
        close(thread, staff_user, changes={})  # closed without a closing time
    assert Thread.objects.get(pk=thread.pk).status == Thread.Status.OPEN


def test_the_audit_action_is_named_after_the_app_and_the_model():
    assert audit_action(Thread, "reopened") == "message_board.thread.reopened"


def test_confirm_shown_passes_the_value_the_member_saw():
    day = datetime.date(2027, 1, 1)
    assert confirm_shown(shown=day, current=datetime.date(2027, 1, 1)) == day


def test_confirm_shown_refuses_a_changed_value_and_carries_the_current_one():
    with pytest.raises(ShownChanged) as changed:
        confirm_shown(shown=datetime.date(2027, 1, 1), current=datetime.date(2027, 2, 1))
    assert changed.value.current == datetime.date(2027, 2, 1)
    assert isinstance(changed.value, ServiceError) and changed.value.message


def test_confirm_shown_raises_the_callers_own_error():
    class AmountChanged(ShownChanged):
        default_message = "The amount changed."

    with pytest.raises(AmountChanged) as changed:
        confirm_shown(shown="10.00", current="12.00", error=AmountChanged)
    assert (changed.value.message, changed.value.current) == ("The amount changed.", "12.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_ten_concurrent_moves_exactly_one_wins(member):
    thread, actors = start_message_thread(member), [StaffUserFactory() for _ in range(10)]
    barrier, outcomes = threading.Barrier(10), []

    def attempt(actor):
        barrier.wait()
        try:
            close(thread, actor)
            outcomes.append("won")
        except ServiceError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(actor,)) for actor in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["won"] + [NOT_OPEN] * 9)
    assert AuditEntry.objects.filter(action="message_board.thread.closed").count() == 1
