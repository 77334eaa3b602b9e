"""The takeover through allauth's e-mail page no longer works; every credential change asks for the password again
and tells the address on file (SECURITY.md SS-9, AU-15; issue 13 item 1)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@evil.example"
REAUTH_PAGES = (reverse("account_reauthenticate"), reverse("mfa_reauthenticate"))


@pytest.fixture
def unattended(client, member, time_machine):
    """A member's browser signed in ten minutes ago (past the five-minute re-authentication window), left open."""
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, member.user)
    time_machine.move_to("2026-11-23 09:10:00+00:00", tick=False)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    return client


def test_the_e_mail_takeover_sequence_no_longer_takes_over(unattended, member):
    own = member.user.email
    # 1. Add the attacker's address on allauth's page, 2. make it primary, 3. remove the member's address.
    assert unattended.get("/accounts/email/").status_code == 404
    assert unattended.post("/accounts/email/", {"action_add": "", "email": ATTACKER}).status_code == 404
    assert unattended.post("/accounts/email/", {"action_primary": "", "email": ATTACKER}).status_code == 404
    assert unattended.post("/accounts/email/", {"action_remove": "", "email": own}).status_code == 404
    # 4. The portal's own e-mail page asks for the password first.
    response = unattended.post(reverse("accounts:change_email"), {"email": ATTACKER})
    assert response.status_code == 302 and response.url.startswith(REAUTH_PAGES)
    # 5. Reset the password to the new address: nothing is sent there that opens the account.
    unattended.post(reverse("account_reset_password"), {"email": ATTACKER})
    assert not any("/accounts/password/reset/key/" in m.body for m in mail.outbox if ATTACKER in m.to)
    member.user.refresh_from_db()
    assert member.user.email == own and member.user.check_password(TEST_PASSWORD)
    assert list(EmailAddress.objects.filter(user=member.user).values_list("email", flat=True)) == [own]


@pytest.mark.parametrize("name", ["account_change_password", "accounts:change_email", "mfa_deactivate_totp",
                                  "mfa_generate_recovery_codes", "mfa_add_webauthn", "usersessions_list"])
def test_every_credential_or_contact_change_asks_for_the_password_again(unattended, name):
    response = unattended.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(REAUTH_PAGES), name


def test_after_re_authenticating_the_old_address_receives_the_notice(unattended, member,
                                                                      django_capture_on_commit_callbacks):
    old = member.user.email
    unattended.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = unattended.post(reverse("accounts:change_email"), {"email": "alice.new@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[old]]
    assert "e-mail address" in mail.outbox[0].subject


def test_a_password_change_tells_the_address_on_file(unattended, member, django_capture_on_commit_callbacks):
    unattended.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    new = "a brand new phrase 2026"
    with django_capture_on_commit_callbacks(execute=True):
        response = unattended.post(reverse("account_change_password"),
                                   {"oldpassword": TEST_PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert new not in mail.outbox[0].body
