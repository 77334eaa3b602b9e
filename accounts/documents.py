"""Delivering the office's letters and statements into a member's Documents: one service for every kind (billing
statements today; acknowledgment letters, waivers and award letters next), so each is stored once, audited and
announced the same way."""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit
from accounts.models import Document
from accounts.outbox import queue_email

PDF = "application/pdf"
FOLDER = "documents"  # where accounts.models.private_document_name stores every document's file
# A file without its row this long after it was written belongs to no transaction still running: deliveries and
# uploads write the file and commit the row within seconds.
ORPHAN_AGE = timedelta(hours=1)
BATCH = 1000


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


def remove_orphan_files(*, now=None) -> int:
    """Delete the stored files no document names, once older than ``ORPHAN_AGE``: what a worker killed between
    writing a file and committing its row leaves behind (a failure that raises cleans up at once). Returns how
    many were deleted. The beat sweep ``accounts.tasks.remove_orphan_files_task`` runs it."""
    storage = Document._meta.get_field("file").storage
    if not storage.exists(FOLDER):
        return 0
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    paths = [f"{FOLDER}/{name}" for name in storage.listdir(FOLDER)[1]]
    removed = 0
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        named = set(Document.objects.filter(file__in=batch).values_list("file", flat=True))
        for path in batch:
            if path not in named and storage.get_modified_time(path) <= cutoff:
                storage.delete(path)
                removed += 1
    return removed
