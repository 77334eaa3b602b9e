"""The spousal waiver with the notary in the room (issue 18 item 3, RULES §11b: an in-person act, the notary signing
electronically): the spouse says the notary is with them and signs; the notary's page will not open on the spouse's
device; the notary opens the link from their own e-mail on their own device and completes the certificate at once.
Every page passes check_page (axe-core WCAG 2.1 A/AA); the refusal page, a 403, is checked with axe alone."""

import pytest
from playwright.sync_api import expect

from applications.models import Waiver
from tests.applications import waiver_factories as wf
from tests.e2e.conftest import check_page, run_axe, submit
from tests.e2e.test_spousal_waiver_exceptions import member_with_waiver, spouse_proves_who_they_are
from tests.e2e.test_spousal_waiver_journey import fill_certificate, no_sideways_scroll, other_device

pytestmark = pytest.mark.e2e


def test_a_notary_with_the_spouse_in_person_completes_the_certificate_on_their_own_device(page, transactional_db):
    application, waiver = member_with_waiver(page)
    spouse = spouse_proves_who_they_are(page)
    spouse.get_by_label("I agree to sign and receive this record electronically.").check()
    spouse.get_by_label("Type your full name to sign").fill(wf.SPOUSE_NAME)
    spouse.get_by_label("The notary's full name").fill("Pat Notary")
    spouse.get_by_label("The notary's e-mail address").fill(wf.NOTARY_EMAIL)
    spouse.get_by_label("My notary is here with me now, in person").check()
    submit(spouse, "Sign and send to my notary")
    expect(spouse.get_by_role("heading", name="Your notary is with you")).to_be_visible()
    check_page(spouse, signed_in=False)
    no_sideways_scroll(spouse)

    # Handed the spouse's phone, the notary's link does not open there: nothing is recorded, the link still works.
    with spouse.expect_response(lambda r: r.request.is_navigation_request() and r.status != 302) as answer:
        spouse.goto(f"/waiver/notary/{wf.notary_token()}/")
    assert answer.value.status == 403
    expect(spouse.get_by_role("heading", level=1)).to_have_text("This page opens on the notary's own device")
    assert run_axe(spouse) == []
    no_sideways_scroll(spouse)

    # The notary, in the same room, on their own phone, from the e-mail sent to them.
    notary = other_device(page)
    notary.goto(f"/waiver/notary/{wf.notary_token()}/")
    expect(notary.get_by_role("heading", level=1)).to_have_text("Notarial certificate")
    check_page(notary, signed_in=False)
    fill_certificate(notary, name="Pat Notary", email=wf.NOTARY_EMAIL)
    submit(notary, "Sign the certificate")
    expect(notary.get_by_role("heading", level=1)).to_have_text("Certificate recorded")
    check_page(notary, signed_in=False)

    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.APPLICANT
    assert waiver.notarial_acts.get().kind == "IN_PERSON"
    assert waiver.events.filter(action="notary_page_refused").count() == 1
    page.reload()
    expect(page.get_by_role("link", name="Sign your part")).to_be_visible()
    check_page(page, signed_in=True)
