"""Fault tests of the award letter (issue 19 "Done when", reliability; ARCHITECTURE.md "Background work that must
happen exactly once"), on PostgreSQL and a Redis of the tests' own with real Celery workers (tests.worker_harness):

- 200 approvals with 5 worker SIGKILLs at random moments of letter production → 200 letters, no duplicates;
- Redis killed for 30 s during 50 approvals → 50 letters once it is back (the sweep re-enqueues what the broker
  refused or lost), nothing lost;
- 100 double approvals, the two at once → exactly one award (and one letter) each, the other told why.

Each prints its figures (``pytest -s`` shows them). The sizes can be lowered for a quick look with
``AWARD_FAULT_SCALE`` (a divisor; CI runs them whole).
"""

import os
import random
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from accounts.models import AuditEntry, Document
from applications import staff_services, tasks
from applications.models import Application, AwardLetter, FinalCalculation
from tests.applications.application_factories import submitted_application
from tests.applications.award_factories import calculated
from tests.applications.staff_factories import staff_in
from tests.factories import ClaimedMemberFactory
from tests.worker_harness import Worker, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("staff_groups_as_migrated")]  # reviewers and supervisors

SCALE = int(os.environ.get("AWARD_FAULT_SCALE", "1"))
KILLS = 5
OUTAGE_SECONDS = 30


def being_calculated(count):
    """``count`` applications of members alike, calculated by one reviewer and ready for a supervisor's approval:
    the first recalculated from its pay records, the others a copy of it; their ids."""
    reviewer = staff_in("Reviewer")
    first = calculated(submitted_application(ClaimedMemberFactory()), reviewer)
    return [first.application_id, *(calculated(submitted_application(ClaimedMemberFactory()), reviewer,
                                               like=first).application_id for _ in range(count - 1))]


def letters():
    return AwardLetter.objects.count()


def duplicates():
    """Letters or letter documents beyond one per approved calculation."""
    per_calculation = Counter(AwardLetter.objects.values_list("calculation_id", flat=True))
    documents = Document.objects.filter(dedupe_key__endswith=":award_letter").count()
    return sum(n - 1 for n in per_calculation.values()) + max(0, documents - letters())


def approve(application_id, supervisor):
    staff_services.approve_award(application_id=application_id, actor=supervisor)


def test_200_approvals_with_5_worker_kills_leave_200_letters(own_redis, tmp_path):
    count = 200 // SCALE
    waiting, supervisor = being_calculated(count), staff_in("Supervisor")
    worker = Worker(own_redis, tmp_path).start()
    started = time.monotonic()
    killed_at = []
    try:
        for application_id in waiting:  # each approval enqueues its letter when it commits
            approve(application_id, supervisor)
        for _ in range(KILLS):  # at random moments of the production: after a random number of letters more
            target = min(count, letters() + random.randint(1, max(2, count // (2 * KILLS))))
            assert wait_for(lambda target=target: letters() >= target, 180), worker.log()
            time.sleep(random.uniform(0, 0.5))  # somewhere inside a letter's production
            worker.kill()
            killed_at.append(letters())
            worker.start()
        worker.send(tasks.requeue_award_letters_task)  # beat's sweep: what the killed workers held
        assert wait_for(lambda: letters() == count, 300), worker.log()
        time.sleep(2)  # duplicates still queued have had time to run: they must have written nothing
    finally:
        worker.kill()
    print(f"\naward letters, {count} approvals and {KILLS} worker SIGKILLs (letters written at each kill: "
          f"{killed_at}): {letters()} letters, {duplicates()} duplicates, {time.monotonic() - started:.1f} s")
    assert killed_at[-1] < count, "the worker finished before the last kill: nothing was tested"
    assert letters() == count and duplicates() == 0


def test_redis_killed_for_30_seconds_during_50_approvals_loses_no_letter(own_redis, tmp_path):
    count = 50 // SCALE
    waiting, supervisor = being_calculated(count), staff_in("Supervisor")
    # A fifth before the outage, two fifths during it (each approval waits out its publish retries: about 30 s in
    # all), the rest once Redis is back.
    before, during, after = waiting[:count // 5], waiting[count // 5:3 * count // 5], waiting[3 * count // 5:]
    worker = Worker(own_redis, tmp_path).start()
    try:
        for application_id in before:
            approve(application_id, supervisor)
        own_redis.kill()  # queued messages die with it
        down_since = time.monotonic()
        for application_id in during:  # approved and committed; the broker refuses the letter's task
            approve(application_id, supervisor)
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_since)))
        outage = time.monotonic() - down_since
        own_redis.start()
        for application_id in after:
            approve(application_id, supervisor)
        written_when_back = letters()
        worker.send(tasks.requeue_award_letters_task)  # beat's sweep, once Redis is back
        assert wait_for(lambda: letters() == count, 300), worker.log()
    finally:
        worker.kill()
    awarded = Application.objects.filter(state=Application.State.AWARDED).count()
    print(f"\naward letters, Redis down {outage:.0f} s during {count} approvals ({len(during)} while down): "
          f"{awarded} awarded, {written_when_back} letters when Redis returned, {letters()} after the sweep, "
          f"{count - letters()} lost, {duplicates()} duplicates")
    assert awarded == count and letters() == count and duplicates() == 0


def test_100_double_approvals_at_once_award_each_exactly_once(own_redis, tmp_path):
    count = 100 // SCALE
    waiting = being_calculated(count)
    supervisors = [staff_in("Supervisor"), staff_in("Supervisor")]
    refusals = Counter()

    def approve_at_once(application_id, supervisor, start):
        start.wait()
        try:
            approve(application_id, supervisor)
        except staff_services.StaffActionError as refused:
            refusals[refused.message] += 1
        finally:
            connection.close()

    worker = Worker(own_redis, tmp_path).start()
    try:
        for application_id in waiting:
            start = threading.Barrier(2)
            pair = [threading.Thread(target=approve_at_once, args=(application_id, supervisor, start))
                    for supervisor in supervisors]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
        assert wait_for(lambda: letters() == count, 300), worker.log()
        time.sleep(1)
    finally:
        worker.kill()
    approvals = Counter(AuditEntry.objects.filter(action="applications.application.awarded")
                        .values_list("target", flat=True))
    approved = Counter(FinalCalculation.objects.filter(approved_at__isnull=False)
                       .values_list("application_id", flat=True))
    print(f"\ndouble approvals, {count} applications each approved by two supervisors at once: "
          f"{len(approvals)} awarded, {sum(approvals.values())} award entries, {sum(refusals.values())} refused "
          f"({dict(refusals)}), {letters()} letters, {duplicates()} duplicates")
    assert set(approvals.values()) == {1} and len(approvals) == count
    assert set(approved.values()) == {1} and len(approved) == count
    assert refusals == {staff_services.ALREADY_AWARDED: count}
    assert letters() == count and duplicates() == 0
