"""A member sees and ends their signed-in devices; staff end all of a user's sessions (SECURITY.md SS-8)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry
from tests.factories import TEST_PASSWORD
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

DEVICES = "/accounts/sessions/"


def signed_in_client(user, browser="Firefox on the laptop"):
    client = Client(HTTP_USER_AGENT=browser)
    response = sign_in(client, user)
    assert response.status_code == 302
    return client


def reauthenticated(client):
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return client


def is_signed_in(client):
    return client.get(reverse("accounts:dashboard")).status_code == 200


def test_the_devices_page_asks_for_the_password_again_first(member):
    response = signed_in_client(member.user).get(DEVICES)
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))


def test_the_member_sees_each_signed_in_device(member):
    signed_in_client(member.user, "Safari on the phone")
    laptop = reauthenticated(signed_in_client(member.user, "Firefox on the laptop"))
    body = laptop.get(DEVICES).content.decode()
    assert "Firefox on the laptop" in body and "Safari on the phone" in body
    assert "This device" in body


def test_signing_out_every_other_device_ends_them_and_keeps_this_one(member):
    phone = signed_in_client(member.user, "Safari on the phone")
    laptop = reauthenticated(signed_in_client(member.user, "Firefox on the laptop"))
    laptop.post(DEVICES)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_staff_end_every_session_of_a_user_with_an_audit_entry(member, staff_user, rf):
    laptop = signed_in_client(member.user)
    request = rf.post("/admin/accounts/user/")
    request.user = staff_user
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    user_admin = admin.site._registry[type(member.user)]
    user_admin.end_all_sessions(request, type(member.user).objects.filter(pk=member.user.pk))
    assert not is_signed_in(laptop)
    entry = AuditEntry.objects.get(action="accounts.user.sessions_ended")
    assert entry.actor == staff_user and entry.member == member and entry.data == {"sessions": 1}
