"""The staff lists of big tables (portal.admin_mixins.LargeTableMixin): a member search first, no full count."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.audit import audit
from tests.factories import MemberFactory, StaffUserFactory
from tests.pensions.factories import biweekly_history

pytestmark = pytest.mark.django_db

PAY_PERIODS = reverse("admin:pensions_payperiodreport_changelist")


@pytest.fixture
def reviewer_client(client):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Reviewer"))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    return client


@pytest.fixture
def two_members():
    members = [MemberFactory(member_id="30000001", last_name="Okafor"),
               MemberFactory(member_id="30000002", last_name="Lindqvist")]
    for member in members:
        biweekly_history(member, years=1, last_end=datetime.date(2024, 9, 28))
    return members


def test_the_pay_period_list_asks_for_a_member_search_and_reads_no_period(reviewer_client, two_members):
    with CaptureQueriesContext(connection) as queries:
        response = reviewer_client.get(PAY_PERIODS)
    assert "Search for a member by member ID or last name to list their pay periods." in response.content.decode()
    assert response.context["cl"].result_count == 0
    assert not [q for q in queries if "pensions_payperiodreport" in q["sql"]]


def test_a_member_id_search_lists_that_members_pay_periods(reviewer_client, two_members):
    response = reviewer_client.get(PAY_PERIODS + "?q=30000002")
    listed = {period.member.member_id for period in response.context["cl"].result_list}
    assert listed == {"30000002"} and response.context["cl"].result_count == 26


def test_a_last_name_search_lists_that_members_pay_periods(reviewer_client, two_members):
    response = reviewer_client.get(PAY_PERIODS + "?q=Okafor")
    assert {period.member.last_name for period in response.context["cl"].result_list} == {"Okafor"}


def test_the_pay_period_list_has_no_date_hierarchy_and_no_full_count(reviewer_client, two_members):
    response = reviewer_client.get(PAY_PERIODS + "?q=30000001")
    assert response.context["cl"].date_hierarchy is None
    assert response.context["cl"].full_result_count is None


def test_the_audit_list_narrows_by_area(superuser_client):
    audit(actor=None, action="pensions.payperiod.loaded")
    audit(actor=None, action="accounts.user.signed_in")
    response = superuser_client.get(reverse("admin:accounts_auditentry_changelist") + "?area=pensions")
    assert [entry.action for entry in response.context["cl"].result_list] == ["pensions.payperiod.loaded"]


def test_the_audit_list_finds_a_staff_members_entries_by_email(superuser_client):
    staff = StaffUserFactory(email="kim.reviewer@ors.example")
    audit(actor=staff, action="accounts.member.record_viewed")
    audit(actor=None, action="accounts.member.record_viewed")
    response = superuser_client.get(reverse("admin:accounts_auditentry_changelist") + "?q=Kim.Reviewer@ors.example")
    assert [entry.actor for entry in response.context["cl"].result_list] == [staff]
