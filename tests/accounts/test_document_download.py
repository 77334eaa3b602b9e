"""Downloading a document (SECURITY.md FI-7, FI-8): only through the ownership-checked view, with safe headers."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from accounts.models import Document
from accounts.uploads import store_document, validate_upload
from tests.accounts.upload_corpus import letter_pdf, png
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def upload(member, name, content, title="Birth certificate"):
    return store_document(member=member, kind=Document.Kind.UPLOAD, title=title,
                          clean_file=validate_upload(SimpleUploadedFile(name, content)), actor=member.user)


def download_url(document):
    return reverse("accounts:document_download", args=[document.pk])


@pytest.fixture
def document(member):
    return upload(member, "birth certificate.pdf", letter_pdf())


def test_the_owner_gets_the_stored_bytes(member_client, document):
    response = member_client.get(download_url(document))
    assert response.status_code == 200
    with document.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()


def test_it_is_sent_as_an_attachment_under_its_sanitised_name(member_client, document):
    response = member_client.get(download_url(document))
    assert response["Content-Disposition"] == 'attachment; filename="birth certificate.pdf"'


def test_a_name_outside_ascii_is_encoded_as_rfc_8187_says(member, member_client):
    document = upload(member, "Überweisung – März.pdf", letter_pdf())
    response = member_client.get(download_url(document))
    assert response["Content-Disposition"].lower() == (
        "attachment; filename*=utf-8''%c3%9cberweisung%20%e2%80%93%20m%c3%a4rz.pdf")


def test_a_picture_is_an_attachment_too(member, member_client):
    response = member_client.get(download_url(upload(member, "scan.png", png())))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="scan.png"'


def test_the_browser_is_told_not_to_sniff_run_or_keep_it(member_client, document):
    response = member_client.get(download_url(document))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_the_stored_content_type_is_sent_whatever_the_name_says(member, member_client):
    document = DocumentFactory(member=member, original_name="page.html", content_type="application/pdf")
    response = member_client.get(download_url(document))
    assert response["Content-Type"] == "application/pdf"


def test_another_members_document_is_not_found(client, other_member, document):
    client.force_login(other_member.user)
    assert client.get(download_url(document)).status_code == 404


def test_a_document_that_does_not_exist_is_the_same_not_found(member_client, document):
    assert member_client.get(reverse("accounts:document_download", args=[document.pk + 1000])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, document):
    response = client.get(download_url(document))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={download_url(document)}"


def test_the_download_answers_only_get(member_client, document):
    assert member_client.post(download_url(document)).status_code == 405


def test_private_files_are_stored_outside_every_public_folder():
    import portal.settings as configured

    private = configured.STORAGES["private"]["OPTIONS"]
    location = Path(private["location"]).resolve()
    public = [configured.STATIC_ROOT, *(d[1] if isinstance(d, tuple) else d for d in configured.STATICFILES_DIRS)]
    public += [configured.MEDIA_ROOT] if getattr(configured, "MEDIA_ROOT", "") else []
    for folder in public:
        assert not location.is_relative_to(Path(folder).resolve()), folder
    assert private.get("base_url") is None


def test_no_url_but_the_download_view_reaches_a_stored_file(member_client, document):
    name = document.file.name
    for path in (f"/{name}", f"/media/{name}", f"/static/{name}", f"/private-files/{name}"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert member_client.get(path).status_code == 404
