"""The upload gate and storing (SECURITY.md FI-1 … FI-10, L6): accounts/uploads.py, driven by the corpus."""

import hashlib
import io
import re
import zipfile
from operator import attrgetter
from pathlib import Path

import pikepdf
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageOps, ImageStat

from accounts import uploads as u
from accounts.models import AuditEntry, Document
from accounts.uploads import UPLOAD_POLICY, UploadField, UploadRejected, store_document, validate_upload
from tests.accounts.upload_corpus import (
    BENIGN,
    BOMBS,
    HOSTILE,
    HTML,
    LIMIT,
    MANIFEST,
    MB,
    NEUTRALISED,
    REJECTED,
    jpeg,
    letter_pdf,
    object_stream_pdf,
    png,
)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

REJECTS = [sample for sample in MANIFEST if sample.expect == REJECTED]
KEPT_HOSTILE = [sample for sample in MANIFEST if sample.expect == NEUTRALISED]
sample_id = attrgetter("id")


class RawUpload(io.BytesIO):
    """A file as a client could send it, without Django's own clean-up of the name; counts what is read."""

    def __init__(self, data, name, size=None):
        super().__init__(data)
        self.name, self.size, self.largest_read = name, len(data) if size is None else size, 0

    def read(self, size=-1):
        self.largest_read = max(self.largest_read, size if size >= 0 else len(self.getvalue()))
        return super().read(size)


def store(member, upload, *, kind=Document.Kind.UPLOAD, title="Proof of birth"):
    return store_document(member=member, kind=kind, title=title, clean_file=validate_upload(upload),
                          actor=member.user)


def stored_bytes(document):
    with document.file.open("rb") as stored:
        return stored.read()


def stored_files(settings):
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def opens_as(data):
    """Every kind of file these bytes open as; a safely stored file opens as exactly one allowed type."""
    found = set()
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages):
                found.add(u.PDF)
    except Exception:
        pass
    for pillow_format, kind in (("JPEG", u.JPEG), ("PNG", u.PNG)):
        try:
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                image.load()
                found.add(kind)
        except Exception:
            pass
    if zipfile.is_zipfile(io.BytesIO(data)):
        found.add("zip")
    if re.search(rb"<(html|script|svg|body|\?php)\b", data, re.IGNORECASE):
        found.add("html")
    return found


def looks_alike(first, second):
    """The same picture, give or take re-encoding: small average difference on a thumbnail."""
    first, second = (image.convert("RGB").resize((64, 48)) for image in (first, second))
    return max(ImageStat.Stat(ImageChops.difference(first, second)).mean) < 8


# ---------------------------------------------------------------------------------------------------------------
# The corpus itself
# ---------------------------------------------------------------------------------------------------------------

def test_the_corpus_has_the_classes_and_counts_of_the_test_plan():
    assert len(HOSTILE) >= 60
    assert len({sample.klass for sample in HOSTILE}) >= 15
    assert len(BENIGN) >= 20
    assert len({sample.id for sample in MANIFEST}) == len(MANIFEST)


@pytest.mark.parametrize("sample", [s for s in MANIFEST if s.payload], ids=sample_id)
def test_each_payload_the_tests_look_for_is_really_in_the_file_sent(sample):
    assert sample.payload in sample.build()


# ---------------------------------------------------------------------------------------------------------------
# Every file in the corpus
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", REJECTS, ids=sample_id)
def test_a_hostile_file_is_rejected_with_the_message_for_its_kind(sample):
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(sample.upload())
    assert rejected.value.message == sample.message


@pytest.mark.parametrize("sample", KEPT_HOSTILE, ids=sample_id)
def test_a_hostile_file_that_is_kept_is_stored_neutralised(sample, member):
    sent = sample.build()
    document = store(member, sample.upload())
    stored = stored_bytes(document)
    assert document.content_type == sample.content_type
    assert stored != sent
    assert opens_as(stored) == {sample.content_type}
    if sample.payload:
        assert sample.payload not in stored
    if sample.stored_name:
        assert document.original_name == sample.stored_name


