"""The spousal waiver's background work: thin wrappers around ``applications.waivers.services`` (idempotent)."""

from celery import shared_task

from applications.waivers import delivery


@shared_task(bind=True, max_retries=5, acks_late=True)
def produce_waiver_document_task(self, waiver_id):
    """Render and deliver a completed round's PDF; a second run delivers nothing new (the document's key)."""
    try:
        delivery.produce_document(waiver_id=waiver_id)
    except OSError as exc:  # storage trouble: try again, nothing was committed
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc
