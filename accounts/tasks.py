"""Celery tasks of the accounts app that are not the outbox's (accounts.outbox): thin, idempotent, retried."""

from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError

from accounts import documents


@shared_task(sweep=True, acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, retry_jitter=False,
             max_retries=5)
def remove_orphan_files_task():
    """Beat sweep: delete document files a killed worker left without their row (a second run finds none)."""
    return documents.remove_orphan_files()


@shared_task
def clear_expired_sessions_task():
    """Django's ``clearsessions``: the session store deletes the sessions past their expiry, which nothing else
    removes. Idempotent: a second run finds none."""
    call_command("clearsessions")
