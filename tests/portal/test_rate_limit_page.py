"""allauth's 429 page is the portal's, with a charset (SECURITY.md CF-5)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_too_many_password_resets_get_the_portals_429_page(client, member):
    for _ in range(5):  # allauth's default: five resets a minute per address asked for
        assert client.post(reverse("account_reset_password"), {"email": member.user.email}).status_code == 302
    response = client.post(reverse("account_reset_password"), {"email": member.user.email})
    assert response.status_code == 429
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert "Too many attempts" in body and "Office of Retirement Services" in body and "Sign out" not in body
