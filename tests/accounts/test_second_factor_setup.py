"""Setting up two-step verification (issue 15 item 8): the recovery codes are on the page after activation, not
only in the download; someone setting up their first second factor right after signing in is not asked for the
password again, while a session signed in longer ago, or a change to a factor already in use, still asks for it
(SECURITY.md SS-9)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import ClaimedMemberFactory, StaffUserFactory
from tests.signing_in import sign_in, totp_code

pytestmark = pytest.mark.django_db

REAUTH_PAGES = (reverse("account_reauthenticate"), reverse("mfa_reauthenticate"))


@pytest.fixture
def newcomer(db):
    return ClaimedMemberFactory(user__second_factor=False).user


@pytest.fixture
def new_reviewer(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Reviewer"))
    return user


def activate_an_app(client):
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    return client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})


@pytest.mark.parametrize("who", ["newcomer", "new_reviewer"])
def test_right_after_signing_in_setting_up_an_app_does_not_ask_for_the_password_again(client, who, request):
    user = request.getfixturevalue(who)
    sign_in(client, user)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    response = activate_an_app(client)
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_a_session_signed_in_longer_ago_than_the_window_is_asked_for_the_password(client, new_reviewer,
                                                                                   time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, new_reviewer)
    time_machine.move_to("2026-11-23 09:05:01+00:00", tick=False)  # ACCOUNT_REAUTHENTICATION_TIMEOUT is 5 minutes
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response.url.startswith(REAUTH_PAGES)


def test_the_recovery_codes_are_shown_on_the_page_after_activation(client, newcomer):
    sign_in(client, newcomer)
    codes_page = client.get(activate_an_app(client).url).content.decode()
    codes = Authenticator.objects.get(user=newcomer, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert len(codes) >= 10
    box = codes_page[codes_page.index('<textarea'):codes_page.index('</textarea>')]
    assert 'id="recovery_codes"' in box and "readonly" in box
    for code in codes:
        assert code in box, code


def test_a_member_signed_in_with_their_second_factor_is_asked_before_changing_it(client, member):
    sign_in(client, member.user)  # password and code, moments ago
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302 and response.url.startswith(REAUTH_PAGES)


def test_after_setting_up_the_first_factor_other_sensitive_pages_still_ask(client, newcomer):
    sign_in(client, newcomer)
    activate_an_app(client)
    response = client.get(reverse("usersessions_list"))
    assert response.status_code == 302 and response.url.startswith(REAUTH_PAGES)
