"""The spousal waiver end to end in the browser (issue 18 "Done when"): the member starts it, the spouse opens the
link, proves who they are and signs, the notary completes the certificate the same day, the member signs and is
notarised, a reviewer approves in the admin, and the signed PDF is in Documents. Every page passes check_page
(axe-core WCAG 2.1 A/AA, no CSP violation or console error); the public pages are also checked at 390 px wide
with no sideways scrolling, and never sign anybody in."""

import importlib
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from applications.models import Waiver
from tests.applications import waiver_factories as wf
from tests.applications.factories import retiring_member
from tests.e2e.conftest import check_page, submit, totp_code
from tests.e2e.test_insurance_journey import sign_in
from tests.e2e.test_staff_mfa_journey import sign_in as staff_sign_in
from tests.factories import TEST_PASSWORD, StaffUserFactory

pytestmark = pytest.mark.e2e


def no_sideways_scroll(page):
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def other_device(page):
    """A browser of its own (the spouse's or the notary's device): no cookie of the member's."""
    context = page.context.browser.new_context(base_url=_base(page), locale="en-US", timezone_id="America/Detroit")
    return context.new_page()


def _base(page):
    return "/".join(page.url.split("/", 3)[:3])


def fill_certificate(tab, *, name, email, remote=False):
    tab.get_by_label("Your full name as commissioned").fill(name)
    tab.get_by_label("Your e-mail address").fill(email)
    tab.get_by_label("Commission number").fill("N-12345")
    tab.get_by_label("County of commission").fill("Ingham")
    tab.get_by_label("Commission expiration date").fill("2031-01-31")
    tab.get_by_label("County where this act takes place").fill("Ingham")
    if remote:
        tab.get_by_label("Remote, on a platform approved by the Michigan Secretary of State").check()
        tab.get_by_label("Remote platform (approved by the Michigan Secretary of State)").fill("NotaryCam")
        tab.get_by_label("Platform session reference").fill("S-998877")
    else:
        tab.get_by_label("In person, signed electronically by the notary").check()
    tab.get_by_label("How the signer proved who they are").select_option("DRIVERS_LICENSE")
    tab.get_by_label("Issued by").fill("State of Michigan")
    tab.get_by_label("Your electronic signature: type your full name").fill(name)


def reviewer_on_waiver(page, waiver):
    """A reviewer (two-step verification set up) signs in on their own device and opens the waiver in the admin."""
    reviewer = StaffUserFactory(email="rev.waiver@ors.example")
    migration = importlib.import_module("applications.migrations.0004_waiver_staff_permissions")
    group, _ = Group.objects.get_or_create(name="Reviewer")
    group.permissions.add(*[Permission.objects.get(content_type__app_label=app, codename=code)
                            for app, code in migration.REVIEWER])
    reviewer.groups.add(group)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(reviewer, secret)
    staff = other_device(page)
    staff.goto(f"/admin/applications/waiver/{waiver.pk}/change/")
    staff_sign_in(staff, reviewer)
    staff.get_by_label("Code").fill(totp_code(secret))
    submit(staff, "Sign In")
    expect(staff).to_have_url(re.compile(rf"/admin/applications/waiver/{waiver.pk}/change/$"))
    check_page(staff, signed_in=True)
    return staff


