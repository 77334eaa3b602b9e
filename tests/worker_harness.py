"""Real Celery workers against the test database, on a Redis of the test's own, for the fault tests (ARCHITECTURE.md
"Background work that must happen exactly once"; SECURITY.md fault rows): the acknowledgment and award letters under
worker SIGKILLs and broker outages.

The Redis is a ``redis-server`` started on a free port (``FAULT_REDIS_PORT`` to choose one), never the machine's:
it may be killed and restarted at will, and no other suite's queue is touched. Workers are processes of their own,
in a session of their own (so a SIGKILL takes the main process and its pool children at once), importing this
checkout's code (``PYTHONPATH``). ``own_redis`` is a fixture of every test (tests/conftest.py ``pytest_plugins``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from portal.celery import app

ROOT = Path(__file__).resolve().parents[1]


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


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A redis-server of the test's own, on one port for its whole life: it can be killed and started again there."""

    def __init__(self, workdir: Path):
        self.workdir, self.process = workdir, None
        self.port = int(os.environ.get("FAULT_REDIS_PORT") or free_port())

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        assert not port_open(self.port), f"port {self.port} is taken: set FAULT_REDIS_PORT to a free one"
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save",
                                         "", "--appendonly", "no", "--dir", str(self.workdir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(lambda: port_open(self.port), 10), "redis-server did not start"

    def kill(self):
        """An outage: the server dies with everything it held (nothing is saved)."""
        self.process.kill()
        self.process.wait()


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server to start a Redis of the test's own")
    """A Redis of the test's own; the test process publishes its tasks there meanwhile (a service's on-commit task,
    an e-mail's), so nothing reaches the machine's broker."""
    redis = OwnRedis(tmp_path)
    redis.start()
    with publishing_to(redis.url(0)):
        yield redis
    if redis.process.poll() is None:
        redis.kill()


@contextlib.contextmanager
def publishing_to(broker_url):
    """The test process's own enqueues (a service's on-commit task) go to ``broker_url`` meanwhile."""
    saved = app.conf.broker_url, app.conf.broker_write_url
    _forget_connections()
    app.conf.broker_url = app.conf.broker_write_url = broker_url  # publishing reads the write URL
    try:
        yield
    finally:
        _forget_connections()
        app.conf.broker_url, app.conf.broker_write_url = saved


def _forget_connections():
    """The connection and producer pools are bound to the broker they were made for: drop both, as Celery itself
    does after a fork (``Celery._after_fork``)."""
    app.close()
    app.amqp._producer_pool = None


def test_database_url():
    settings = connection.settings_dict
    return (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}")


test_database_url.__test__ = False  # a helper, not a test


class Worker:
    """``celery -A portal worker`` (prefork, two processes) on ``redis``'s broker and the test database."""

    def __init__(self, redis: OwnRedis, workdir: Path):
        self.redis, self.workdir, self.process, self.started = redis, workdir, None, 0

    def start(self):
        self.started += 1
        env = {**os.environ, "CELERY_BROKER_URL": self.redis.url(0), "CACHE_URL": self.redis.url(1),
               "DATABASE_URL": test_database_url(), "PRIVATE_STORAGE_ROOT": str(self.workdir / "private"),
               "DJANGO_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
        log = open(self.log_path, "wb")  # noqa: SIM115 (kept open for the worker's life)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "celery"), "-A", "portal", "worker", "--pool=prefork", "--concurrency=2",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", "celery"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    @property
    def log_path(self):
        return self.workdir / f"worker-{self.started}.log"

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """SIGKILL to the main process and its pool children, all at once."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def send(self, task, *args):
        """Send ``task`` through the worker's broker, as beat does."""
        with app.connection_for_write(self.redis.url(0)) as broker:
            task.apply_async(args=list(args), connection=broker)
