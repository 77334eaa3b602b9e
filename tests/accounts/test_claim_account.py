"""Claiming a member record online (RULES §1; SECURITY.md AU-14, TK-4, TK-6)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import links, services
from accounts.models import AuditEntry, Member, OutboundEmail, SingleUseLink, User
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "seven lakes and a lighthouse"


@pytest.fixture
def record():
    return MemberFactory(member_id="20240001", date_of_birth=datetime.date(1966, 3, 9), ssn="987654321")


def claim_data(**overrides):
    return {"member_id": "20240001", "date_of_birth": "1966-03-09", "ssn_last4": "4321",
            "email": "alice@example.org", **overrides}


def link_from_last_email():
    return re.search(r"https?://\S+(/claim/confirm/\S+/)", mail.outbox[-1].body).group(1)


def token_sent_to(email):
    return re.search(r"/claim/confirm/(\S+)/", OutboundEmail.objects.get(to=email).body).group(1)


def test_matching_details_send_a_confirmation_link(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:claim"), claim_data())
    assert response.status_code == 302 and response.url == reverse("accounts:claim_sent")
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "/claim/confirm/" in mail.outbox[0].body
    assert links.links_for(purpose=services.CLAIM_PURPOSE, target=record).filter(used_at=None).count() == 1


def test_the_link_stores_only_a_hash_of_its_token(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    claim = SingleUseLink.objects.get()
    signed = link_from_last_email().split("/")[-2]
    token = signed.split(":")[0]
    assert len(claim.token_hash) == 64 and token not in claim.token_hash


@pytest.mark.parametrize("field,value", [
    ("member_id", "20240002"),      # another (non-existent) record
    ("date_of_birth", "1966-03-10"),
    ("ssn_last4", "4322"),
])
def test_a_wrong_detail_gets_the_same_message_whichever_it_is(client, record, field, value):
    response = client.post(reverse("accounts:claim"), claim_data(**{field: value}))
    assert response.status_code == 200
    assert services.CLAIM_NO_MATCH in response.content.decode()
    assert not SingleUseLink.objects.exists() and not mail.outbox


@pytest.mark.parametrize("field,value,message", [
    ("member_id", "2024-001", "A member ID is 8 digits"),
    ("date_of_birth", "2999-01-01", "A date of birth cannot be in the future."),
    ("date_of_birth", "1966-02-30", "Enter a valid date."),
    ("ssn_last4", "43a1", "Enter the last four digits of your Social Security number."),
    ("email", "not-an-email", "Enter a valid email address."),
])
def test_malformed_input_gets_a_specific_message_and_changes_nothing(client, record, field, value, message):
    response = client.post(reverse("accounts:claim"), claim_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SingleUseLink.objects.exists()


def test_an_email_already_in_use_is_refused(client, record):
    UserFactory(email="alice@example.org")
    response = client.post(reverse("accounts:claim"), claim_data())
    assert services.EMAIL_IN_USE in response.content.decode()
    assert not SingleUseLink.objects.exists()


def test_attempts_are_throttled_per_member_id(client, record):
    for _ in range(5):
        client.post(reverse("accounts:claim"), claim_data(ssn_last4="0000"))
    response = client.post(reverse("accounts:claim"), claim_data())  # even the right answer waits now
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not SingleUseLink.objects.exists()


def test_opening_the_link_never_consumes_it(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    link = link_from_last_email()
    for _ in range(3):  # a mail scanner opening the link
        response = client.get(link)
        assert response.status_code == 302 and response.url == reverse("accounts:claim_confirm")
    assert SingleUseLink.objects.get().used_at is None


def test_the_token_url_sends_no_referrer_and_leads_to_a_url_without_it(client, record,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    link = link_from_last_email()
    assert client.get(link)["Referrer-Policy"] == "no-referrer"
    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:claim_confirm")
    assert link.split("/")[-2] not in response.redirect_chain[-1][0]


def complete(client, password=NEW_PASSWORD, password2=None):
    return client.post(reverse("accounts:claim_confirm"),
                       {"password1": password, "password2": password2 or password})


def test_setting_a_password_creates_the_login_and_links_the_record(client, record,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    client.get(link_from_last_email())
    response = complete(client)
    assert response.status_code == 302 and response.url == reverse("account_login")
    record.refresh_from_db()
    assert record.user.email == "alice@example.org" and record.user.check_password(NEW_PASSWORD)
    assert record.claimed_at is not None
    assert AuditEntry.objects.filter(member=record, action="accounts.claim.completed").exists()


def test_mismatched_passwords_are_refused(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    client.get(link_from_last_email())
    response = complete(client, password2=NEW_PASSWORD + "x")
    assert "The two passwords do not match." in response.content.decode()
    assert not User.objects.filter(email="alice@example.org").exists()


def test_a_short_password_is_refused(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    client.get(link_from_last_email())
    response = complete(client, password="elevenchars")
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(email="alice@example.org").exists()


def test_the_link_works_only_once(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    link = link_from_last_email()
    client.get(link)
    complete(client)
    response = client.get(link)
    assert response.status_code == 410
    assert services.CLAIM_LINK_USED in response.content.decode()


def test_an_expired_link_is_refused(client, record, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    time_machine.move_to(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.timezone.utc))
    response = client.get(link_from_last_email())
    assert response.status_code == 410
    assert services.CLAIM_LINK_INVALID in response.content.decode()


def test_a_forged_link_is_refused(client, record):
    response = client.get(reverse("accounts:claim_confirm_token", args=["forged:token:value"]))
    assert response.status_code == 410


def test_a_claimed_record_cannot_be_claimed_again(client, record):
    record.user = UserFactory(email="first@example.org")
    record.save()
    response = client.post(reverse("accounts:claim"), claim_data(email="second@example.org"))
    assert services.CLAIM_ALREADY_CLAIMED in response.content.decode()
    assert not SingleUseLink.objects.exists()


def test_a_claim_completed_elsewhere_first_stops_the_other_link(client, record):
    services.start_claim(member_id="20240001", date_of_birth=datetime.date(1966, 3, 9), ssn_last4="4321",
                         email="one@example.org")
    services.start_claim(member_id="20240001", date_of_birth=datetime.date(1966, 3, 9),
                         ssn_last4="4321", email="two@example.org")
    services.complete_claim(token=token_sent_to("one@example.org"), password=NEW_PASSWORD)
    with pytest.raises(services.AccountError):
        services.complete_claim(token=token_sent_to("two@example.org"), password=NEW_PASSWORD)
    assert Member.objects.get(pk=record.pk).user.email == "one@example.org"


def test_the_new_account_can_sign_in(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    client.get(link_from_last_email())
    complete(client)
    response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")


def test_a_link_that_expires_after_it_was_opened_is_refused_on_the_password_page(
        client, record, django_capture_on_commit_callbacks, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone.utc))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    assert client.get(link_from_last_email()).status_code == 302
    time_machine.move_to(datetime.datetime(2026, 11, 24, 9, 1, tzinfo=datetime.timezone.utc))
    page = client.get(reverse("accounts:claim_confirm"))
    assert page.status_code == 410 and services.CLAIM_LINK_INVALID in page.content.decode()
    response = complete(client)
    assert response.status_code == 410
    assert not User.objects.filter(email="alice@example.org").exists()


def test_the_password_page_without_an_opened_link_is_refused(client, record):
    response = client.get(reverse("accounts:claim_confirm"))
    assert response.status_code == 410 and services.CLAIM_LINK_INVALID in response.content.decode()


def test_opening_the_link_keeps_the_token_in_a_cookie_only_the_password_page_receives(
        client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    response = client.get(link_from_last_email())
    cookie = next(iter(response.cookies.values()))
    assert cookie["path"] == reverse("accounts:claim_confirm") and cookie["httponly"]
    assert "sessionid" not in response.cookies  # no session for a visitor who only opened a link


def test_claiming_forgets_the_link_cookie(client, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:claim"), claim_data())
    opened = client.get(link_from_last_email())
    name = next(iter(opened.cookies))
    response = complete(client)
    assert response.cookies[name].value == "" and response.cookies[name]["max-age"] == 0


def test_opening_many_claim_links_from_one_address_is_throttled(client, record):
    for _ in range(30):
        client.get(reverse("accounts:claim_confirm_token", args=["made-up-token"]))
    response = client.get(reverse("accounts:claim_confirm_token", args=["made-up-token"]))
    assert response.status_code == 429 and links.LINK_THROTTLED in response.content.decode()


def test_the_sign_up_page_sends_people_to_claim_their_account(client):
    body = client.get(reverse("account_signup")).content.decode()
    assert f'href="{reverse("accounts:claim")}"' in body
    assert "currently closed" not in body
