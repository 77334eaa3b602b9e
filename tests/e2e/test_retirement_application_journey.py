"""The retirement application in the browser (issue 17 "Done when"): a married SERS member applies choosing the 50%
survivor option for the spouse (and reads that a spousal waiver is needed), signs out half-way and resumes, and
submits; a single MPSERS member applies with straight life and no federal withholding; a member who would not be
eligible on the date they chose reads why and the earliest date that works.

Every page passes check_page (axe at WCAG 2.1 A/AA, no CSP violation, no console error, a visible sign-out) at
1280 px and again at 390 px, where the page must not scroll sideways.
"""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.applications.factories import ROUTING, retiring_member
from tests.e2e.conftest import check_page, sign_in, submit
from tests.factories import TEST_PASSWORD
from tests.pensions.factories import name_survivor

pytestmark = pytest.mark.e2e
PHONE_WIDTH = 390


def check(page):
    """check_page at the desktop width, then at a phone's, with no sideways scrolling there."""
    check_page(page)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, f"{page.url} scrolls sideways"
        check_page(page)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def start(page, last_day):
    page.goto("/retirement-application/")
    expect(page).to_have_url(re.compile(r"/retirement-application/start/$"))
    check(page)
    page.get_by_label("Your last day of work").fill(last_day)
    submit(page, "Check this date")
    check(page)


def test_a_married_sers_member_applies_for_50_percent_to_the_spouse_signing_out_half_way(page, transactional_db):
    member = retiring_member(married=True, first_name="Maren", user__email="maren@example.org")
    name_survivor(member, name="Jordan Member", relationship="SPOUSE")
    page.goto("/accounts/login/")
    sign_in(page, member.user.email)

    start(page, "2027-03-31")
    expect(page.get_by_text("Full pension at age 60 with 10 years")).to_be_visible()
    expect(page.get_by_text("April 1, 2027")).to_be_visible()
    submit(page, "Start my application")
    application = Application.objects.get(member=member)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your retirement application")
    check(page)

    # Step 1: every option with its figures; 50% survivor to the spouse on file; the waiver is said.
    page.get_by_role("link", name="Choose your payment option and beneficiary").click()
    check(page)
    page.get_by_label("50% survivor").check()
    page.get_by_label(re.compile("Jordan Member")).check()
    submit(page, "Show the figures for my answers")
    expect(page.get_by_text("A spousal waiver will be needed.")).to_be_visible()
    check(page)
    page.get_by_label(re.compile("I understand that my payment option")).check()
    submit(page, "Save and continue")

    # Step 2: decline insurance, then sign out in the middle of the application.
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your insurances")
    check(page)
    page.get_by_label("Do not enrol").check()
    submit(page, "Save and come back later")
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    submit(page, "Sign out")

    # Back another day: the draft is where it was left.
    page.goto("/accounts/login/")
    sign_in(page, member.user.email)
    page.goto("/retirement-application/")
    expect(page).to_have_url(re.compile(rf"/retirement-application/{application.pk}/$"))
    expect(page.locator("#step-option-state")).to_have_text("Completed")
    expect(page.locator("#step-insurance-state")).to_have_text("Completed")
    check(page)

    # Step 3: married filing jointly; the net pay is previewed.
    page.get_by_role("link", name="Tax withholding").click()
    page.get_by_role("group", name="Withhold federal income tax from your pension?").get_by_label("Yes").check()
    page.get_by_label("Federal filing status (Form W-4P Step 1(c))").select_option("MARRIED_JOINT")
    page.get_by_role("group", name="Withhold Michigan income tax from your pension?").get_by_label("Yes").check()
    page.get_by_label("Michigan filing status (MI W-4P)").select_option("MARRIED_JOINT")
    submit(page, "Show my pension after tax")
    expect(page.get_by_text("Paid to you")).to_be_visible()
    check(page)
    submit(page, "Save and continue")

    # Step 4: the password again, then the bank account, shown masked afterwards.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    check(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Confirm")
    expect(page.get_by_role("heading", level=1)).to_have_text("Direct deposit")
    check(page)
    page.get_by_label("Routing number").fill(ROUTING)
    page.get_by_label("Account number", exact=True).fill("55501234567")
    page.get_by_label("Account number again").fill("55501234567")
    page.get_by_label("Checking").check()
    submit(page, "Save and continue")

    # Step 5: every answer, the proofs (the waiver among them), the ESIGN consent, the typed name.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers and submit")
    expect(page.get_by_text("ending in ••••4567")).to_be_visible()
    assert "55501234567" not in page.content()
    expect(page.get_by_text("The Pension Election and Spousal Waiver", exact=False)).to_be_visible()
    check(page)
    page.get_by_label(re.compile("I agree to receive and sign")).check()
    page.get_by_label(re.compile("I declare that the answers")).check()
    page.get_by_label("Type your full name to sign").fill(member.full_name)
    submit(page, "Submit my application")
    expect(page.get_by_text(f"Your application {application.reference} is submitted")).to_be_visible()
    check(page)
    application.refresh_from_db()
    assert application.state == Application.State.SUBMITTED
    assert application.option == "SURVIVOR_50" and application.spousal_waiver_required


def test_a_single_mpsers_member_applies_for_straight_life_without_federal_withholding(page, transactional_db):
    member = retiring_member(system="MPSERS", first_name="Sol", user__email="sol@example.org")
    page.goto("/accounts/login/")
    sign_in(page, member.user.email)
    start(page, "2027-06-30")
    submit(page, "Start my application")

    page.get_by_role("link", name="Choose your payment option and beneficiary").click()
    page.get_by_label("Straight life").check()
    page.get_by_label(re.compile("I understand that my payment option")).check()
    submit(page, "Save and continue")
    page.get_by_label("Do not enrol").check()
    submit(page, "Save and continue")
    page.get_by_role("group", name="Withhold federal income tax from your pension?").get_by_label("No").check()
    page.get_by_role("group", name="Withhold Michigan income tax from your pension?").get_by_label("No").check()
    submit(page, "Save and continue")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Confirm")
    page.get_by_label("Routing number").fill(ROUTING)
    page.get_by_label("Account number", exact=True).fill("7777000111")
    page.get_by_label("Account number again").fill("7777000111")
    page.get_by_label("Savings").check()
    submit(page, "Save and continue")
    expect(page.get_by_text("No federal withholding")).to_be_visible()
    expect(page.get_by_text("Not needed")).to_be_visible()  # single: no spousal waiver
    check(page)
    page.get_by_label(re.compile("I agree to receive and sign")).check()
    page.get_by_label(re.compile("I declare that the answers")).check()
    page.get_by_label("Type your full name to sign").fill(member.full_name)
    submit(page, "Submit my application")
    application = Application.objects.get(member=member)
    assert application.state == Application.State.SUBMITTED
    assert (application.option, application.federal_withhold) == ("STRAIGHT_LIFE", False)


def test_a_member_not_eligible_on_the_chosen_date_reads_why_and_the_earliest_date(page, transactional_db):
    member = retiring_member(years=5, first_name="Nico", user__email="nico@example.org")
    page.goto("/accounts/login/")
    sign_in(page, member.user.email)
    start(page, "2027-03-31")
    expect(page.get_by_text("You would not be eligible for a pension on April 1, 2027.")).to_be_visible()
    expect(page.get_by_text("The earliest retirement effective date that works is")).to_be_visible()
    expect(page.get_by_role("button", name="Start my application")).to_have_count(0)
    assert not Application.objects.filter(member=member).exists()
