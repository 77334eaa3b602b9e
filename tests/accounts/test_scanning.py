"""Virus scanning (SECURITY.md FI-9): accounts/scanning.py against a real clamd with the tests' own signatures
(tests/clamav_signatures.py, started by scripts/start-test-clamd), and the refusals when there is no real scanner."""

import logging
from io import BytesIO

import pytest
from clamav_client.clamd import ClamdNetworkSocket, ClamdUnixSocket
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen import canvas

from accounts import uploads as u
from accounts.models import AuditEntry, Document
from accounts.scanning import (
    ClamdScanner,
    DevelopmentEicarScanner,
    ScanUnavailable,
    check_scanner,
    clamd_client,
    get_scanner,
)
from accounts.uploads import UploadField, UploadRejected, store_document, validate_upload
from tests.accounts.upload_corpus import letter_pdf, png
from tests.clamav_signatures import EICAR, PORTAL_HASH_NAME, PORTAL_HASHED_FILE, PORTAL_MARKER, PORTAL_MARKER_NAME

CLAMD = "accounts.scanning.ClamdScanner"
DEVELOPMENT = "accounts.scanning.DevelopmentEicarScanner"


@pytest.fixture
def clamd_is_down(settings, tmp_path):
    settings.UPLOAD_SCANNER = CLAMD
    settings.CLAMAV_URL = f"unix://{tmp_path / 'no-clamd-here.sock'}"


def letter_with(text):
    """A genuine ReportLab letter whose (Flate-compressed) page carries ``text``."""
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------------------
# The real daemon
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.clamav
def test_clamd_finds_the_eicar_test_string():
    assert ClamdScanner().scan(b"prefix " + EICAR + b" suffix").startswith("Eicar-Test-Signature")


@pytest.mark.clamav
def test_clamd_finds_our_own_marker_inside_a_compressed_pdf_page():
    content = letter_with(PORTAL_MARKER.decode())
    assert PORTAL_MARKER not in content  # only a scanner that inflates the page stream can see it
    assert ClamdScanner().scan(content).startswith(PORTAL_MARKER_NAME)


@pytest.mark.clamav
def test_clamd_finds_a_file_by_its_hash():
    assert ClamdScanner().scan(PORTAL_HASHED_FILE).startswith(PORTAL_HASH_NAME)


@pytest.mark.clamav
def test_clamd_passes_a_clean_letter():
    assert ClamdScanner().scan(letter_pdf()) is None


@pytest.mark.clamav
def test_an_upload_carrying_our_marker_is_refused_as_a_virus_through_clamd(member, settings):
    settings.UPLOAD_SCANNER = CLAMD
    with pytest.raises(UploadRejected) as rejected:
        validate_upload(SimpleUploadedFile("letter.pdf", letter_with(PORTAL_MARKER.decode())))
    assert rejected.value.message == u.VIRUS


@pytest.mark.clamav
def test_a_clean_upload_passes_clamd_and_is_stored(member, settings):
    settings.UPLOAD_SCANNER = CLAMD
    document = store_document(member=member, kind=Document.Kind.UPLOAD, title="Proof of birth",
                              clean_file=validate_upload(SimpleUploadedFile("scan.png", png())), actor=member.user)
    assert Document.objects.filter(member=member).get() == document


# ---------------------------------------------------------------------------------------------------------------
# The daemon down: refused, logged, never stored unscanned
# ---------------------------------------------------------------------------------------------------------------

def test_the_scanner_cannot_answer_when_clamd_is_not_listening(clamd_is_down):
    with pytest.raises(ScanUnavailable):
        get_scanner().scan(letter_pdf())


def test_the_scanner_cannot_answer_when_nothing_listens_on_the_tcp_port():
    with pytest.raises(ScanUnavailable):
        ClamdScanner(url="tcp://127.0.0.1:1", timeout=5).scan(letter_pdf())


def test_an_upload_is_refused_and_nothing_stored_when_clamd_is_down(member, clamd_is_down):
    with pytest.raises(UploadRejected) as rejected:
        store_document(member=member, kind=Document.Kind.UPLOAD, title="Proof of birth",
                       clean_file=validate_upload(SimpleUploadedFile("scan.png", png())), actor=member.user)
    assert rejected.value.message == u.SCAN_UNAVAILABLE
    assert not Document.objects.filter(member=member).exists()
    assert not AuditEntry.objects.filter(action="accounts.document.uploaded").exists()


def test_a_refusal_because_clamd_is_down_is_logged(clamd_is_down, caplog):
    with caplog.at_level(logging.ERROR, logger="accounts.uploads"), pytest.raises(UploadRejected):
        validate_upload(SimpleUploadedFile("scan.png", png()))
    assert [record.message for record in caplog.records] == ["Upload refused: the virus scanner could not answer"]


class ProofForm(forms.Form):
    proof = UploadField()


def test_the_member_is_asked_to_try_again_later_when_clamd_is_down(clamd_is_down):
    form = ProofForm(files={"proof": SimpleUploadedFile("scan.png", png())})
    assert not form.is_valid()
    assert form.errors["proof"] == [u.SCAN_UNAVAILABLE]


# ---------------------------------------------------------------------------------------------------------------
# Where clamd is
# ---------------------------------------------------------------------------------------------------------------

def test_a_tcp_url_reaches_clamd_on_its_host_and_port():
    client = clamd_client("tcp://clamav.internal:3399", timeout=7)
    assert isinstance(client, ClamdNetworkSocket)
    assert (client.host, client.port, client.timeout) == ("clamav.internal", 3399, 7)


def test_a_tcp_url_without_a_port_uses_clamds_own():
    assert clamd_client("tcp://clamav.internal", timeout=7).port == 3310


@pytest.mark.parametrize("url", ["unix:///run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"])
def test_a_socket_path_reaches_clamd_on_the_unix_socket(url):
    client = clamd_client(url, timeout=7)
    assert type(client) is ClamdUnixSocket and client.unix_socket == "/run/clamav/clamd.ctl"


@pytest.mark.parametrize("url", ["http://clamav.internal:3310", "clamd.ctl", "tcp://"])
def test_a_clamav_url_of_another_shape_is_a_configuration_error(url):
    with pytest.raises(ImproperlyConfigured):
        clamd_client(url, timeout=7)


# ---------------------------------------------------------------------------------------------------------------
# The development-only scanner
# ---------------------------------------------------------------------------------------------------------------

def test_without_clamav_url_development_uses_the_development_scanner(settings):
    settings.UPLOAD_SCANNER = DEVELOPMENT
    assert isinstance(get_scanner(), DevelopmentEicarScanner)


def test_the_development_scanner_refuses_eicar():
    assert DevelopmentEicarScanner().scan(b"prefix " + EICAR) == "Eicar-Test-Signature"


def test_the_development_scanner_passes_other_files():
    assert DevelopmentEicarScanner().scan(letter_pdf()) is None


def test_the_development_scanner_refuses_to_run_outside_development(settings):
    settings.DEVELOPMENT = False
    with pytest.raises(ImproperlyConfigured):
        DevelopmentEicarScanner()


def test_the_deploy_check_fails_on_the_development_scanner(settings):
    settings.UPLOAD_SCANNER = DEVELOPMENT
    assert [error.id for error in check_scanner(None)] == ["accounts.E001"]


def test_the_deploy_check_accepts_clamd(settings):
    settings.UPLOAD_SCANNER = CLAMD
    assert check_scanner(None) == []
