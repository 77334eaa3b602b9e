"""The spouse's and the notaries' pages on single-use links, and the member's waiver page (issue 18; SECURITY.md
TK-1 … TK-8, F8)."""

import io
import threading

import pikepdf
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts import links
from accounts.models import OutboundEmail, SingleUseLink
from applications.models import Waiver
from applications.rules.waiver import Part
from applications.waivers import document, link_views, services
from applications.waivers import views as waiver_views
from tests.applications import waiver_factories as wf
from tests.factories import TEST_PASSWORD, ClaimedMemberFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

SIGN = {"action": "sign", "esign_consent": "on", "signature": wf.SPOUSE_NAME, "notary_name": "Pat Notary",
        "notary_email": wf.NOTARY_EMAIL}
CERTIFICATE = {"notary_name": "Pat Notary", "notary_email": wf.NOTARY_EMAIL, "commission_number": "N-12345",
               "commission_county": "Ingham", "commission_expires": "2031-01-31", "act_county": "Ingham",
               "kind": "IN_PERSON", "platform": "", "session_reference": "", "identity_document": "DRIVERS_LICENSE",
               "identity_issuer": "State of Michigan", "notary_signature": "Pat Notary"}


@pytest.fixture
def waiver():
    return wf.stored_waiver(wf.stored_application(ClaimedMemberFactory(marital_status="MARRIED")))


def open_spouse_link(client, token):
    response = client.get(reverse("applications:waiver_spouse_open", args=[token]))
    assert response.status_code == 302 and response.url == reverse("applications:waiver_spouse")
    return response


def proved(client):
    open_spouse_link(client, wf.spouse_token())
    response = client.post(reverse("applications:waiver_spouse"), {"action": "identity",
                                                                    "birth_date": wf.SPOUSE_BORN.isoformat()})
    assert response.status_code == 302
    return client


def test_opening_the_link_shows_the_identity_page_and_consumes_nothing(client, waiver):
    open_spouse_link(client, wf.spouse_token())
    for _ in range(3):
        page = client.get(reverse("applications:waiver_spouse"))
        assert page.status_code == 200 and "Confirm who you are" in page.content.decode()
    assert SingleUseLink.objects.get(purpose=services.SPOUSE_LINK).used_at is None


def test_opening_the_link_never_creates_a_session_or_signs_anyone_in(client, waiver):
    open_spouse_link(client, wf.spouse_token())
    client.get(reverse("applications:waiver_spouse"))
    proved(client)
    client.get(reverse("applications:waiver_spouse"))
    assert "__Host-sessionid" not in client.cookies and "sessionid" not in client.cookies
    assert "_auth_user_id" not in client.session


def test_the_election_is_shown_only_after_the_date_of_birth(client, waiver):
    open_spouse_link(client, wf.spouse_token())
    assert "1,843.20" not in client.get(reverse("applications:waiver_spouse")).content.decode()
    page = proved(client).get(reverse("applications:waiver_spouse")).content.decode()
    assert "1,843.20" in page and "receive nothing" in page and "paper" in page


def test_a_wrong_date_of_birth_says_so_and_changes_nothing_else(client, waiver):
    open_spouse_link(client, wf.spouse_token())
    page = client.post(reverse("applications:waiver_spouse"), {"action": "identity", "birth_date": "1970-01-01"})
    assert page.status_code == 200 and "does not match" in page.content.decode()
    assert SingleUseLink.objects.get(purpose=services.SPOUSE_LINK).failed_attempts == 1


def test_five_wrong_dates_lock_the_link_with_a_410(client, waiver):
    open_spouse_link(client, wf.spouse_token())
    for _ in range(4):
        client.post(reverse("applications:waiver_spouse"), {"action": "identity", "birth_date": "1970-01-01"})
    locked = client.post(reverse("applications:waiver_spouse"), {"action": "identity", "birth_date": "1970-01-01"})
    assert locked.status_code == 410 and links.LINK_REFUSED in locked.content.decode()
    assert client.get(reverse("applications:waiver_spouse")).status_code == 410


def test_the_spouse_signs_with_a_post_and_the_link_is_then_used(client, waiver):
    response = proved(client).post(reverse("applications:waiver_spouse"), SIGN)
    assert response.status_code == 200 and "You signed" in response.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.SPOUSE_NOTARY
    assert client.get(reverse("applications:waiver_spouse")).status_code in (404, 410)


