"""The spousal waiver's other journeys in the browser (issue 18 "Done when"): a notary the next day is refused and the
spouse signs again; a spouse declines and the member and staff see it; a changed election voids the waiver. Every
page passes check_page (axe-core WCAG 2.1 A/AA, no CSP violation or console error; a page answered with an error
status, which the browser logs to the console, is checked with axe alone); the public pages at 390 px scroll
nowhere sideways."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Waiver
from applications.waivers.beat import sweep_waivers_task
from tests.applications import waiver_factories as wf
from tests.e2e.conftest import check_page, run_axe, submit
from tests.e2e.test_insurance_journey import sign_in
from tests.e2e.test_spousal_waiver_journey import fill_certificate, no_sideways_scroll, other_device, reviewer_on_waiver
from tests.pensions.factories import name_survivor

pytestmark = pytest.mark.e2e


def member_with_waiver(page):
    """A married member whose straight-life election needs the waiver, signed in on its page, the waiver started."""
    application = wf.application_needing_waiver()
    waiver = wf.start(application)
    sign_in(page, application.member.user, f"/retirement-application/{application.pk}/waiver/")
    expect(page.get_by_text("Round 1: Waiting for the spouse to sign")).to_be_visible()
    check_page(page, signed_in=True)
    return application, waiver


def spouse_proves_who_they_are(page):
    """The spouse opens the newest link e-mailed to them on their own device and gives their date of birth."""
    spouse = other_device(page)
    spouse.goto(f"/waiver/spouse/{wf.spouse_token()}/")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("Confirm who you are")
    check_page(spouse, signed_in=False)
    spouse.get_by_label("Your date of birth").fill(wf.SPOUSE_BORN.isoformat())
    submit(spouse, "Continue")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("Pension election and spousal waiver")
    check_page(spouse, signed_in=False)
    no_sideways_scroll(spouse)
    return spouse


def spouse_signs(page):
    spouse = spouse_proves_who_they_are(page)
    spouse.get_by_label("I agree to sign and receive this record electronically.").check()
    spouse.get_by_label("Type your full name to sign").fill(wf.SPOUSE_NAME)
    spouse.get_by_label("The notary's full name").fill("Pat Notary")
    spouse.get_by_label("The notary's e-mail address").fill(wf.NOTARY_EMAIL)
    submit(spouse, "Sign and send to my notary")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("You signed")
    check_page(spouse, signed_in=False)


def notary_opens_the_link(page):
    notary = other_device(page)
    notary.goto(f"/waiver/notary/{wf.notary_token()}/")
    expect(notary.get_by_role("heading", level=1)).to_have_text("Notarial certificate")
    return notary


def test_a_notary_the_next_day_is_refused_and_the_spouse_signs_again(page, transactional_db):
    application, waiver = member_with_waiver(page)
    spouse_signs(page)
    first_notary_token = wf.notary_token()

    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        # The notary opens the link the next day: the signature has lapsed, and the page offers nothing to sign.
        notary = notary_opens_the_link(page)
        expect(notary.get_by_text("was not notarised that day, so it has lapsed")).to_be_visible()
        expect(notary.get_by_role("button", name="Sign the certificate")).to_have_count(0)
        check_page(notary, signed_in=False)
        no_sideways_scroll(notary)

        # The beat job lapses the signature: the notary's link ends, the spouse is sent a new one.
        assert sweep_waivers_task.apply().get()["lapsed"] == 1
        waiver.refresh_from_db()
        assert (waiver.state, waiver.spouse_signed_at) == (Waiver.State.SPOUSE, None)
        assert not waiver.notarial_acts.exists()
        with notary.expect_response(lambda r: r.request.is_navigation_request()) as answer:
            notary.reload()
        assert answer.value.status == 410
        expect(notary.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
        assert run_axe(notary) == []

        # The spouse got a new link and signs again; the notary, with a new link, certifies that day.
        spouse_signs(page)
        assert wf.notary_token() != first_notary_token
        notary = notary_opens_the_link(page)
        check_page(notary, signed_in=False)
        fill_certificate(notary, name="Pat Notary", email=wf.NOTARY_EMAIL)
        submit(notary, "Sign the certificate")
        expect(notary.get_by_role("heading", level=1)).to_have_text("Certificate recorded")
        check_page(notary, signed_in=False)

    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.APPLICANT
    act = waiver.notarial_acts.get()
    assert timezone.localdate(act.performed_at) == timezone.localdate(act.signed_at)
    page.reload()
    expect(page.get_by_text("Your spouse's signature lapsed: it was not notarised the same day")).to_be_visible()
    expect(page.get_by_role("link", name="Sign your part")).to_be_visible()
    check_page(page, signed_in=True)


def test_a_spouse_declines_and_the_member_and_staff_see_it(page, transactional_db):
    application, waiver = member_with_waiver(page)
    spouse = spouse_proves_who_they_are(page)
    submit(spouse, "Decline to waive")
    expect(spouse.get_by_role("heading", level=1)).to_have_text("You declined")
    check_page(spouse, signed_in=False)
    no_sideways_scroll(spouse)

    page.reload()
    expect(page.get_by_text("Round 1: Declined by the spouse")).to_be_visible()
    expect(page.get_by_text("Your spouse declined.")).to_be_visible()
    check_page(page, signed_in=True)

    staff = reviewer_on_waiver(page, waiver)
    expect(staff.locator(".field-state .readonly")).to_have_text("Declined by the spouse")
    expect(staff.locator(".field-spouse_declined_at .readonly")).not_to_have_text("-")


def test_a_changed_election_voids_the_waiver_and_ends_the_spouses_link(page, transactional_db):
    application, waiver = member_with_waiver(page)
    old_token = wf.spouse_token()
    name_survivor(application.member, name=wf.SPOUSE_NAME, birth_date=wf.SPOUSE_BORN)

    # The member changes the election to 50% survivor to the spouse.
    page.goto(f"/retirement-application/{application.pk}/option/")
    page.get_by_label("50% survivor").check()
    page.get_by_label(re.compile(wf.SPOUSE_NAME)).check()
    submit(page, "Show the figures for my answers")
    check_page(page, signed_in=True)
    page.get_by_label(re.compile("I understand that my payment option")).check()
    submit(page, "Save and continue")

    page.goto(f"/retirement-application/{application.pk}/waiver/")
    expect(page.get_by_text("Round 1: Void (the election changed)")).to_be_visible()
    expect(page.get_by_text("This waiver ended because your election changed.")).to_be_visible()
    expect(page.get_by_role("button", name="E-mail the waiver to my spouse")).to_be_visible()
    check_page(page, signed_in=True)
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.VOID

    # The spouse's old link now shows only that it cannot be used.
    spouse = other_device(page)
    with spouse.expect_response(lambda r: r.request.is_navigation_request()) as answer:
        spouse.goto(f"/waiver/spouse/{old_token}/")
    assert answer.value.status == 410
    expect(spouse.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    assert wf.SPOUSE_NAME not in spouse.content()
    assert run_axe(spouse) == []
    no_sideways_scroll(spouse)
