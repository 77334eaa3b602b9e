"""Delivering the office's letters and statements into a member's Documents: one service for every kind (billing
statements today; acknowledgment letters, waivers and award letters next), so each is stored once, audited and
announced the same way."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from accounts.audit import audit
from accounts.models import Document
from accounts.outbox import queue_email

PDF = "application/pdf"


def deliver_document(*, member, kind, title, content, dedupe_key, actor, filename="letter.pdf", content_type=PDF,
                     on_delivered=None):
    """Store ``content`` (bytes) as a document of ``member``, once per ``dedupe_key``; returns
    ``(document, created)``.

    ``dedupe_key`` names what the document is (``"pensions.purchase:12:statement"``): a second delivery of the same
    key, also a concurrent one, stores nothing and returns the document already delivered (the database's unique
    constraint decides). ``on_delivered(document)`` runs in the same transaction, for the caller's own writes (link
    the document to what it is about). The transaction is the outermost one (``durable``): it commits the document,
    the caller's writes, the audit entry ``accounts.document.delivered`` and the member's notice (outbox) together,
    and if any of them fails the stored file is removed, so no file outlives a rolled-back row.
    """
    existing = Document.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing, False
    document = Document(member=member, kind=kind, title=title, original_name=filename, content_type=content_type,
                        size=len(content), sha256=hashlib.sha256(content).hexdigest(), dedupe_key=dedupe_key)
    document.file.save("delivered", ContentFile(content), save=False)
    try:
        with transaction.atomic(durable=True):
            document.full_clean(validate_constraints=False)
            document.save()
            if on_delivered is not None:
                on_delivered(document)
            audit(actor=actor, member=member, action="accounts.document.delivered",
                  target=f"document:{document.pk}", data={"kind": kind, "dedupe_key": dedupe_key,
                                                          "sha256": document.sha256, "size": document.size})
            if member.notice_email:
                queue_email(dedupe_key=f"document:{dedupe_key}", to=member.notice_email,
                            template="accounts/emails/document_delivered",
                            context={"member": member, "kind": document.get_kind_display()})
    except BaseException as error:
        document.file.storage.delete(document.file.name)
        if isinstance(error, IntegrityError):
            delivered = Document.objects.filter(dedupe_key=dedupe_key).first()
            if delivered is not None:  # a concurrent delivery of the same document won
                return delivered, False
        raise
    return document, True
