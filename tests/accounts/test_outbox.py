"""E-mails leave exactly once (ARCHITECTURE.md "Background work that must happen exactly once")."""

from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError

from accounts import outbox
from accounts.models import Member, OutboundEmail
from tests.factories import ClaimedMemberFactory

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


# ---------------------------------------------------------------------------------------------------------------
# A worker killed mid-send (issue 13 item 4): the "sending" mark is committed before the mail server is contacted
# ---------------------------------------------------------------------------------------------------------------

class WorkerKilled(BaseException):
    """Stands for the process dying while the mail server has the message: no handler of ours runs."""


def committed_unsent():
    """An outbox row committed, its task not run (as if the worker had not picked it up yet)."""
    with mock.patch.object(outbox.send_email_task, "delay"):
        return queued(ClaimedMemberFactory())


@pytest.mark.django_db(transaction=True)
def test_the_sending_mark_is_committed_before_the_mail_server_is_contacted():
    email = committed_unsent()
    seen = {}

    def send_mail(*args, **kwargs):
        seen["in_transaction"] = connection.in_atomic_block
        seen["mark"] = OutboundEmail.objects.get(pk=email.pk).sending_since
        return 1

    with mock.patch("django.core.mail.send_mail", side_effect=send_mail):
        outbox.send_queued_email(outbox_id=email.pk)
    assert seen["in_transaction"] is False and seen["mark"] is not None


@pytest.mark.django_db(transaction=True)
def test_a_message_a_killed_worker_was_sending_is_never_sent_again():
    email = committed_unsent()
    with mock.patch("django.core.mail.send_mail", side_effect=WorkerKilled):
        with pytest.raises(WorkerKilled):
            outbox.send_queued_email(outbox_id=email.pk)
    with mock.patch.object(outbox.send_email_task, "delay") as delay:
        outbox.send_outbox_task()
    delay.assert_not_called()
    outbox.send_email_task.apply(args=[email.pk])  # the broker redelivers the killed worker's task
    assert mail.outbox == []
    email.refresh_from_db()
    assert email.sent_at is None and email.sending_since is not None


def test_a_failure_the_mail_backend_reports_releases_the_mark_for_the_retry(member):
    email = queued(member)
    with mock.patch("django.core.mail.send_mail", side_effect=ConnectionError("smtp down")):
        with pytest.raises(ConnectionError):
            outbox.send_queued_email(outbox_id=email.pk)
    email.refresh_from_db()
    assert email.sending_since is None
    with mock.patch.object(outbox.send_email_task, "delay") as delay:
        outbox.send_outbox_task()
    delay.assert_called_once_with(email.pk)


# ---------------------------------------------------------------------------------------------------------------
# A broker refusing the task after the commit (issue 13 item 3): logged, left to the sweep, never a 500
# ---------------------------------------------------------------------------------------------------------------

BROKER_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_a_change_saved_while_the_broker_is_down_shows_its_confirmation_and_keeps_its_notice(
        member, client, django_capture_on_commit_callbacks, caplog):
    client.force_login(member.user)
    with mock.patch.object(outbox.send_email_task, "apply_async", side_effect=BROKER_DOWN):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:change_phone"), {"phone": "517-555-0199"}, follow=True)
    assert response.status_code == 200
    assert "Your phone number has been updated" in response.content.decode()
    assert Member.objects.get(pk=member.pk).phone == "517-555-0199"
    notice = OutboundEmail.objects.get()
    assert notice.sent_at is None and notice.sending_since is None
    assert any("Broker unavailable" in record.getMessage() and record.levelname == "WARNING"
               for record in caplog.records)


def test_the_sweep_sends_what_a_broker_outage_left_waiting(member, django_capture_on_commit_callbacks):
    with mock.patch.object(outbox.send_email_task, "apply_async", side_effect=BROKER_DOWN):
        with django_capture_on_commit_callbacks(execute=True):
            email = queued(member)
    outbox.send_outbox_task()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None
