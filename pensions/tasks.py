"""Celery tasks of the pensions app: thin, idempotent, retried with backoff, enqueued on commit by the services."""

from celery import shared_task

from pensions.billing_statements import produce_billing_statement
from pensions.engine import contract
from pensions.models import PurchaseRequest
from portal.json_command import chunk_results


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


@shared_task(ignore_result=False, acks_late=True)
def estimate_chunk_task(cases):
    """A share of a `manage.py estimate --chunks` batch: ``[index, input]`` pairs → ``[status, output]`` pairs, as
    the command computes them itself (portal.json_command). Pure rules, no database: a rerun gives the same."""
    return chunk_results(cases, contract.handle_item, contract.BAD_INPUT, contract.error_json, contract.FAILURES)
