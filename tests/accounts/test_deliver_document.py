"""Delivering the office's letters and statements (accounts.documents.deliver_document)."""

import datetime
import hashlib
import threading

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from accounts.documents import deliver_document, remove_orphan_files
from accounts.models import AuditEntry, Document, OutboundEmail
from accounts.tasks import remove_orphan_files_task
from tests.factories import ClaimedMemberFactory, MemberFactory

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 a letter"
KEY = "tests.letter:1"


def deliver(member, *, key=KEY, content=CONTENT, **kwargs):
    return deliver_document(member=member, kind=Document.Kind.LETTER, title="Your letter", content=content,
                            dedupe_key=key, actor=None, filename="letter-1.pdf", **kwargs)


def stored_files(tmp_path):
    folder = tmp_path / "private"
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_delivery_stores_the_file_in_the_members_documents(member, tmp_path):
    document, created = deliver(member)
    assert created and (document.member, document.kind, document.title) == (member, "LETTER", "Your letter")
    assert (document.size, document.sha256) == (len(CONTENT), hashlib.sha256(CONTENT).hexdigest())
    with document.file.open("rb") as handle:
        assert handle.read() == CONTENT
    assert document.original_name == "letter-1.pdf" and document.content_type == "application/pdf"


def test_a_delivery_is_audited(member):
    document, _ = deliver(member)
    entry = AuditEntry.objects.get(action="accounts.document.delivered")
    assert (entry.member, entry.target) == (member, f"document:{document.pk}")
    assert entry.data["dedupe_key"] == KEY and entry.data["sha256"] == document.sha256


def test_the_member_is_told_through_the_outbox_without_the_letters_content(member):
    deliver(member)
    notice = OutboundEmail.objects.get(dedupe_key=f"document:{KEY}")
    assert notice.to == member.user.email and "Documents" in notice.body
    assert "Your letter" not in notice.body + notice.subject


def test_a_member_without_an_e_mail_address_gets_the_document_without_a_notice():
    member = MemberFactory(personal_email="")
    _, created = deliver(member)
    assert created and not OutboundEmail.objects.exists()


def test_the_same_key_delivers_once(member, tmp_path):
    first, _ = deliver(member)
    second, created = deliver(member, content=b"%PDF-1.4 another rendering")
    assert (second, created) == (first, False)
    assert Document.objects.count() == 1 and len(stored_files(tmp_path)) == 1
    assert AuditEntry.objects.filter(action="accounts.document.delivered").count() == 1


def test_the_database_refuses_a_second_document_with_the_same_key(member):
    deliver(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(member=member, kind="LETTER", title="x", file="documents/x", content_type="x",
                                size=1, sha256="0" * 64, dedupe_key=KEY)


def test_the_callers_writes_run_in_the_delivery_and_get_the_document(member):
    seen = []
    document, _ = deliver(member, on_delivered=seen.append)
    assert seen == [document]


def test_when_the_transaction_rolls_back_the_file_is_removed(member, tmp_path):
    def fail(document):
        raise RuntimeError("linking the letter failed")

    with pytest.raises(RuntimeError):
        deliver(member, on_delivered=fail)
    assert not Document.objects.exists() and stored_files(tmp_path) == []
    assert not AuditEntry.objects.filter(action="accounts.document.delivered").exists()
    assert not OutboundEmail.objects.exists()


def test_a_delivery_must_be_its_own_transaction(member, tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        deliver(member)
    assert stored_files(tmp_path) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_key_store_one_document_and_one_file(tmp_path):
    member = ClaimedMemberFactory()
    barrier, results = threading.Barrier(5), []

    def attempt(n):
        barrier.wait()
        try:
            results.append(deliver(member, content=f"%PDF-1.4 rendering {n}".encode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({document.pk for document, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, False, False, True]
    assert Document.objects.count() == 1 and len(stored_files(tmp_path)) == 1
    assert OutboundEmail.objects.count() == 1


def _orphan(name="documents/orphan"):
    return Document._meta.get_field("file").storage.save(name, ContentFile(b"left behind"))


def test_the_sweep_removes_a_file_without_its_row_once_it_is_old(member, tmp_path, time_machine):
    kept, _ = deliver(member)
    orphan = _orphan()
    time_machine.move_to(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2))
    assert remove_orphan_files_task.delay().get() == 1
    assert [path.name for path in stored_files(tmp_path)] == [kept.file.name.split("/")[-1]]
    assert orphan not in [f"documents/{path.name}" for path in stored_files(tmp_path)]


def test_the_sweep_leaves_a_young_file_alone(member, tmp_path):
    _orphan()
    assert remove_orphan_files() == 0 and len(stored_files(tmp_path)) == 1


def test_the_sweep_with_no_files_yet_does_nothing():
    assert remove_orphan_files() == 0