@pytest.mark.parametrize("sample", BENIGN, ids=sample_id)
def test_a_benign_file_is_accepted_and_still_viewable(sample, member):
    sent = sample.build()
    document = store(member, sample.upload())
    stored = stored_bytes(document)
    assert document.content_type == sample.content_type
    assert opens_as(stored) == {sample.content_type}
    if sample.content_type == u.PDF:
        with pikepdf.open(io.BytesIO(sent)) as before, pikepdf.open(io.BytesIO(stored)) as after:
            assert len(after.pages) == len(before.pages)
    else:
        with Image.open(io.BytesIO(sent)) as before, Image.open(io.BytesIO(stored)) as after:
            upright = ImageOps.exif_transpose(before)
            assert after.size == upright.size
            assert looks_alike(upright, after)
    if sample.payload:
        assert sample.payload not in stored
    if sample.stored_name:
        assert document.original_name == sample.stored_name


@pytest.mark.parametrize("sample", BOMBS, ids=sample_id)
def test_a_bomb_or_oversized_file_is_rejected(sample):
    """How fast (within two seconds each) is measured by tests/benchmarks/bench_uploads.py, not on a shared CI box."""
    with pytest.raises(UploadRejected):
        validate_upload(sample.upload())


# ---------------------------------------------------------------------------------------------------------------
# Neutralising
# ---------------------------------------------------------------------------------------------------------------

def test_a_phone_photo_is_turned_upright_and_loses_its_exif(member):
    document = store(member, SimpleUploadedFile("IMG_0001.jpg", jpeg(orientation=6, make="SecretCam", gps=True)))
    with Image.open(io.BytesIO(stored_bytes(document))) as image:
        assert image.size == (480, 640)
        assert not image.getexif()
        red, green, blue = image.convert("RGB").getpixel((image.width - 20, 20))
        assert red > 150 and blue < 80  # the top-left red corner, turned a quarter clockwise, is top-right


def test_a_pdf_is_re_saved_so_bytes_outside_its_objects_are_dropped(member):
    sent = letter_pdf().replace(b"%%EOF", b"%% comment the viewer never reads\n%%EOF")
    document = store(member, SimpleUploadedFile("letter.pdf", sent))
    stored = stored_bytes(document)
    assert b"comment the viewer never reads" not in stored
    assert b"ReportLab Generated PDF document" not in stored  # the generator's header comment is gone too


# ---------------------------------------------------------------------------------------------------------------
# Names, keys and what is recorded
# ---------------------------------------------------------------------------------------------------------------

def test_the_stored_key_is_a_random_hex_name_without_anything_the_member_typed(member):
    document = store(member, SimpleUploadedFile("Smith birth certificate.png", png()), title="Smith birth")
    assert re.fullmatch(r"documents/[0-9a-f]{32}", document.file.name)


def test_two_uploads_of_the_same_file_get_different_keys(member):
    first = store(member, SimpleUploadedFile("scan.png", png()))
    second = store(member, SimpleUploadedFile("scan.png", png()))
    assert first.file.name != second.file.name


