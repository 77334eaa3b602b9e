"""Fault test (issue 17 "Done when"; ARCHITECTURE.md "Background work that must happen exactly once"): a real Celery
worker producing acknowledgment letters is killed with SIGKILL mid-run and restarted; every submission ends with
exactly one letter. Each letter is asked for twice (a duplicate delivery), the worker's unacknowledged messages stay
with the dead worker (Redis redelivers them only after the visibility timeout), and the beat sweep, sent through the
broker to the restarted worker, asks again for what is missing.

The worker runs as a process of its own against the test database, on a Redis of its own (port ``FAULT_REDIS_PORT``,
6390-6399 being the fault scripts' range), so neither the machine's Redis nor another suite's queue is touched.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import Document
from applications import tasks
from applications.models import AcknowledgmentLetter
from portal.celery import app
from tests.applications.application_factories import submitted_application
from tests.factories import ClaimedMemberFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6394"))
BROKER = f"redis://127.0.0.1:{REDIS_PORT}/0"
SUBMISSIONS = 40


def wait_for(condition, seconds, step=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_of_our_own(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server to start a Redis of the test's own")
    assert not port_open(REDIS_PORT), f"port {REDIS_PORT} is taken: set FAULT_REDIS_PORT to a free one"
    process = subprocess.Popen(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: port_open(REDIS_PORT), 10)
    yield BROKER
    process.kill()
    process.wait()


def start_worker(tmp_path, log_name):
    env = {**os.environ, "CELERY_BROKER_URL": BROKER, "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
           "DATABASE_URL": _test_database_url(), "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
           "DJANGO_LOG_LEVEL": "WARNING"}
    log = open(tmp_path / log_name, "wb")  # noqa: SIM115 (kept open for the worker's life)
    return subprocess.Popen([str(ROOT / ".venv" / "bin" / "celery"), "-A", "portal", "worker", "--pool=prefork",
                             "--concurrency=2", "--without-heartbeat", "--without-gossip", "--without-mingle",
                             "-Q", "celery"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def _test_database_url():
    settings = connection.settings_dict
    return (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}")


def kill(worker):
    os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool children, all at once
    worker.wait()


def letters():
    return AcknowledgmentLetter.objects.count()


def test_a_worker_killed_mid_run_and_restarted_leaves_exactly_one_letter_per_submission(redis_of_our_own, tmp_path):
    submitted = [submitted_application(ClaimedMemberFactory()).pk for _ in range(SUBMISSIONS)]
    with app.connection_for_write(redis_of_our_own) as broker:
        for application_id in submitted * 2:  # every letter asked for twice: a duplicate delivery
            tasks.produce_acknowledgment_task.apply_async(args=[application_id], connection=broker)
    worker = start_worker(tmp_path, "worker-1.log")
    try:
        assert wait_for(lambda: letters() >= 3, 120), (tmp_path / "worker-1.log").read_text(errors="replace")
        kill(worker)
    finally:
        if worker.poll() is None:
            kill(worker)
    killed_at = letters()
    assert killed_at < SUBMISSIONS, "the worker finished before it was killed: nothing was tested"

    worker = start_worker(tmp_path, "worker-2.log")
    try:
        with app.connection_for_write(redis_of_our_own) as broker:  # beat's sweep, through the broker
            tasks.requeue_acknowledgments_task.apply_async(connection=broker)
        assert wait_for(lambda: letters() == SUBMISSIONS, 180), (tmp_path / "worker-2.log").read_text(errors="replace")
        time.sleep(2)  # duplicates still queued have had time to run: they must have written nothing
    finally:
        kill(worker)
    per_application = {pk: AcknowledgmentLetter.objects.filter(application_id=pk).count() for pk in submitted}
    assert set(per_application.values()) == {1}
    assert Document.objects.filter(dedupe_key__endswith=":acknowledgment").count() == SUBMISSIONS
