"""Enqueueing a Celery task once the transaction commits, without turning a saved change into an error page.

The effect is recorded before its task is enqueued (an outbox row, a QUEUED request), and a beat sweep re-enqueues
whatever is still waiting. So a broker that refuses the task after the commit (SECURITY.md F4) is logged and left
to the sweep: the member's change stands, and the page says so.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args):
    """Enqueue ``task(*args)`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue(task, *args) -> bool:
    """Enqueue ``task(*args)``; False, with a warning logged, when the broker cannot be reached."""
    try:
        task.delay(*args)
    except OperationalError as error:  # what Celery raises once its publish retries against the broker are spent
        logger.warning("Broker unavailable: %s%r not enqueued, its sweep will enqueue it (%s)", task.name, args,
                       error)
        return False
    return True