def test_signing_without_consent_shows_why_and_records_nothing(client, waiver):
    page = proved(client).post(reverse("applications:waiver_spouse"), {**SIGN, "esign_consent": ""})
    assert page.status_code == 200 and services.CONSENT_NEEDED in page.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.SPOUSE and waiver.spouse_consented_at is None


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
    lambda token: "x" + token,
    lambda token: "made-up-token",
])
def test_a_tampered_or_made_up_token_is_a_404_that_reveals_nothing(client, waiver, tamper):
    response = client.get(reverse("applications:waiver_spouse_open", args=[tamper(wf.spouse_token())]))
    assert response.status_code == 404
    assert wf.SPOUSE_NAME not in response.content.decode() and waiver.member.last_name not in response.content.decode()


def test_the_page_without_its_cookie_is_a_404(client, waiver):
    assert client.get(reverse("applications:waiver_spouse")).status_code == 404
    assert client.get(reverse("applications:waiver_notary")).status_code == 404


def test_a_used_link_is_a_410_with_the_same_words(client, waiver):
    token = wf.spouse_token()
    services.spouse_declines(token=token)
    response = client.get(reverse("applications:waiver_spouse_open", args=[token]))
    assert response.status_code == 410 and links.LINK_REFUSED in response.content.decode()
    assert wf.SPOUSE_NAME not in response.content.decode()


def test_an_expired_link_is_a_410(client, waiver, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now() + services.rules.LINK_LIFETIME)
    assert client.get(reverse("applications:waiver_spouse_open", args=[wf.spouse_token()])).status_code == 410


def test_another_waivers_token_or_another_purpose_is_refused(client, waiver):
    spouse_token = wf.spouse_token()
    assert client.get(reverse("applications:waiver_notary_open", args=[spouse_token])).status_code == 404
    assert client.get(reverse("applications:waiver_applicant_notary_open", args=[spouse_token])).status_code == 404


def test_the_notary_completes_the_certificate_with_a_post(client, waiver):
    services.spouse_signs(token=wf.spouse_token(), consent=True, signature=wf.SPOUSE_NAME, notary_name="Pat Notary",
                          notary_email=wf.NOTARY_EMAIL)
    client.get(reverse("applications:waiver_notary_open", args=[wf.notary_token()]))
    page = client.get(reverse("applications:waiver_notary"))
    assert page.status_code == 200 and wf.SPOUSE_NAME in page.content.decode()
    done = client.post(reverse("applications:waiver_notary"), CERTIFICATE)
    assert done.status_code == 200 and "Certificate recorded" in done.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.APPLICANT


def test_the_notary_page_shows_an_expired_commission_on_its_field(client, waiver):
    services.spouse_signs(token=wf.spouse_token(), consent=True, signature=wf.SPOUSE_NAME, notary_name="Pat Notary",
                          notary_email=wf.NOTARY_EMAIL)
    client.get(reverse("applications:waiver_notary_open", args=[wf.notary_token()]))
    page = client.post(reverse("applications:waiver_notary"), {**CERTIFICATE, "commission_expires": "2020-01-31"})
    assert page.status_code == 200 and "January 31, 2020" in page.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.SPOUSE_NOTARY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_posts_of_one_spouse_link_record_one_signature():
    waiver = wf.stored_waiver(wf.stored_application(ClaimedMemberFactory(marital_status="MARRIED")))
    clients = [proved(Client()) for _ in range(10)]
    barrier, statuses = threading.Barrier(10), []

    def sign(client):
        barrier.wait()
        try:
            statuses.append(client.post(reverse("applications:waiver_spouse"), SIGN).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=[client]) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [410] * 9
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.SPOUSE_NOTARY
    assert waiver.events.filter(action="spouse_signed").count() == 1
    assert SingleUseLink.objects.filter(purpose=services.NOTARY_LINKS[Part.SPOUSE]).count() == 1


# --- the member's page ------------------------------------------------------------------------------------------

def test_another_members_waiver_page_is_a_404(client, waiver):
    client.force_login(ClaimedMemberFactory().user)
    assert client.get(reverse("applications:waiver", args=[waiver.application_id])).status_code == 404


def test_the_member_sees_where_the_waiver_is(client, waiver):
    client.force_login(waiver.member.user)
    page = client.get(reverse("applications:waiver", args=[waiver.application_id])).content.decode()
    assert "Waiting for the spouse to sign" in page and "Send the link again" in page


def test_a_bad_spouse_email_is_refused_on_the_page_and_nothing_changes(client, waiver):
    client.force_login(waiver.member.user)
    page = client.post(reverse("applications:waiver", args=[waiver.application_id]),
                       {"action": "email", "email": "not-an-address"})
    assert page.status_code == 200 and "e-mail address like" in page.content.decode()
    waiver.refresh_from_db()
    assert waiver.spouse_email == wf.SPOUSE_EMAIL


# --- the document -----------------------------------------------------------------------------------------------

