"""Beat jobs: thin, idempotent wrappers (each notice exactly once; a rerun after a crash finishes the batch). A job
that meets a database error (busy, failed over) retries with backoff like every other task: 30 s, 60 s, 120 s, …"""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from insurance import services

BEAT_JOB = {"acks_late": True, "autoretry_for": (DatabaseError,), "retry_backoff": 30, "retry_jitter": False,
            "max_retries": 5}


@shared_task(**BEAT_JOB)
def send_age_out_notices_task():
    return services.send_age_out_notices(today=timezone.localdate())


@shared_task(**BEAT_JOB)
def send_medicare_reminders_task():
    return services.send_medicare_reminders(today=timezone.localdate())


@shared_task(**BEAT_JOB)
def verify_other_coverage_task():
    return services.run_other_coverage_verification(today=timezone.localdate())
