"""Signing in: lockout, rate limits, MFA for staff, the admin's door (SECURITY.md AU-1, AU-2, AU-8, CF-6, SS-6)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import TEST_PASSWORD, ClaimedMemberFactory, StaffUserFactory
from tests.signing_in import enter_code, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def current_code():
    return format_hotp_value(hotp_value(TOTP_SECRET, next(yield_hotp_counters_from_time())))


def assert_blocked(client, response):
    """Refused with a message saying why: allauth's limit answers first, django-axes' lockout behind it."""
    body = response.content.decode()
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in body or "Sign-in paused" in body
    assert "_auth_user_id" not in client.session


@pytest.fixture
def newcomer(db):
    """A member signing in for the first time: no second factor yet."""
    return ClaimedMemberFactory(user__second_factor=False)


@pytest.fixture
def staff_with_totp(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Reviewer"))
    TOTP.activate(user, TOTP_SECRET)
    return user


def test_a_member_signs_in_with_email_password_and_the_second_step(client, member):
    response = sign_in(client, member.user.email)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # no authenticated session before the second factor
    response = enter_code(client, member.user)
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, member):
    response = sign_in(client, member.user.email, "wrong password entirely")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_five_failures_lock_the_account_even_from_different_addresses(client, member):
    for n in range(5):
        sign_in(client, member.user.email, "wrong password entirely", REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = sign_in(client, member.user.email, REMOTE_ADDR="203.0.113.9")  # the right password, too late
    assert_blocked(client, response)


def test_a_forged_forwarded_for_header_does_not_reset_the_lockout(client, member):
    for n in range(6):
        sign_in(client, f"nobody{n}@example.org", "wrong password entirely", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, member.user.email, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert_blocked(client, response)


def test_the_lockout_ends_after_the_cool_off(client, member, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00")
    for n in range(5):
        sign_in(client, member.user.email, "wrong password entirely", REMOTE_ADDR=f"198.51.100.{n + 1}")
    time_machine.move_to("2026-11-23 09:16:00+00:00")
    response = sign_in(client, member.user.email, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")  # the password is accepted


def test_signing_up_without_a_member_record_is_closed(client):
    response = client.get("/accounts/signup/")
    body = response.content.decode()
    # No sign-up form; the page sends people to claim their record instead (issue 15 item 12).
    assert 'name="password1"' not in body and f'href="{reverse("accounts:claim")}"' in body


def test_staff_without_two_step_verification_are_sent_to_set_it_up(client):
    user = StaffUserFactory()
    sign_in(client, user.email)
    for path in ("/admin/", "/admin/accounts/member/", "/dashboard/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("second_factor_setup"), path


def test_a_member_at_first_sign_in_is_sent_to_set_up_a_second_factor(client, newcomer):
    response = sign_in(client, newcomer.user.email)
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    for path in ("/dashboard/", "/profile/", "/messages/", "/documents/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url == reverse("second_factor_setup"), path


def test_the_set_up_page_offers_a_passkey_or_an_app_in_plain_words(client, newcomer):
    sign_in(client, newcomer.user.email)
    body = client.get(reverse("second_factor_setup")).content.decode()
    assert reverse("mfa_add_webauthn") in body and reverse("mfa_activate_totp") in body
    assert "screen lock" in body and "six-digit" in body and "recovery codes" in body


def test_setting_up_an_app_shows_recovery_codes_then_opens_the_portal(client, newcomer):
    sign_in(client, newcomer.user.email)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response.url).content.decode()
    assert reverse("mfa_download_recovery_codes") in codes_page
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"].startswith("attachment") and len(download.content.split()) >= 10
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_staff_with_totp_must_enter_a_code_before_the_admin_opens(client, staff_with_totp):
    response = sign_in(client, staff_with_totp.email)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # no authenticated session before the second factor
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")  # back to the code, never the admin
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_totp_code_works_only_once(client, staff_with_totp):
    code = current_code()
    sign_in(client, staff_with_totp.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post("/accounts/logout/")
    sign_in(client, staff_with_totp.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_the_admin_login_form_redirects_to_the_portal_sign_in(client, staff_with_totp):
    response = client.post("/admin/login/", {"username": staff_with_totp.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_a_member_cannot_open_the_admin(client, member):
    client.force_login(member.user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 200


def test_totp_secrets_are_encrypted_at_rest(staff_with_totp):
    stored = Authenticator.objects.get(user=staff_with_totp, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("v1:") and TOTP_SECRET not in stored


def test_a_second_factor_change_ends_the_other_sessions(client, newcomer, django_capture_on_commit_callbacks):
    from django.test import Client

    other = Client()
    other.force_login(newcomer.user)
    assert other.get(reverse("second_factor_setup")).status_code == 200  # signed in, at the set-up page
    from allauth.mfa import signals

    with django_capture_on_commit_callbacks(execute=True):
        authenticator = TOTP.activate(newcomer.user, TOTP_SECRET).instance
        signals.authenticator_added.send(sender=Authenticator, request=None, user=newcomer.user,
                                         authenticator=authenticator)
    response = other.get(reverse("second_factor_setup"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_staff_go_to_the_admin_after_signing_in(client, staff_with_totp):
    sign_in(client, staff_with_totp.email)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_an_unknown_page_gets_the_portal_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "We could not find that page" in response.content.decode()


def test_adding_a_second_factor_sends_a_notice_without_secrets(newcomer, django_capture_on_commit_callbacks):
    from allauth.mfa import signals
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        authenticator = TOTP.activate(newcomer.user, TOTP_SECRET).instance
        signals.authenticator_added.send(sender=Authenticator, request=None, user=newcomer.user,
                                         authenticator=authenticator)
    assert [m.to for m in mail.outbox] == [[newcomer.user.email]]
    assert "two-step verification added" in mail.outbox[0].subject
    assert TOTP_SECRET not in mail.outbox[0].body
