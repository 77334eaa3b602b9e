"""Celery tasks of the retirement application: thin, idempotent, retried with backoff, enqueued on commit."""

from celery import shared_task

from applications.acknowledgment import produce_acknowledgment
from applications.models import Application
from portal.enqueue import enqueue_on_commit


@shared_task(bind=True, max_retries=5, acks_late=True)
def produce_acknowledgment_task(self, application_id):
    """Write one submitted application's acknowledgment letter; a rerun finds it written and does nothing."""
    try:
        produce_acknowledgment(application_id=application_id)
    except Exception as exc:  # storage or database trouble: nothing was kept, the retry writes it
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


def acknowledge_on_commit(application_id):
    """The submit service calls this inside its transaction: the letter is asked for once the submission commits."""
    enqueue_on_commit(produce_acknowledgment_task, application_id)


@shared_task(sweep=True)
def requeue_acknowledgments_task():
    """Sweep: enqueue the letter of every submitted application still without one (a broker down at submission)."""
    waiting = Application.objects.filter(submitted_at__isnull=False, acknowledgment__isnull=True)
    for application_id in waiting.values_list("pk", flat=True):
        produce_acknowledgment_task.delay(application_id)
