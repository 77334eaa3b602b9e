"""Celery tasks of the Message Board: thin, idempotent, retried. The member's reply notice needs no task of its own:
it is an outbox row sent by accounts.outbox.send_email_task once the reply commits."""

from celery import shared_task
from django.db import DatabaseError

from accounts.message_board import services


@shared_task(bind=True, max_retries=5, acks_late=True)
def alert_overdue_threads_task(self):
    """Beat job (portal.settings CELERY_BEAT_SCHEDULE): alert supervisors to threads past their answer time. A second
    run, or two at once, alerts nothing more: the alert row is unique per thread and missed time."""
    try:
        return services.alert_overdue_threads()
    except DatabaseError as exc:  # the database was busy or away: the next attempt starts afresh
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc
