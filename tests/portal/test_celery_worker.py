"""The real path: a task enqueued on commit travels through Redis to a Celery worker (ARCHITECTURE.md)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from accounts.models import OutboundEmail
from accounts.outbox import queue_email
from portal.celery import app
from tests.factories import ClaimedMemberFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until_sent(outbox, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        outbox.refresh_from_db()
        if outbox.sent_at is not None:
            return True
        time.sleep(0.2)
    return False


def test_a_queued_email_is_sent_by_a_worker_through_the_broker():
    member = ClaimedMemberFactory()
    app.control.purge()  # messages left by earlier runs would belong to databases that no longer exist
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # Committed at once (transactional test), so the on-commit hook publishes the task to Redis.
        outbox = queue_email(dedupe_key="worker:1", to=member.user.email,
                             template="accounts/emails/security_change",
                             context={"what": "phone number", "when": None})
        assert wait_until_sent(outbox)
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert OutboundEmail.objects.count() == 1
