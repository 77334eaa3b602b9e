"""E-mails leave exactly once (ARCHITECTURE.md "Background work that must happen exactly once")."""

from unittest import mock

import pytest
from django.core import mail

from accounts import outbox
from accounts.models import OutboundEmail

pytestmark = pytest.mark.django_db


def queued(member):
    return outbox.queue_email(dedupe_key="test:1", to=member.user.email,
                                template="accounts/emails/security_change",
                                context={"what": "phone number", "when": None})


def test_queueing_the_same_notice_twice_keeps_one_row(member):
    queued(member)
    queued(member)
    assert OutboundEmail.objects.count() == 1


def test_the_send_task_run_twice_sends_one_email(member):
    email = queued(member)
    outbox.send_email_task.apply(args=[email.pk])
    outbox.send_email_task.apply(args=[email.pk])
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1


def test_a_failed_send_is_kept_for_a_retry_and_then_sent_once(member):
    email = queued(member)
    with mock.patch("django.core.mail.send_mail", side_effect=ConnectionError("smtp down")):
        with pytest.raises(ConnectionError):
            outbox.send_queued_email(outbox_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None and email.last_error == "ConnectionError"
    outbox.send_queued_email(outbox_id=email.pk)
    outbox.send_queued_email(outbox_id=email.pk)
    assert len(mail.outbox) == 1


def test_the_sweep_re_enqueues_unsent_mail(member):
    email = queued(member)
    with mock.patch.object(outbox.send_email_task, "delay") as delay:
        outbox.send_outbox_task()
    delay.assert_called_once_with(email.pk)


def test_the_task_is_enqueued_only_after_commit(member, django_capture_on_commit_callbacks):
    with mock.patch.object(outbox.send_email_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            queued(member)
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once()