def _pdf_text(content):
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return b"".join(page.Contents.read_bytes() for page in pdf.pages)


def test_the_pdf_holds_every_certificate_field_and_the_audit_trail(django_capture_on_commit_callbacks):
    application = wf.application_needing_waiver()
    with django_capture_on_commit_callbacks(execute=True):
        waiver = wf.start(application, seen=services.Seen(ip_address="203.0.113.9", user_agent="Firefox"))
        done = wf.complete(waiver)
    done.refresh_from_db()
    with done.document.file.open("rb") as stored:
        text = _pdf_text(stored.read())
    for value in ("N-12345", "Ingham", "January 31, 2031", "State of Michigan", "Driver's license", "Pat Notary",
                  "Lee Notary", "NotaryCam", "S-998877", "/s/ Jordan Member", f"/s/ {application.member.full_name}",
                  "Date A", "Date B", "Audit trail", "203.0.113.9", done.record_sha256,
                  application.reference):
        assert value.encode("cp1252").replace(b"'", b"\\'") in text or value.encode() in text, value
    assert done.record_sha256 == document.record_sha256(done)


# --- the notary with the signer in person (RULES §11b: an in-person act, the notary signing on their own device) ---

def test_a_spouse_with_the_notary_present_is_told_to_hand_over_to_the_notarys_own_device(client, waiver):
    page = proved(client).post(reverse("applications:waiver_spouse"), {**SIGN, "notary_present": "on"})
    body = page.content.decode()
    assert page.status_code == 200 and "Your notary is with you" in body and wf.NOTARY_EMAIL in body
    notice = OutboundEmail.objects.get(to=wf.NOTARY_EMAIL)
    assert f"{wf.SPOUSE_NAME} says you are with them now, in person" in notice.body
    assert waiver.events.get(action="spouse_signed").detail == "notary present in person"


def test_the_notarys_page_does_not_open_on_the_device_the_spouse_signed_on(client, waiver):
    proved(client).post(reverse("applications:waiver_spouse"), {**SIGN, "notary_present": "on"})
    client.get(reverse("applications:waiver_notary_open", args=[wf.notary_token()]))
    refused = client.post(reverse("applications:waiver_notary"), CERTIFICATE)
    assert refused.status_code == 403 and "opens on the notary's own device" in refused.content.decode()
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.SPOUSE_NOTARY and not waiver.notarial_acts.exists()
    assert waiver.events.filter(action="notary_page_refused").count() == 1
    # The notary, on their own device, still can: the link was not used.
    notary = Client()
    notary.get(reverse("applications:waiver_notary_open", args=[wf.notary_token()]))
    assert "Certificate recorded" in notary.post(reverse("applications:waiver_notary"), CERTIFICATE).content.decode()


def test_the_applicants_notary_page_does_not_open_in_the_applicants_own_session(client, waiver):
    wf.spouse_signed(waiver)
    wf.spouse_notarised(waiver)
    waiver.refresh_from_db()
    wf.applicant_signed(waiver)
    client.force_login(waiver.member.user)
    client.get(reverse("applications:waiver_applicant_notary_open", args=[wf.applicant_notary_token()]))
    certificate = {**CERTIFICATE, "notary_name": "Lee Notary", "notary_signature": "Lee Notary",
                   "notary_email": wf.APPLICANT_NOTARY_EMAIL}
    refused = client.post(reverse("applications:waiver_applicant_notary"), certificate)
    assert refused.status_code == 403
    waiver.refresh_from_db()
    assert waiver.state == Waiver.State.APPLICANT_NOTARY


def test_an_applicant_with_the_notary_present_is_told_and_the_browser_that_signed_cannot_notarise(client, waiver):
    wf.spouse_signed(waiver)
    wf.spouse_notarised(waiver)
    member = waiver.member
    sign_in(client, member.user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    signed = client.post(reverse("applications:waiver_sign", args=[waiver.application_id]), {
        "esign_consent": "on", "signature": member.full_name, "notary_name": "Lee Notary",
        "notary_email": wf.APPLICANT_NOTARY_EMAIL, "notary_present": "on"}, follow=True)
    assert escape(waiver_views.SIGNED_NOTARY_PRESENT) in signed.content.decode()
    # Signed out, the same browser still carries what it signed: the notary's page does not open there.
    same_browser = Client()
    same_browser.cookies[link_views.SIGNER_DEVICE_COOKIE] = client.cookies[link_views.SIGNER_DEVICE_COOKIE].value
    same_browser.get(reverse("applications:waiver_applicant_notary_open", args=[wf.applicant_notary_token()]))
    assert same_browser.get(reverse("applications:waiver_applicant_notary")).status_code == 403
