"""Staff reach the admin only through allauth's sign-in and two-step verification (SECURITY.md AU-1, AU-2).

Every page visited passes check_page: axe-core at WCAG 2.1 A/AA, no CSP violation (CF-3, admin included), no
console error, and a visible way to sign out once signed in (SS-10).
"""

import datetime
import importlib
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, submit, totp_code
from tests.factories import TEST_PASSWORD, MemberFactory, StaffUserFactory

pytestmark = pytest.mark.e2e

SSN = "987650418"
MASKED_SSN = "•••-••-0418"


def reviewer_group():
    """The Reviewer group as migration 0002 creates it.

    Browser tests run on a transactional database, which is flushed after each test, and the flush takes data
    migrations with it; so the group is rebuilt here from the migration's own permission list.
    """
    migration = importlib.import_module("accounts.migrations.0002_staff_groups")
    group, _ = Group.objects.get_or_create(name="Reviewer")
    group.permissions.set([Permission.objects.get(content_type__app_label=app, codename=code)
                           for app, code in migration.REVIEWER])
    return group


@pytest.fixture
def reviewer(transactional_db):
    user = StaffUserFactory(email="rev.iewer@ors.example", first_name="Robin", last_name="Reviewer")
    user.groups.add(reviewer_group())
    return user


@pytest.fixture
def record(transactional_db):
    return MemberFactory(member_id="20240418", first_name="Morgan", last_name="Ellis", ssn=SSN,
                         date_of_birth=datetime.date(1970, 7, 1))


def sign_in(page, user):
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Sign In")


def assert_ssn_masked(page):
    expect(page.get_by_text(MASKED_SSN).first).to_be_visible()
    assert SSN not in page.content() and "987-65-0418" not in page.content()


def test_a_reviewer_without_two_step_verification_sets_it_up_before_the_admin_opens(page, reviewer, record):
    # The admin's door is allauth's sign-in page.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    check_page(page, signed_in=False)

    # Signed in, but nothing opens before two-step verification is set up: the set-up page offers a passkey or an
    # authenticator app (SECURITY.md AU-1). The password just typed is not asked for again (issue 15 item 8): setting
    # up the first second factor right after signing in counts the sign-in as recent (accounts.adapters).
    sign_in(page, reviewer)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/set-up/$"))
    check_page(page, signed_in=True)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/set-up/$"))
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Activate Authenticator App"))
    check_page(page, signed_in=True)

    # The authenticator app reads the secret shown on the page; its current code activates it.
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    submit(page, "Activate")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    # The recovery codes are on the screen, not only in the download (issue 15 item 8).
    codes = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    box = page.get_by_label("Unused codes")
    expect(box).to_be_visible()
    expect(box).to_have_value("\n".join(codes))
    check_page(page, signed_in=True)
    assert Authenticator.objects.filter(user=reviewer, type=Authenticator.Type.TOTP).exists()

    # Now the admin opens: index, the members, one member with the SSN masked.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Members", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/accounts/member/$"))
    assert_ssn_masked(page)
    check_page(page, signed_in=True)

    page.get_by_role("link", name="20240418").click()
    expect(page).to_have_url(re.compile(rf"/admin/accounts/member/{record.pk}/change/$"))
    assert_ssn_masked(page)
    check_page(page, signed_in=True)


def test_a_reviewer_with_an_authenticator_enters_the_code_then_reaches_the_admin(page, reviewer):
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)

    page.goto("/admin/")
    sign_in(page, reviewer)

    # The password alone does not sign in: the code is asked for.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    check_page(page, signed_in=False)

    page.get_by_label("Code").fill(totp_code(secret))
    submit(page, "Sign In")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")
    check_page(page, signed_in=True)
