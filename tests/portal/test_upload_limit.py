"""An upload past the size limit is refused as soon as it passes it, not after the whole body was read and spooled
to disk (SECURITY.md FI-2)."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, RequestFactory, encode_multipart
from django.urls import reverse

from accounts.models import Document
from accounts.uploads import TOO_LARGE
from portal.upload_limit import request_limit

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class CountingInput(io.BytesIO):
    """The request body, counting how much of it the server read."""

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(data)
        return data


def multipart_request(file_size, *, declared_size=None):
    body = encode_multipart(BOUNDARY, {"title": "Proof", "file": SimpleUploadedFile("big.pdf", b"%" * file_size)})
    stream = CountingInput(body)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST", PATH_INFO="/documents/upload/", CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(declared_size or len(body)), **{"wsgi.input": stream})
    return WSGIRequest(environ), stream


def test_a_file_one_byte_over_the_limit_stops_the_reading_there():
    request, stream = multipart_request(settings.UPLOAD_MAX_BYTES + 1)
    assert "file" not in request.FILES
    assert request.upload_too_large is True
    assert stream.bytes_read < settings.UPLOAD_MAX_BYTES + MB


def test_a_50_mb_file_is_read_no_further_than_the_limit():
    request, stream = multipart_request(50 * MB)
    assert "file" not in request.FILES and request.upload_too_large is True
    assert stream.bytes_read < settings.UPLOAD_MAX_BYTES + MB  # 40 MB of it never read


def test_a_body_declared_larger_than_any_form_is_refused_before_its_file_is_read():
    request, stream = multipart_request(MB, declared_size=request_limit() + 1)
    assert "file" not in request.FILES and request.upload_too_large is True
    assert stream.bytes_read < MB


def test_a_file_at_the_limit_is_read_whole():
    request, _stream = multipart_request(settings.UPLOAD_MAX_BYTES)
    assert request.FILES["file"].size == settings.UPLOAD_MAX_BYTES
    assert not getattr(request, "upload_too_large", False)


def test_the_member_is_told_the_file_is_too_large_and_nothing_is_stored(member_client, member):
    big = SimpleUploadedFile("big.pdf", b"%" * (settings.UPLOAD_MAX_BYTES + 1), content_type="application/pdf")
    response = member_client.post(reverse("accounts:document_upload"), {"title": "Proof", "file": big})
    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert TOO_LARGE.format(max_mb=settings.UPLOAD_MAX_BYTES // MB) in response.content.decode()
    assert not Document.objects.filter(member=member).exists()
