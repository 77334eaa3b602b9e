"""SECURITY.md AU-13: `check_no_default_accounts` fails a deployment with default or demo logins, or a superuser
without a second factor, and passes a production-like one."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ClaimedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def run():
    err = io.StringIO()
    try:
        call_command("check_no_default_accounts", stderr=err)
    except CommandError as error:
        return error.returncode, err.getvalue()
    return 0, err.getvalue()


def superuser(email, *, totp):
    user = StaffUserFactory(email=email, is_superuser=True)
    if totp:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def test_a_production_like_database_passes():
    ClaimedMemberFactory()
    superuser("it.lead@ors.example", totp=True)
    assert run() == (0, "")


@pytest.mark.parametrize("email", ["admin@ors.example", "root@ors.example", "Test@ors.example"])
def test_a_default_account_fails(email):
    StaffUserFactory(email=email)
    code, output = run()
    assert code == 1
    assert f"default account: {email.lower()}" in output.lower()


def test_a_superuser_without_a_second_factor_fails():
    superuser("it.lead@ors.example", totp=False)
    code, output = run()
    assert code == 1
    assert "superuser without two-step verification: it.lead@ors.example" in output


def test_the_demo_population_fails():
    call_command("seed_demo", stdout=io.StringIO())
    code, output = run()
    assert code == 1
    assert "demo accounts:" in output
