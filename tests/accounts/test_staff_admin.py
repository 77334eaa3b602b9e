"""The staff workspace: masked SSNs, audited reveals, views and changes (SECURITY.md AC-10, CR-9)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, MailingAddress, OutboundEmail
from tests.factories import ClaimedMemberFactory, MailingAddressFactory, MemberFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def staff_in(group):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


@pytest.fixture
def reviewer_client(client):
    client.force_login(staff_in("Reviewer"))
    return client


@pytest.fixture
def supervisor_client(client):
    client.force_login(staff_in("Supervisor"))
    return client


@pytest.fixture
def record():
    return MemberFactory(ssn="987651111", first_name="Wanda")


def test_the_member_list_shows_only_the_last_four_of_the_ssn(reviewer_client, record):
    body = reviewer_client.get(reverse("admin:accounts_member_changelist")).content.decode()
    assert "•••-••-1111" in body and "987651111" not in body and "98765" not in body


def test_the_member_page_never_shows_the_full_ssn(reviewer_client, record):
    body = reviewer_client.get(reverse("admin:accounts_member_change", args=[record.pk])).content.decode()
    assert "•••-••-1111" in body and "987651111" not in body


def test_opening_a_member_record_is_audited(reviewer_client, record):
    reviewer_client.get(reverse("admin:accounts_member_change", args=[record.pk]))
    assert AuditEntry.objects.filter(member=record, action="accounts.member.record_viewed").count() == 1


def test_a_reviewer_cannot_reveal_the_full_ssn(reviewer_client, record):
    response = reviewer_client.post(reverse("admin:accounts_member_reveal_ssn", args=[record.pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="accounts.member.full_ssn_viewed").exists()


def test_a_supervisor_reveal_needs_a_confirmation_and_is_audited(supervisor_client, record):
    url = reverse("admin:accounts_member_reveal_ssn", args=[record.pk])
    assert "987-65-1111" not in supervisor_client.get(url).content.decode()  # the GET only asks
    assert not AuditEntry.objects.filter(action="accounts.member.full_ssn_viewed").exists()
    reason = "Verifying identity with the SSA, case 2026-0142"
    assert "987-65-1111" in supervisor_client.post(url, {"reason": reason}).content.decode()
    assert AuditEntry.objects.filter(member=record, action="accounts.member.full_ssn_viewed").count() == 1


def test_a_reveal_without_a_reason_shows_nothing_and_records_nothing(supervisor_client, record):
    url = reverse("admin:accounts_member_reveal_ssn", args=[record.pk])
    body = supervisor_client.post(url, {"reason": ""}).content.decode()
    assert "987-65-1111" not in body and "Give the reason you need the full number." in body
    assert not AuditEntry.objects.filter(action="accounts.member.full_ssn_viewed").exists()


def test_the_reveal_records_the_reason_given(supervisor_client, record):
    url = reverse("admin:accounts_member_reveal_ssn", args=[record.pk])
    supervisor_client.post(url, {"reason": "Verifying identity with the SSA, case 2026-0142"})
    entry = AuditEntry.objects.get(member=record, action="accounts.member.full_ssn_viewed")
    assert entry.data == {"reason": "Verifying identity with the SSA, case 2026-0142"}


def test_a_staff_change_to_a_member_is_audited_and_kept_in_history(reviewer_client, record):
    url = reverse("admin:accounts_member_change", args=[record.pk])
    form = {"member_id": record.member_id, "system": record.system, "first_name": "Wanda",
            "middle_name": "", "last_name": record.last_name, "suffix": "", "date_of_birth": "1965-04-12",
            "personal_email": "", "phone": "517-555-0100", "marital_status": "MARRIED", "status": "ACTIVE",
            "employer": record.employer_id, "benefit_structure": record.benefit_structure,
            "employment_type": record.employment_type, "hire_date": "1990-09-04",
            "healthcare_plan": record.healthcare_plan, "new_ssn": "",
            "addresses-TOTAL_FORMS": "0", "addresses-INITIAL_FORMS": "0"}
    response = reviewer_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="accounts.member.changed_by_staff")
    assert set(entry.data["fields"]) == {"phone", "marital_status"}
    assert record.history.count() == 2
    record.refresh_from_db()
    assert record.ssn == "987651111"  # a blank SSN field keeps the number


def test_the_ssn_correction_field_is_write_only(reviewer_client, record):
    body = reviewer_client.get(reverse("admin:accounts_member_change", args=[record.pk])).content.decode()
    assert 'name="new_ssn"' in body and 'value="987651111"' not in body


# ---------------------------------------------------------------------------------------------------------------
# Staff write a member's address through the member's own service (issue 12 item 9)
# ---------------------------------------------------------------------------------------------------------------

NEW_ADDRESS = {"line1": "12 Grand River Ave", "line2": "", "city": "Lansing", "state": "MI", "postal_code": "48933"}


def test_the_address_inline_is_read_only_with_a_link_to_the_change_page(reviewer_client, record):
    MailingAddressFactory(member=record)
    body = reviewer_client.get(reverse("admin:accounts_member_change", args=[record.pk])).content.decode()
    assert 'name="addresses-0-line1"' not in body and 'name="addresses-0-city"' not in body
    assert reverse("admin:accounts_member_change_address", args=[record.pk]) in body


def test_a_staff_address_change_is_audited_with_the_staff_member_and_the_member_is_told(
        reviewer_client, django_capture_on_commit_callbacks):
    member = ClaimedMemberFactory()
    url = reverse("admin:accounts_member_change_address", args=[member.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(url, {**NEW_ADDRESS, "effective_date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert MailingAddress.objects.get(member=member).line1 == "12 Grand River Ave"
    entry = AuditEntry.objects.get(action="accounts.member.address_changed", member=member)
    assert entry.actor.groups.filter(name="Reviewer").exists()
    assert OutboundEmail.objects.get().to == member.user.email


def test_a_refused_staff_address_change_records_nothing(reviewer_client, record):
    url = reverse("admin:accounts_member_change_address", args=[record.pk])
    response = reviewer_client.post(url, {**NEW_ADDRESS, "postal_code": "ABCDE",
                                          "effective_date": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert not MailingAddress.objects.filter(member=record).exists()
    assert not AuditEntry.objects.filter(action="accounts.member.address_changed").exists()


def test_staff_without_the_change_permission_cannot_change_an_address(client, record):
    viewer = StaffUserFactory()
    TOTP.activate(viewer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    viewer.user_permissions.add(Permission.objects.get(codename="view_member", content_type__app_label="accounts"))
    client.force_login(viewer)
    response = client.post(reverse("admin:accounts_member_change_address", args=[record.pk]),
                           {**NEW_ADDRESS, "effective_date": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert not MailingAddress.objects.filter(member=record).exists()


@pytest.mark.parametrize("client_fixture", ["reviewer_client", "supervisor_client"])
def test_a_malformed_member_address_goes_back_to_the_admin_not_to_an_error(request, client_fixture, record):
    # axe re-reads the admin's imported stylesheets relative to the member page: .../<id>/change/widgets.css/change/
    staff = request.getfixturevalue(client_fixture)
    response = staff.get(reverse("admin:accounts_member_change", args=[record.pk]) + "widgets.css/change/")
    assert response.status_code == 302 and response.url == reverse("admin:index")