def test_member_spouse_notaries_and_reviewer_complete_the_waiver(page, transactional_db):
    member = retiring_member(married=True, first_name="Alex", last_name="Rivera",
                             user__email="alex.waiver@example.org")
    application = wf.application_needing_waiver(member)

    # The member starts the waiver from their application.
    sign_in(page, member.user, f"/retirement-application/{application.pk}/waiver/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spousal waiver")
    check_page(page, signed_in=True)
    page.get_by_label("Your spouse's full name").fill(wf.SPOUSE_NAME)
    page.get_by_label("Your spouse's date of birth").fill(wf.SPOUSE_BORN.isoformat())
    page.get_by_label("Your spouse's e-mail address").fill(wf.SPOUSE_EMAIL)
    submit(page, "E-mail the waiver to my spouse")
    expect(page.get_by_text("Waiting for the spouse to sign").first).to_be_visible()
    check_page(page, signed_in=True)

    # The spouse, on their own device, opens the link: no account, never signed in.
    spouse = other_device(page)
    spouse.goto(f"/waiver/spouse/{wf.spouse_token()}/")
    expect(spouse).to_have_url(re.compile(r"/waiver/spouse/$"))
    expect(spouse.get_by_role("heading", level=1)).to_have_text("Confirm who you are")
    check_page(spouse, signed_in=False)
    no_sideways_scroll(spouse)
    spouse.get_by_label("Your date of birth").fill(wf.SPOUSE_BORN.isoformat())
    submit(spouse, "Continue")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("Pension election and spousal waiver")
    expect(spouse.get_by_text("receive nothing from this pension")).to_be_visible()
    check_page(spouse, signed_in=False)
    no_sideways_scroll(spouse)
    spouse.get_by_label("I agree to sign and receive this record electronically.").check()
    spouse.get_by_label("Type your full name to sign").fill(wf.SPOUSE_NAME)
    spouse.get_by_label("The notary's full name").fill("Pat Notary")
    spouse.get_by_label("The notary's e-mail address").fill(wf.NOTARY_EMAIL)
    submit(spouse, "Sign and send to my notary")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("You signed")
    check_page(spouse, signed_in=False)

    # The notary, the same day, on their own device.
    notary = other_device(page)
    notary.goto(f"/waiver/notary/{wf.notary_token()}/")
    expect(notary.get_by_role("heading", level=1)).to_have_text("Notarial certificate")
    check_page(notary, signed_in=False)
    no_sideways_scroll(notary)
    fill_certificate(notary, name="Pat Notary", email=wf.NOTARY_EMAIL)
    submit(notary, "Sign the certificate")
    expect(notary.get_by_role("heading", level=1)).to_have_text("Certificate recorded")
    check_page(notary, signed_in=False)

    # The member signs their part, then their notary notarises it remotely the same day.
    page.reload()
    page.get_by_role("link", name="Sign your part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the spousal waiver")
    check_page(page, signed_in=True)
    def sign_part():
        page.get_by_label("I agree to sign and receive this record electronically.").check()
        page.get_by_label("Type your full name to sign").fill(member.full_name)
        page.get_by_label("The notary's full name").fill("Lee Notary")
        page.get_by_label("The notary's e-mail address").fill(wf.APPLICANT_NOTARY_EMAIL)
        submit(page, "Sign")

    sign_part()
    # The signature asks for the password again (re-authentication), then the member signs.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    check_page(page, signed_in=True)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Confirm")
    if page.get_by_role("heading", level=1, name="Sign the spousal waiver").count():
        sign_part()
    expect(page.get_by_text("Waiting for the notary of the member's signature").first).to_be_visible()
    check_page(page, signed_in=True)

    applicant_notary = other_device(page)
    applicant_notary.goto(f"/waiver/applicant-notary/{wf.applicant_notary_token()}/")
    check_page(applicant_notary, signed_in=False)
    fill_certificate(applicant_notary, name="Lee Notary", email=wf.APPLICANT_NOTARY_EMAIL, remote=True)
    submit(applicant_notary, "Sign the certificate")
    expect(applicant_notary.get_by_role("heading", level=1)).to_have_text("Certificate recorded")

    waiver = Waiver.objects.get(application=application)
    assert waiver.state == Waiver.State.COMPLETE and waiver.document_id is not None

    # A reviewer approves it in the admin.
    staff = reviewer_on_waiver(page, waiver)
    staff.get_by_label("Approve the waiver").check()
    submit(staff, "Save")
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.APPROVED

    # The member sees it approved and the signed PDF in Documents.
    page.goto("/documents/")
    expect(page.get_by_text("Pension Election and Spousal Waiver (R0869G)").first).to_be_visible()
    check_page(page, signed_in=True)
    page.goto(f"/retirement-application/{application.pk}/waiver/")
    expect(page.get_by_text("Round 1: Approved")).to_be_visible()
    check_page(page, signed_in=True)
