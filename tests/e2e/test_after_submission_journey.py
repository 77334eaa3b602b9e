"""After submitting (issue 17 items 4, 5): a married member whose application is submitted (built with factories,
the five steps being another journey's) reads the confirmation, uploads proofs on the checklist, downloads the
checklist PDF, reads the acknowledgment letter in Documents, follows the status timeline and sees the dashboard card.

Every page passes check_page (axe at WCAG 2.1 A/AA, no CSP violation, no console error, a sign-out control) and,
at 390 px wide, scrolls no sideways.
"""

import io

import pikepdf
import pytest
from playwright.sync_api import expect

from applications.acknowledgment import produce_acknowledgment
from tests.accounts.messaging_factories import png_bytes
from tests.applications.application_factories import submitted_application
from tests.e2e.conftest import check_page, sign_in, submit
from tests.factories import ClaimedMemberFactory
from tests.insurance.factories import DependentFactory, PlanFactory

pytestmark = pytest.mark.e2e
NARROW = {"width": 390, "height": 844}


def png():
    return {"name": "certificate.png", "mimeType": "image/png", "buffer": png_bytes()}


def no_sideways_scroll(page):
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def visit(page, url):
    """The page at full width, then at 390 px: accessible both ways, no sideways scroll when narrow."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    check_page(page)
    page.set_viewport_size(NARROW)
    check_page(page)
    no_sideways_scroll(page)


def test_a_member_uploads_proofs_prints_the_checklist_and_reads_the_letter(page, live_server, transactional_db):
    member = ClaimedMemberFactory(first_name="Morgan", user__email="morgan.after@example.org",
                                  marital_status="MARRIED")
    spouse = DependentFactory(member=member, first_name="Jordan")
    application = submitted_application(member, married=True, option="SURVIVOR_50", dependents=[spouse],
                                        plan=PlanFactory(name="Lakeshore PPO"))
    produce_acknowledgment(application_id=application.pk)
    base = f"/retirement-application/{application.pk}"
    page.goto(f"{live_server.url}{base}/submitted/")
    sign_in(page, member.user.email)

    visit(page, f"{live_server.url}{base}/submitted/")
    expect(page.get_by_text(application.reference)).to_be_visible()

    visit(page, f"{live_server.url}{base}/proofs/")
    expect(page.get_by_text("We will arrange it with you").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(f"Upload a copy: Proof of your age for {member.full_name}", exact=True).set_input_files(png())
    submit(page, f"Upload Proof of your age for {member.full_name}")
    check_page(page)
    expect(page.get_by_text("Your copy is uploaded.")).to_be_visible()
    page.get_by_label(f"Upload a copy: Marriage certificate for {member.full_name}", exact=True).set_input_files(png())
    submit(page, f"Upload Marriage certificate for {member.full_name}")
    expect(page.get_by_text("Received: waiting for review").first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the checklist to print (PDF)").click()
    with pikepdf.open(io.BytesIO(open(download_info.value.path(), "rb").read())) as pdf:
        text = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    assert member.member_id.encode() in text and b"Checklist of required proofs" in text

    visit(page, f"{live_server.url}/documents/")
    title = f"Acknowledgment of your retirement application ({application.reference})"
    expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()
    with page.expect_download() as letter_download:
        page.get_by_role("link", name=f"Download {title}").click()
    with pikepdf.open(io.BytesIO(open(letter_download.value.path(), "rb").read())) as pdf:
        text = b"".join(p.Contents.read_bytes() for p in pdf.pages)
    assert application.reference.encode() in text and b"6789" in text
    visit(page, f"{live_server.url}{base}/acknowledgment/")
    expect(page.get_by_text("Jordan Member, your spouse")).to_be_visible()
    expect(page.get_by_text("••••6789")).to_be_visible()

    visit(page, f"{live_server.url}{base}/status/")
    expect(page.get_by_text("Spousal waiver approved")).to_be_visible()
    visit(page, f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Your retirement application")).to_be_visible()
