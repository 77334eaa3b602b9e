"""A member uploads a document to their Documents (accounts:document_upload)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts import uploads
from accounts.models import AuditEntry, Document

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_member_uploads_a_picture_and_finds_it_in_documents(member_client, member):
    upload = SimpleUploadedFile("birth.png", png_bytes(), content_type="image/png")
    response = member_client.post(reverse("accounts:document_upload"), {"title": "Birth certificate", "file": upload})
    assert response.status_code == 302 and response.url == reverse("accounts:documents")
    document = Document.objects.get(member=member)
    assert document.kind == Document.Kind.UPLOAD and document.content_type == "image/png"
    assert "Birth certificate" in member_client.get(reverse("accounts:documents")).content.decode()
    assert AuditEntry.objects.filter(member=member, action="accounts.document.uploaded").exists()


def test_a_disguised_file_is_refused_with_a_message_and_nothing_stored(member_client, member):
    upload = SimpleUploadedFile("proof.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = member_client.post(reverse("accounts:document_upload"), {"title": "Proof", "file": upload})
    assert response.status_code == 200
    assert uploads.NOT_ALLOWED in response.content.decode()
    assert not Document.objects.exists()


def test_uploads_are_limited_to_ten_a_minute(member_client, member):
    for n in range(10):
        member_client.post(reverse("accounts:document_upload"),
                           {"title": f"Page {n}", "file": SimpleUploadedFile("p.png", png_bytes())})
    response = member_client.post(reverse("accounts:document_upload"),
                                  {"title": "One more", "file": SimpleUploadedFile("p.png", png_bytes())})
    assert response.status_code == 429
    assert Document.objects.filter(member=member).count() == 10
