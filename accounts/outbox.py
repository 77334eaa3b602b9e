"""The e-mail outbox: a notice is written as a row in the same transaction as its cause, then sent by a Celery task
once that transaction commits; a beat sweep re-enqueues what is still unsent (ARCHITECTURE.md "Background work that
must happen exactly once").

Sending marks the row ``sending_since`` in a transaction of its own, committed before the mail server is contacted,
so a sweep or a redelivered task never sends again a message a killed worker may already have handed over. What
this promises, exactly, is in the README ("E-mail: what "exactly once" means").
"""

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import OutboundEmail
from portal.enqueue import enqueue_on_commit


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
        enqueue_on_commit(send_email_task, outbox.pk)
    return outbox


def send_queued_email(*, outbox_id):
    """Send one outbox row if nobody has started to; a second run, or a concurrent one, sends nothing.

    1. Claim: mark the row ``sending_since`` and commit — one conditional UPDATE, so of two workers one wins.
    2. Hand the message to the mail server, outside any transaction.
    3. Record ``sent_at``. If the mail backend raises instead, the mark is released and the error recorded, then
       raised, so the task's retry sends it. A worker killed during 2 leaves the mark: nothing sends it again.
    """
    with transaction.atomic(durable=True):
        claimed = (OutboundEmail.objects.filter(pk=outbox_id, sent_at=None, sending_since=None)
                   .update(sending_since=timezone.now(), attempts=F("attempts") + 1))
    if not claimed:
        return False
    email = OutboundEmail.objects.get(pk=outbox_id)
    try:
        mail.send_mail(email.subject, email.body, None, [email.to])
    except Exception as exc:  # the backend reported the failure (SMTP refusal, network): the retry sends it
        OutboundEmail.objects.filter(pk=outbox_id).update(sending_since=None, last_error=type(exc).__name__)
        raise
    OutboundEmail.objects.filter(pk=outbox_id).update(sent_at=timezone.now(), last_error="")
    return True


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email_task(self, outbox_id):
    """Send one queued e-mail; safe to run twice (the outbox row records the send)."""
    try:
        send_queued_email(outbox_id=outbox_id)
    except Exception as exc:  # SMTP trouble: back off and try again, the row stays unsent
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task(sweep=True)
def send_outbox_task():
    """Beat sweep: re-enqueue every e-mail nobody has started to send (covers a broker that was down when the cause
    committed); never one marked as being sent."""
    unsent = OutboundEmail.objects.filter(sent_at=None, sending_since=None, attempts__lt=10)
    for outbox_id in unsent.values_list("pk", flat=True):
        send_email_task.delay(outbox_id)
