"""The insurance beat jobs retry with backoff on database trouble, like the other tasks."""

import pytest
from django.db import OperationalError

from insurance import services, tasks

JOBS = [(tasks.send_age_out_notices_task, "send_age_out_notices"),
        (tasks.send_medicare_reminders_task, "send_medicare_reminders"),
        (tasks.verify_other_coverage_task, "run_other_coverage_verification")]


@pytest.mark.parametrize("task,service", JOBS, ids=[name for _, name in JOBS])
def test_a_job_that_meets_a_database_error_runs_again(monkeypatch, task, service):
    calls = []

    def flaky(*, today):
        calls.append(today)
        if len(calls) == 1:
            raise OperationalError("the database went away")
        return 3

    monkeypatch.setattr(services, service, flaky)
    assert task.apply(throw=False).get() == 3  # eager: the retry runs at once, in place of the countdown
    assert len(calls) == 2


@pytest.mark.parametrize("task", [task for task, _ in JOBS], ids=[name for _, name in JOBS])
def test_the_retries_back_off_and_stop(task):
    assert (task.retry_backoff, task.max_retries, task.acks_late) == (30, 5, True)
