"""The e-mail outbox: a notice is written as a row in the same transaction as its cause, then sent by a Celery task
once that transaction commits; a beat sweep re-enqueues what is still unsent (ARCHITECTURE.md "Background work that
must happen exactly once")."""

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import OutboundEmail


def queue_email(*, dedupe_key, to, template, context):
    """Write an e-mail to the outbox (idempotent by ``dedupe_key``) and send it once the transaction commits.

    ``template`` names ``templates/<template>_subject.txt`` and ``<template>_body.txt``. Notices never carry
    secrets or message content: only what happened and a link to sign in.
    """
    context = {"portal_url": settings.PORTAL_BASE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    outbox, created = OutboundEmail.objects.get_or_create(
        dedupe_key=dedupe_key[:200], defaults={"to": to, "subject": subject[:200], "body": body})
    if created:
        transaction.on_commit(lambda: send_email_task.delay(outbox.pk))
    return outbox


def send_queued_email(*, outbox_id):
    """Send one outbox row if nobody has yet; a second run, or a concurrent one, sends nothing.

    A failure is recorded on the row (committed) and then raised, so the caller's retry sees an unsent row.
    """
    failure = None
    with transaction.atomic():
        email = (OutboundEmail.objects.select_for_update(skip_locked=True)
                 .filter(pk=outbox_id, sent_at=None).first())
        if email is None:
            return False
        email.attempts += 1
        try:
            mail.send_mail(email.subject, email.body, None, [email.to])
        except Exception as exc:  # SMTP and network errors alike: keep the row for the retry
            email.last_error, failure = type(exc).__name__, exc
        else:
            email.sent_at, email.last_error = timezone.now(), ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return True


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email_task(self, outbox_id):
    """Send one queued e-mail; safe to run twice (the outbox row records the send)."""
    try:
        send_queued_email(outbox_id=outbox_id)
    except Exception as exc:  # SMTP trouble: back off and try again, the row stays unsent
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task
def send_outbox_task():
    """Beat sweep: re-enqueue every unsent e-mail (covers a broker that was down when the cause committed)."""
    for outbox_id in OutboundEmail.objects.filter(sent_at=None, attempts__lt=10).values_list("pk", flat=True):
        send_email_task.delay(outbox_id)
