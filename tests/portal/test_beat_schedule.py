"""Every "produce, then re-enqueue what is missing" sweep runs in beat (ARCHITECTURE.md: exactly-once background
work). Sweeps are found, not listed: a task declared with ``sweep=True``, and every task named ``requeue_…`` must
be one."""

from django.conf import settings
from django.urls import get_resolver

from portal.celery import app


def all_tasks():
    app.loader.import_default_modules()  # each app's tasks module, as a worker loads them
    get_resolver().url_patterns  # noqa: B018  (the views import the services, and with them every other task)
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def sweeps():
    return {name for name, task in all_tasks().items() if getattr(task, "sweep", False)}


def scheduled():
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def test_every_sweep_is_in_the_beat_schedule():
    assert sweeps() and sweeps() - scheduled() == set()


def test_every_task_named_requeue_is_declared_a_sweep():
    requeue = {name for name in all_tasks() if name.rsplit(".", 1)[-1].startswith("requeue_")}
    assert requeue - sweeps() == set()


def test_the_outbox_and_the_billing_statements_are_swept():
    assert {"accounts.outbox.send_outbox_task", "pensions.tasks.requeue_billing_statements_task"} <= sweeps()


def test_every_scheduled_task_exists():
    assert scheduled() - set(all_tasks()) == set()
