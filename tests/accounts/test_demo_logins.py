"""A newcomer gets into the demo at once: the run command prints, beside each login, what the second step needs
(SECURITY.md AU-1; issue 13 item 5)."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.management.commands.seed_demo import DEMO_PASSWORD
from tests.signing_in import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    return re.findall(r"^  (\S+@\S+).*\n\s+authenticator secret (\w+)\s+recovery code (\S+)$", text, re.MULTILINE)


def signed_in_with_second_step(client, email, code):
    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_every_demo_login_is_printed_with_a_secret_and_a_recovery_code(printed):
    emails = [email for email, _secret, _code in printed]
    assert len(emails) >= 3 and "reviewer@demo.portal.example" in emails


def test_a_demo_member_signs_in_with_the_printed_authenticator_secret(client, printed):
    email, secret, _code = next(row for row in printed if "reviewer" not in row[0] and "supervisor" not in row[0])
    response = signed_in_with_second_step(client, email, totp_code(secret))
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_demo_login_signs_in_with_the_printed_recovery_code(client, printed):
    email, _secret, code = printed[0]
    response = signed_in_with_second_step(client, email, code)
    assert response.status_code == 302


def test_a_second_run_prints_the_same_secrets(printed):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert all(secret in out.getvalue() for _email, secret, _code in printed)
