"""Demo threads (accounts/message_board/demo.py, run by seed_demo): every state, some overdue, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.message_board.models import InternalNote, Message, OverdueAlert, Thread
from portal.celery import app

pytestmark = pytest.mark.django_db


def test_the_demo_has_threads_in_every_state_and_a_second_run_adds_nothing():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert ("Message board: 7 demo thread(s) added (7 in all), 2 overdue alert(s) sent to the supervisors."
            in out.getvalue())
    now = timezone.now()
    threads = Thread.objects.filter(member__user__email__endswith="@demo.portal.example")
    assert threads.filter(status="OPEN", due_at__gt=now).exists()  # awaiting an answer, not yet due
    assert threads.filter(status="OPEN", due_at__lt=now, assigned_to=None).exists()  # overdue, nobody has it
    assert threads.filter(status="OPEN", due_at__lt=now).exclude(assigned_to=None).exists()  # overdue, assigned
    assert threads.filter(status="OPEN", due_at=None, member_read_seq__lt=2).exists()  # answered, reply unread
    assert threads.filter(status="CLOSED").exists()
    assert Message.objects.filter(thread__in=threads, sender="MEMBER").exclude(document=None).exists()
    assert Message.objects.filter(thread__in=threads, sender="STAFF").exclude(document=None).exists()
    # The supervisors' overdue list agrees with the queue from the start (issue 15 item 9).
    assert set(OverdueAlert.objects.values_list("thread", flat=True)) == set(
        Thread.objects.overdue(now).values_list("pk", flat=True))
    assert InternalNote.objects.filter(thread__in=threads).count() == 2

    snapshot = (Thread.objects.count(), Message.objects.count(), InternalNote.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    # 8 in all: the first run's application demo also asked Susan Harper for a proof (applications.demo_staff).
    assert ("Message board: 0 demo thread(s) added (8 in all), 0 overdue alert(s) sent to the supervisors."
            in out.getvalue())
    assert (Thread.objects.count(), Message.objects.count(), InternalNote.objects.count()) == snapshot


def test_the_beat_schedule_runs_the_registered_overdue_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["message-board-overdue"]
    app.loader.import_default_modules()  # what a worker and beat do at start: autodiscovery of each app's tasks
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 15 * 60  # supervisors hear within a quarter of an hour