@pytest.mark.parametrize(("sent", "kept"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\win.ini.pdf", "win.ini.pdf"),
    ("/var/www/html/shell.pdf", "shell.pdf"),
    ("a\x00b.pdf", "ab.pdf"),
    ("invoice\u202egnp.exe", "invoicegnp.exe"),
    ("zero\u200bwidth\u2066isolate\u2069.pdf", "zerowidthisolate.pdf"),
    ("line\nbreak\r\n.pdf", "linebreak.pdf"),
    ("  spaced   out  .pdf  ", "spaced out .pdf"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ("..", ""),
    ("Überweisung – März.pdf", "Überweisung – März.pdf"),
])
def test_the_original_name_is_kept_only_as_sanitised_text(sent, kept):
    assert u.sanitise_name(sent) == kept


def test_validate_upload_cleans_a_name_the_client_sent_with_a_path(member):
    clean = validate_upload(RawUpload(letter_pdf(), "../../../etc/cron.d/statement.pdf"))
    assert clean.original_name == "statement.pdf"


def test_the_sha256_and_size_recorded_are_those_of_the_stored_bytes(member):
    document = store(member, SimpleUploadedFile("letter.pdf", letter_pdf()))
    stored = stored_bytes(document)
    assert document.size == len(stored) == document.file.size
    assert document.sha256 == hashlib.sha256(stored).hexdigest()


def test_an_audit_entry_records_the_upload_without_the_file_name(member):
    document = store(member, SimpleUploadedFile("Smith divorce.pdf", letter_pdf()))
    entry = AuditEntry.objects.get(action="accounts.document.uploaded")
    assert (entry.actor, entry.member, entry.target) == (member.user, member, f"document:{document.pk}")
    assert entry.data == {"kind": "UPLOAD", "content_type": "application/pdf", "size": document.size,
                          "sha256": document.sha256}
    assert "Smith" not in str(entry.data)


def test_the_document_records_kind_title_and_original_name(member):
    document = store(member, SimpleUploadedFile("scan.PNG", png()), title="Birth certificate")
    document.refresh_from_db()
    assert (document.member, document.kind, document.title, document.original_name) == (
        member, Document.Kind.UPLOAD, "Birth certificate", "scan.PNG")


# ---------------------------------------------------------------------------------------------------------------
# What decides the type, and in what order
# ---------------------------------------------------------------------------------------------------------------

def test_a_wrong_content_type_from_the_browser_does_not_stop_a_real_png():
    clean = validate_upload(SimpleUploadedFile("scan.png", png(), content_type="text/html"))
    assert clean.content_type == "image/png"


def test_a_right_looking_content_type_from_the_browser_does_not_let_html_in():
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(SimpleUploadedFile("scan.png", HTML, content_type="image/png"))
    assert rejected.value.message == u.NOT_ALLOWED


def test_the_size_limit_is_checked_before_the_file_is_read_or_parsed(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("parsed before the size check")

    for target in ("filetype.guess", "get_scanner", "Image.open", "pikepdf.open"):
        monkeypatch.setattr(f"accounts.uploads.{target}", must_not_run)
    upload = RawUpload(b"%PDF-1.7\n", "letter.pdf", size=LIMIT + 1)
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(upload)
    assert rejected.value.message == u.TOO_LARGE.format(max_mb=10)
    assert upload.largest_read == 0


def test_a_pdf_bomb_is_measured_before_qpdf_parses_it(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("qpdf would inflate the object stream whole while parsing")

    monkeypatch.setattr("accounts.uploads.pikepdf.open", must_not_run)
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(SimpleUploadedFile("letter.pdf", object_stream_pdf()))
    assert rejected.value.message == u.PDF_TOO_COMPLEX


def test_a_file_longer_than_its_declared_size_is_read_only_to_one_byte_past_the_limit():
    upload = RawUpload(b"%PDF-1.7\n" + b"\x00" * (LIMIT + MB), "letter.pdf", size=100)
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(upload)
    assert rejected.value.message == u.TOO_LARGE.format(max_mb=10)
    assert upload.largest_read == LIMIT + 1


def test_store_document_stores_only_a_validated_file(member):
    with pytest.raises(TypeError):
        store_document(member=member, kind=Document.Kind.UPLOAD, title="x",
                       clean_file=SimpleUploadedFile("a.pdf", letter_pdf()), actor=member.user)


# ---------------------------------------------------------------------------------------------------------------
# The antivirus hook (FI-9)
# ---------------------------------------------------------------------------------------------------------------

class FlagsEverything:
    def scan(self, content):
        return "Test.Flagged"


class Unreachable:
    def scan(self, content):
        raise u.ScanUnavailable("clamd is down")


def test_the_scanner_named_in_settings_is_the_one_used(settings):
    settings.UPLOAD_SCANNER = "tests.accounts.test_uploads.FlagsEverything"
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(SimpleUploadedFile("letter.pdf", letter_pdf()))
    assert rejected.value.message == u.VIRUS


def test_an_upload_is_refused_when_the_scanner_cannot_answer(settings):
    settings.UPLOAD_SCANNER = "tests.accounts.test_uploads.Unreachable"
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(SimpleUploadedFile("letter.pdf", letter_pdf()))
    assert rejected.value.message == u.SCAN_UNAVAILABLE


# ---------------------------------------------------------------------------------------------------------------
# Quota (FI-5)
# ---------------------------------------------------------------------------------------------------------------

def documents(count, **fields):
    # Not create_batch: its first argument is called ``size``, like the Document field.
    return [DocumentFactory(**fields) for _ in range(count)]


def test_the_upload_after_the_file_count_quota_is_refused_and_nothing_is_stored(member, settings):
    documents(UPLOAD_POLICY.max_member_files, member=member, kind=Document.Kind.UPLOAD, size=1)
    files_before = stored_files(settings)
    with pytest.raises(UploadRejected) as rejected:
        store(member, SimpleUploadedFile("scan.png", png()))
    assert rejected.value.message == u.QUOTA_FILES.format(max_files=100)
    assert Document.objects.filter(member=member).count() == 100
    assert stored_files(settings) == files_before
    assert not AuditEntry.objects.filter(action="accounts.document.uploaded").exists()


def test_the_upload_that_would_pass_the_byte_quota_is_refused(member):
    clean = validate_upload(SimpleUploadedFile("scan.png", png()))
    DocumentFactory(member=member, kind=Document.Kind.UPLOAD, size=UPLOAD_POLICY.max_member_bytes - clean.size + 1)
    with pytest.raises(UploadRejected) as rejected:
        store_document(member=member, kind=Document.Kind.UPLOAD, title="x", clean_file=clean, actor=member.user)
    assert rejected.value.message == u.QUOTA_BYTES.format(max_mb=100)


def test_an_upload_that_fills_the_byte_quota_exactly_is_accepted(member):
    clean = validate_upload(SimpleUploadedFile("scan.png", png()))
    DocumentFactory(member=member, kind=Document.Kind.UPLOAD, size=UPLOAD_POLICY.max_member_bytes - clean.size)
    store_document(member=member, kind=Document.Kind.UPLOAD, title="x", clean_file=clean, actor=member.user)
    assert Document.objects.filter(member=member, kind=Document.Kind.UPLOAD).count() == 2


def test_letters_and_statements_from_the_office_do_not_count_against_the_quota(member):
    documents(UPLOAD_POLICY.max_member_files, member=member, kind=Document.Kind.LETTER, size=1)
    DocumentFactory(member=member, kind=Document.Kind.STATEMENT, size=UPLOAD_POLICY.max_member_bytes)
    store(member, SimpleUploadedFile("scan.png", png()))


def test_another_members_uploads_do_not_count_against_the_quota(member, other_member):
    documents(UPLOAD_POLICY.max_member_files, member=other_member, kind=Document.Kind.UPLOAD, size=1)
    store(member, SimpleUploadedFile("scan.png", png()))


def test_a_failure_while_recording_the_upload_leaves_no_file_behind(member, settings, monkeypatch):
    def audit_fails(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("accounts.uploads.audit", audit_fails)
    with pytest.raises(RuntimeError):
        store(member, SimpleUploadedFile("scan.png", png()))
    assert not Document.objects.exists()
    assert stored_files(settings) == []


# ---------------------------------------------------------------------------------------------------------------
# The policy and the form field (FI-1)
# ---------------------------------------------------------------------------------------------------------------

def test_the_upload_policy_is_the_documented_constant(settings):
    assert set(UPLOAD_POLICY.types) == {"application/pdf", "image/jpeg", "image/png"}
    assert UPLOAD_POLICY.max_bytes == settings.UPLOAD_MAX_BYTES == 10 * MB
    assert (UPLOAD_POLICY.max_image_pixels, UPLOAD_POLICY.max_pdf_pages) == (40_000_000, 50)
    assert (UPLOAD_POLICY.max_files_per_application, UPLOAD_POLICY.max_member_files) == (20, 100)
    assert UPLOAD_POLICY.max_member_bytes == 100 * MB


def test_members_are_shown_the_policy_in_words():
    assert UPLOAD_POLICY.describe() == (
        "Accepted files: PDF, JPEG picture, PNG picture, up to 10 MB each. Pictures up to 40 megapixels; PDFs up to "
        "50 pages, without a password, scripts or attachments. You can keep up to 100 uploaded files (100 MB in all).")


class ProofForm(forms.Form):
    proof = UploadField()


def test_the_upload_field_shows_the_policy_as_its_help_text():
    assert ProofForm().fields["proof"].help_text == UPLOAD_POLICY.describe()
    assert 'accept=".pdf,.jpg,.jpeg,.png,' in str(ProofForm()["proof"])


def test_the_upload_field_gives_back_the_clean_file():
    form = ProofForm(files={"proof": SimpleUploadedFile("scan.png", png())})
    assert form.is_valid()
    assert isinstance(form.cleaned_data["proof"], u.CleanFile)
    assert form.cleaned_data["proof"].content_type == "image/png"


def test_the_upload_field_shows_a_rejection_as_a_form_error():
    form = ProofForm(files={"proof": SimpleUploadedFile("scan.pdf", HTML, content_type="application/pdf")})
    assert not form.is_valid()
    assert form.errors["proof"] == [u.NOT_ALLOWED]


def test_the_upload_field_says_an_empty_file_is_empty():
    form = ProofForm(files={"proof": SimpleUploadedFile("scan.pdf", b"")})
    assert not form.is_valid()
    assert form.errors["proof"] == [u.EMPTY]
