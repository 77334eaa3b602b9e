"""Beat jobs: thin, idempotent wrappers (each notice exactly once; a rerun after a crash finishes the batch)."""

from celery import shared_task
from django.utils import timezone

from insurance import services


@shared_task(acks_late=True)
def send_age_out_notices_task():
    return services.send_age_out_notices(today=timezone.localdate())


@shared_task(acks_late=True)
def send_medicare_reminders_task():
    return services.send_medicare_reminders(today=timezone.localdate())


@shared_task(acks_late=True)
def verify_other_coverage_task():
    return services.run_other_coverage_verification(today=timezone.localdate())
