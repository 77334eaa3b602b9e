"""The printable checklist (RULES §11 step 5): a PDF download on the letterhead, every line with its status, the
member's name and ID on every page."""

import io

import pikepdf
import pytest
from django.urls import reverse

from portal.pdf import footer_text
from tests.applications.application_factories import review, submitted_application, upload
from tests.insurance.factories import ChildFactory, PlanFactory

pytestmark = pytest.mark.django_db


def download(client, application):
    return client.get(reverse("applications:checklist_pdf", args=[application.pk]))


def pages(content):
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


def test_it_downloads_as_a_pdf_attachment(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = download(client, application)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def test_every_page_names_the_member_and_their_id(client, member):
    children = [ChildFactory(member=member) for _ in range(6)]  # enough lines for a second page
    application = submitted_application(member, married=True, option="SURVIVOR_50", equated=True,
                                        dependents=children, plan=PlanFactory())
    client.force_login(member.user)
    texts = pages(download(client, application).content)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert footer_text(member, number, len(texts)).encode("cp1252").replace(b"\x97", b"\\227") in text


def test_it_shows_each_lines_status_and_a_rejections_reason(client, member):
    application = submitted_application(member, married=True)
    review(upload(application, "own:MEMBER_AGE"), accept=False, reason="Unreadable")
    client.force_login(member.user)
    text = b"".join(pages(download(client, application).content))
    assert b"Not accepted:" in text and b"Unreadable" in text and b"Missing" in text


def test_another_members_checklist_pdf_is_a_404(client, member, other_member):
    client.force_login(member.user)
    assert download(client, submitted_application(other_member)).status_code == 404
