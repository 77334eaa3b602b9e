"""Profile changes: a notice to the previous e-mail, an audit entry, re-authentication for the e-mail
(RULES §1; SECURITY.md AU-15, SS-9)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts import selectors, services
from accounts.models import AuditEntry, MailingAddress
from tests.factories import TEST_PASSWORD, MailingAddressFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reauthenticated(client, member):
    sign_in(client, member.user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return client


def test_changing_the_email_needs_the_password_again(member_client):
    response = member_client.get(reverse("accounts:change_email"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))


def test_an_email_change_is_noticed_at_the_previous_address(reauthenticated, member,
                                                             django_capture_on_commit_callbacks):
    old = member.user.email
    with django_capture_on_commit_callbacks(execute=True):
        response = reauthenticated.post(reverse("accounts:change_email"), {"email": "new.alice@example.org"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user.email == member.personal_email == "new.alice@example.org"
    assert [m.to for m in mail.outbox] == [[old]]
    assert "e-mail address" in mail.outbox[0].subject and "new.alice" not in mail.outbox[0].body


def test_an_email_change_is_audited_with_old_and_new(reauthenticated, member):
    old = member.user.email
    reauthenticated.post(reverse("accounts:change_email"), {"email": "new.alice@example.org"})
    entry = AuditEntry.objects.get(action="accounts.member.email_changed")
    assert entry.member == member and entry.actor == member.user
    assert entry.data == {"from": old, "to": "new.alice@example.org"}


def test_an_email_used_by_another_account_is_refused(reauthenticated, member):
    UserFactory(email="taken@example.org")
    response = reauthenticated.post(reverse("accounts:change_email"), {"email": "taken@example.org"})
    assert services.EMAIL_IN_USE in response.content.decode()
    member.refresh_from_db()
    assert member.user.email != "taken@example.org"
    assert not AuditEntry.objects.filter(action="accounts.member.email_changed").exists()


def test_a_phone_change_is_normalised_noticed_and_audited(member_client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("accounts:change_phone"), {"phone": "(517) 555 0199"})
    member.refresh_from_db()
    assert member.phone == "517-555-0199"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.user.email]
    assert AuditEntry.objects.filter(member=member, action="accounts.member.phone_changed").exists()


def test_an_invalid_phone_is_refused_with_a_message(member_client, member):
    response = member_client.post(reverse("accounts:change_phone"), {"phone": "555-0199"})
    assert "Enter a 10-digit US phone number" in response.content.decode()
    member.refresh_from_db()
    assert member.phone == ""


def address(**overrides):
    return {"line1": "1 Harbor Way", "line2": "", "city": "Traverse City", "state": "MI", "postal_code": "49684",
            "effective_date": datetime.date.today().isoformat(), **overrides}


def test_an_address_for_today_becomes_the_current_address(member_client, member):
    MailingAddressFactory(member=member, effective_date=datetime.date(2010, 1, 1))
    member_client.post(reverse("accounts:change_address"), address())
    assert selectors.current_address_for_member(member=member).city == "Traverse City"


def test_a_future_move_is_scheduled_and_the_current_address_stays(member_client, member):
    MailingAddressFactory(member=member, effective_date=datetime.date(2010, 1, 1), city="Lansing")
    moving = datetime.date.today() + datetime.timedelta(days=30)
    member_client.post(reverse("accounts:change_address"), address(effective_date=moving.isoformat()))
    assert selectors.current_address_for_member(member=member).city == "Lansing"
    assert [a.city for a in selectors.scheduled_addresses_for_member(member=member)] == ["Traverse City"]
    assert selectors.current_address_for_member(member=member, on=moving).city == "Traverse City"
    assert "Traverse City" in member_client.get(reverse("accounts:profile")).content.decode()


def test_an_address_change_sends_a_notice_and_is_audited(member_client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("accounts:change_address"), address())
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(member=member, action="accounts.member.address_changed").exists()


@pytest.mark.parametrize("overrides,message", [
    ({"effective_date": "2001-01-01"}, "The address cannot start in the past."),
    ({"effective_date": (datetime.date.today() + datetime.timedelta(days=400)).isoformat()},
     "A move can be scheduled up to one year ahead."),
    ({"postal_code": "4968"}, "Enter a ZIP code of 5 digits"),
    ({"state": "ZZ"}, "Select a valid choice."),
])
def test_a_bad_address_is_refused_with_a_specific_message(member_client, member, overrides, message):
    response = member_client.post(reverse("accounts:change_address"), address(**overrides))
    assert message in response.content.decode()
    assert not MailingAddress.objects.filter(member=member).exists()


def test_a_password_change_is_noticed(client, member, django_capture_on_commit_callbacks):
    sign_in(client, member.user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})  # asked first (SS-9)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_change_password"), {
            "oldpassword": TEST_PASSWORD, "password1": "a brand new phrase 2026", "password2": "a brand new phrase 2026"})
    assert response.status_code == 302
    assert [m.subject for m in mail.outbox] == ["Your password was changed"]
    assert AuditEntry.objects.filter(member=member, action="accounts.user.password_changed").exists()


def test_a_password_change_needs_the_current_password(client, member):
    sign_in(client, member.user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})  # asked first (SS-9)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": "not my password", "password1": "a brand new phrase 2026", "password2": "a brand new phrase 2026"})
    assert response.status_code == 200
    member.user.refresh_from_db()
    assert member.user.check_password(TEST_PASSWORD)


def test_a_password_reset_never_signs_in_and_sends_a_notice(client, member, django_capture_on_commit_callbacks):
    import re

    client.post(reverse("account_reset_password"), {"email": member.user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url, {"password1": "a brand new phrase 2026",
                                          "password2": "a brand new phrase 2026"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    member.user.refresh_from_db()
    assert member.user.check_password("a brand new phrase 2026")
    assert mail.outbox[-1].subject == "Your password (reset by e-mail link) was changed"


def test_a_zip_code_of_another_state_is_refused(member_client, member):
    response = member_client.post(reverse("accounts:change_address"), address(postal_code="10001"))
    assert "The ZIP code 10001 is not in Michigan." in response.content.decode()
    assert not MailingAddress.objects.filter(member=member).exists()
