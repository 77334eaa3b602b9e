"""Celery tasks of the retirement application: thin, idempotent, retried with backoff, enqueued on commit."""

from celery import shared_task
from django.utils import timezone

from applications.acknowledgment import produce_acknowledgment
from applications.award import produce_award_letter
from applications.models import Application, FinalCalculation
from applications.retiring import make_retirees
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


@shared_task(bind=True, max_retries=8, acks_late=True, reject_on_worker_lost=True)
def produce_award_letter_task(self, calculation_id):
    """Write one approved calculation's award letter; a rerun finds it written and does nothing. A worker killed
    mid-run leaves the message unacknowledged: the broker redelivers it (``reject_on_worker_lost``)."""
    try:
        produce_award_letter(calculation_id=calculation_id)
    except Exception as exc:  # storage or database trouble: nothing was kept, the retry writes it
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


def award_letter_on_commit(calculation_id):
    """``approve_award`` calls this inside its transaction: the letter is asked for once the approval commits."""
    enqueue_on_commit(produce_award_letter_task, calculation_id)


@shared_task(sweep=True)
def requeue_award_letters_task():
    """Sweep: enqueue the letter of every approved calculation still without one (a broker down at approval, a
    message lost with its worker)."""
    waiting = FinalCalculation.objects.filter(approved_at__isnull=False, award_letter__isnull=True)
    for calculation_id in waiting.values_list("pk", flat=True):
        produce_award_letter_task.delay(calculation_id)


@shared_task
def make_retirees_task():
    """Beat: members whose award letter is written and whose RED has come become retirees (idempotent)."""
    make_retirees(today=timezone.localdate())
