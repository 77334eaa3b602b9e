"""A member claims the record their employer created, chooses a password, signs in and walks every section.

Every page visited passes check_page: axe-core at WCAG 2.1 A/AA, no CSP violation (SECURITY.md CF-3), no console
error, and a visible sign-out control once signed in (SS-10).
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Member, OutboundEmail
from pensions.models import System
from tests.e2e.conftest import check_page, sign_in, submit, totp_code
from tests.factories import TEST_PASSWORD, ClaimedMemberFactory, MemberFactory

pytestmark = pytest.mark.e2e

EMAIL = "dana.reyes@example.org"
PASSWORD = "seven lakes and a lighthouse"
NO_MATCH = "We could not match those details to a member record."

# (navigation link, heading of the page it opens)
SECTIONS = [
    ("Service credit", "Service credit"),
    ("Estimates", "Estimates"),
    ("Beneficiaries", "Beneficiaries"),
    ("Insurance", "Insurance"),
    ("Retirement application", "Apply for your pension"),
    ("Message board", "Message board"),
    ("Documents", "Documents"),
]


@pytest.fixture
def record(transactional_db):
    """An unclaimed SERS record, as an employer report creates it."""
    return MemberFactory(member_id="20240417", first_name="Dana", last_name="Reyes", system=System.SERS,
                         date_of_birth=datetime.date(1966, 3, 9), ssn="987650417",
                         benefit_structure=Member.Structure.DB_CLASSIFIED, status=Member.Status.ACTIVE)


def fill_claim_form(page, *, ssn_last4):
    page.get_by_label("Member ID").fill("20240417")
    page.get_by_label("Date of birth").fill("1966-03-09")
    page.get_by_label("Last four digits of your Social Security number").fill(ssn_last4)
    page.get_by_label("Your e-mail address").fill(EMAIL)


def confirmation_path():
    body = OutboundEmail.objects.get(to=EMAIL).body
    return re.search(r"https?://\S+?(/claim/confirm/\S+/)", body).group(1)


def test_a_member_claims_their_record_chooses_a_password_and_signs_in(page, record):
    # The sign-in page, where a member without an account arrives.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    check_page(page, signed_in=False)

    # It leads to setting up an account.
    page.get_by_role("link", name="set up your online account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your online account")

    # A wrong detail: a message, never which detail was wrong.
    fill_claim_form(page, ssn_last4="0000")
    check_page(page, signed_in=False)
    submit(page, "Continue")
    expect(page.get_by_text(NO_MATCH)).to_be_visible()
    check_page(page, signed_in=False)

    # The right details.
    fill_claim_form(page, ssn_last4="0417")
    check_page(page, signed_in=False)
    submit(page, "Continue")
    expect(page).to_have_url(re.compile(r"/claim/sent/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    expect(page.get_by_text(EMAIL)).to_be_visible()
    check_page(page, signed_in=False)

    # The link from the e-mail moves on to a URL without the token.
    page.goto(confirmation_path())
    expect(page).to_have_url(re.compile(r"/claim/confirm/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    check_page(page, signed_in=False)

    # Mismatched passwords: the error is shown and tied to the field it concerns.
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD + " tower")
    submit(page, "Create my account")
    expect(page.get_by_text("The two passwords do not match.")).to_be_visible()
    expect(page.get_by_label("Type the password again")).to_have_accessible_description(
        re.compile("The two passwords do not match."))
    check_page(page, signed_in=False)

    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    submit(page, "Create my account")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("status")).to_contain_text("Your account is ready.")
    check_page(page, signed_in=False)

    # Signing in with the new password asks for a second factor first (SECURITY.md AU-1): the member chooses the
    # authenticator app (the password just typed is not asked for again), adds the secret to the app and types its
    # code.
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign In")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/set-up/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step verification")
    check_page(page, signed_in=True)
    page.get_by_role("link", name="Set up an authenticator app").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    submit(page, "Activate")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    expect(page.get_by_role("link", name="Download codes")).to_be_visible()
    expect(page.get_by_label("Unused codes")).to_have_value(re.compile(r"^\w+(\n\w+){9,}$"))
    check_page(page, signed_in=True)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Dana")
    expect(page.get_by_role("region", name="Member status")).to_contain_text("Active")
    expect(page.get_by_role("region", name="Retirement system")).to_contain_text(
        "State Employees' Retirement System")
    expect(page.get_by_role("region", name="Benefit plan")).to_contain_text("Defined benefit (classified)")
    check_page(page, signed_in=True)


def test_a_signed_in_member_visits_every_section_then_signs_out(page, transactional_db):
    member = ClaimedMemberFactory(first_name="Avery", user__email="avery@example.org")
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    sign_in(page, member.user.email)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Avery")
    check_page(page, signed_in=True)

    navigation = page.get_by_role("navigation", name="Main")
    for link, heading in SECTIONS:
        navigation.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page, signed_in=True)
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Profile", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    check_page(page, signed_in=True)

    # The signed-in devices, after the password is asked again.
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Devices", exact=True).click()
    check_page(page, signed_in=True)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Confirm")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed-in devices")
    expect(page.get_by_role("cell", name="This device")).to_be_visible()
    check_page(page, signed_in=True)

    # Signing out returns to the sign-in page, signed out.
    submit(page, "Sign out")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    check_page(page, signed_in=False)
