"""Only the session and CSRF cookies reach the browser; flash messages live in the session (SECURITY.md CR-8)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


def test_a_flash_message_sets_no_cookie_of_its_own(client, member):
    sign_in(client, member.user)
    response = client.post(reverse("accounts:change_phone"), {"phone": "(517) 555 0199"}, follow=True)
    assert "Your phone number has been updated" in response.content.decode()
    assert set(client.cookies) <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert member.user.email not in "".join(morsel.value for morsel in client.cookies.values())


def test_messages_are_stored_in_the_session():
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"
