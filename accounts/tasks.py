from celery import shared_task

from accounts import services
from accounts.models import OutboundEmail


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email_task(self, outbox_id):
    """Send one queued e-mail; safe to run twice (the outbox row records the send)."""
    try:
        services.send_queued_email(outbox_id=outbox_id)
    except Exception as exc:  # SMTP trouble: back off and try again, the row stays unsent
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task
def send_outbox_task():
    """Beat sweep: re-enqueue every unsent e-mail (covers a broker that was down when the cause committed)."""
    for outbox_id in OutboundEmail.objects.filter(sent_at=None, attempts__lt=10).values_list("pk", flat=True):
        send_email_task.delay(outbox_id)


from accounts.message_board import tasks as message_board_tasks  # noqa: E402,F401  (Celery finds them here)
