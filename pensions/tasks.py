"""Celery tasks of the pensions app: thin, idempotent, retried with backoff, enqueued on commit by the services."""

from celery import shared_task

from pensions.billing_statements import produce_billing_statement
from pensions.models import PurchaseRequest


@shared_task(bind=True, max_retries=5, acks_late=True)
def produce_billing_statement_task(self, request_id):
    """Make one purchase request's billing statement; a rerun finds it made and does nothing."""
    try:
        produce_billing_statement(request_id=request_id)
    except Exception as exc:  # storage or database trouble: the request stays QUEUED for the retry
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task(sweep=True)
def requeue_billing_statements_task():
    """Sweep: re-enqueue every request still waiting for its statement (a broker down when it was committed)."""
    for request_id in PurchaseRequest.objects.filter(status=PurchaseRequest.Status.QUEUED).values_list("pk", flat=True):
        produce_billing_statement_task.delay(request_id)
