"""Fault test (issue 17 "Done when"; ARCHITECTURE.md "Background work that must happen exactly once"): a real Celery
worker producing acknowledgment letters is killed with SIGKILL mid-run and restarted; every submission ends with
exactly one letter. Each letter is asked for twice (a duplicate delivery), the worker's unacknowledged messages stay
with the dead worker (Redis redelivers them only after the visibility timeout), and the beat sweep, sent through the
broker to the restarted worker, asks again for what is missing.

The worker runs as a process of its own against the test database, on a Redis of its own (tests.worker_harness), so
neither the machine's Redis nor another suite's queue is touched.
"""

import time

import pytest

from accounts.models import Document
from applications import tasks
from applications.models import AcknowledgmentLetter
from tests.applications.application_factories import submitted_application
from tests.factories import ClaimedMemberFactory
from tests.worker_harness import Worker, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 40


def letters():
    return AcknowledgmentLetter.objects.count()


def test_a_worker_killed_mid_run_and_restarted_leaves_exactly_one_letter_per_submission(own_redis, tmp_path):
    submitted = [submitted_application(ClaimedMemberFactory()).pk for _ in range(SUBMISSIONS)]
    worker = Worker(own_redis, tmp_path)
    for application_id in submitted * 2:  # every letter asked for twice: a duplicate delivery
        worker.send(tasks.produce_acknowledgment_task, application_id)
    worker.start()
    try:
        assert wait_for(lambda: letters() >= 3, 120), worker.log()
    finally:
        worker.kill()
    killed_at = letters()
    assert killed_at < SUBMISSIONS, "the worker finished before it was killed: nothing was tested"

    worker.start()
    try:
        worker.send(tasks.requeue_acknowledgments_task)  # beat's sweep, through the broker
        assert wait_for(lambda: letters() == SUBMISSIONS, 180), worker.log()
        time.sleep(2)  # duplicates still queued have had time to run: they must have written nothing
    finally:
        worker.kill()
    per_application = {pk: AcknowledgmentLetter.objects.filter(application_id=pk).count() for pk in submitted}
    assert set(per_application.values()) == {1}
    assert Document.objects.filter(dedupe_key__endswith=":acknowledgment").count() == SUBMISSIONS
