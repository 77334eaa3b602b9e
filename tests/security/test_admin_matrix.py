"""Who opens which admin list, role by role (issue 12 item 10, like pretix's permission tests): anonymous visitors
and members never, Reviewers the member-facing work, Supervisors that and the audit trail, the users, the single-use
links and the overdue alerts; the authentication plumbing only a superuser. Every registered admin must be in this table, so a
new admin page is classified the day it is registered."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import TEST_PASSWORD, ClaimedMemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

BOTH = {
    "accounts.Document", "accounts.Member", "accounts.OutboundEmail", "message_board.Thread",
    "insurance.Carrier", "insurance.Dependent", "insurance.Enrolment", "insurance.InsuranceProfile",
    "insurance.LifeBeneficiary", "insurance.OtherCoverageVerification", "insurance.Plan", "insurance.PremiumRate",
    "insurance.Proof", "insurance.SubsidyRule", "applications.Application", "applications.ApplicationProof",
    "applications.Waiver",
    "pensions.BeneficiaryDesignation", "pensions.ContributionYear", "pensions.Employer", "pensions.EmployerReport",
    "pensions.PayPeriodReport", "pensions.PurchaseRequest", "pensions.Refund", "pensions.ServiceCreditEntry",
}
SUPERVISOR_ONLY = {"accounts.AuditEntry", "accounts.SingleUseLink", "accounts.User", "message_board.OverdueAlert"}
SUPERUSER_ONLY = {"account.EmailAddress", "auth.Group", "axes.AccessAttempt", "axes.AccessFailureLog",
                  "axes.AccessLog", "mfa.Authenticator", "usersessions.UserSession"}
EXPECTED = {"Reviewer": BOTH, "Supervisor": BOTH | SUPERVISOR_ONLY}
REGISTERED = sorted(model._meta.label for model in admin.site._registry)


def changelist(label):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model.lower()}_changelist")


def staff_in(group):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def test_every_registered_admin_is_in_the_table():
    assert set(REGISTERED) == BOTH | SUPERVISOR_ONLY | SUPERUSER_ONLY


@pytest.mark.parametrize("label", REGISTERED)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, label):
    response = client.get(changelist(label))
    assert response.status_code == 302 and reverse("admin:login") in response.url


@pytest.mark.parametrize("label", REGISTERED)
def test_a_member_never_opens_an_admin_list(client, label):
    client.force_login(ClaimedMemberFactory().user)
    response = client.get(changelist(label))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("group", sorted(EXPECTED))
@pytest.mark.parametrize("label", REGISTERED)
def test_staff_open_exactly_the_lists_of_their_role(client, group, label):
    client.force_login(staff_in(group))
    assert client.get(changelist(label)).status_code == (200 if label in EXPECTED[group] else 403)


# --- admin pages of one object beyond the model admins' own (issue 19) -----------------------------------------------
# name → the groups that open it; each is asked for with a recent sign-in (they re-authenticate first).
OBJECT_PAGES = {"admin:applications_application_reveal_account": {"Supervisor"}}


def object_page(name):
    from tests.applications.application_factories import submitted_application

    return reverse(name, args=[submitted_application().pk])


@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_an_anonymous_visitor_is_sent_to_sign_in_from_an_object_page(client, name):
    response = client.get(object_page(name))
    assert response.status_code == 302 and reverse("admin:login") in response.url


@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_a_member_never_opens_an_object_page(client, name):
    client.force_login(ClaimedMemberFactory().user)
    assert client.get(object_page(name)).status_code in (302, 403)


@pytest.mark.parametrize("group", sorted(EXPECTED))
@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_staff_open_exactly_the_object_pages_of_their_role(client, group, name):
    client.force_login(staff_in(group))
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert client.get(object_page(name)).status_code == (200 if group in OBJECT_PAGES[name] else 403)
