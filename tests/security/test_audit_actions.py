"""Every write of member data leaves its audit entry (SECURITY.md AC-10; issue 12 item 10): each service below is
driven as its caller drives it and must record its action, by name. Together with the tests beside each feature, every
action name the code writes is checked somewhere: the last test fails for a new action no test checks."""

import datetime
import re
from pathlib import Path

import pytest
from allauth.account.signals import password_reset
from django.test import RequestFactory

from accounts import services as account_services
from accounts.message_board import services as board
from accounts.models import AuditEntry, Member
from insurance import services as insurance_services
from insurance.models import InsuranceProfile
from pensions import services as pension_services
from tests.factories import MemberFactory, StaffUserFactory, start_message_thread
from tests.insurance.factories import LifeBeneficiaryFactory
from tests.pensions.factories import purchase_request, saved_estimate

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def claim_refused(member, staff):
    with pytest.raises(account_services.AccountError):
        account_services.start_claim(member_id=member.member_id, date_of_birth=datetime.date(1900, 1, 1),
                                     ssn_last4="0000", email="someone@example.org")


def claim_started(member, staff):
    unclaimed = MemberFactory()
    account_services.start_claim(member_id=unclaimed.member_id, date_of_birth=unclaimed.date_of_birth,
                                 ssn_last4=unclaimed.ssn_last4, email="new.claimant@example.org")
    return unclaimed


def member_created_by_staff(member, staff):
    template = MemberFactory()
    new = Member(**{field.name: getattr(template, field.name) for field in Member._meta.concrete_fields
                    if field.name not in ("id", "member_id", "user", "ssn_blind_index")},
                 member_id="20260001")
    new.ssn = "987650099"
    return account_services.save_member_by_staff(member=new, changed_fields=["member_id"], actor=staff)


def member_replied(member, staff):
    thread = start_message_thread(member)
    board.post_member_reply(member=member, thread=thread, body="One more thing.", actor=member.user)


def note_added(member, staff):
    board.add_internal_note(thread_id=start_message_thread(member).pk, body="Called the bank.", staff_user=staff)


def password_reset_by_link(member, staff):
    request = RequestFactory().post("/accounts/password/reset/key/done/")
    password_reset.send(sender=type(member.user), request=request, user=member.user)


def life_beneficiary_removed(member, staff):
    beneficiary = LifeBeneficiaryFactory(member=member)
    insurance_services.remove_life_beneficiary(member=member, beneficiary=beneficiary, actor=member.user)


def profile_created_by_staff(member, staff):
    insurance_services.save_profile_by_staff(profile=InsuranceProfile(member=member), changed_fields=[],
                                             actor=staff)


def profile_changed_by_staff(member, staff):
    profile = InsuranceProfile.objects.create(member=member)
    profile.years_of_service = 30
    insurance_services.save_profile_by_staff(profile=profile, changed_fields=["years_of_service"], actor=staff)


def estimate_renamed(member, staff):
    pension_services.rename_estimate(member=member, estimate=saved_estimate(member), name="Renamed", actor=member.user)


def estimate_deleted(member, staff):
    pension_services.delete_estimate(member=member, estimate=saved_estimate(member), actor=member.user)


def statement_requested_and_delivered(member, staff):
    purchase_request(member)


DRIVERS = {
    "accounts.claim.refused": claim_refused,
    "accounts.claim.started": claim_started,
    "accounts.member.created_by_staff": member_created_by_staff,
    "accounts.thread.member_replied": member_replied,
    "accounts.thread.note_added": note_added,
    "accounts.user.password_reset": password_reset_by_link,
    "insurance.life_beneficiary.removed": life_beneficiary_removed,
    "insurance.profile.created_by_staff": profile_created_by_staff,
    "insurance.profile.changed_by_staff": profile_changed_by_staff,
    "pensions.estimate.renamed": estimate_renamed,
    "pensions.estimate.deleted": estimate_deleted,
    "pensions.purchase.statement_requested": statement_requested_and_delivered,
    "pensions.purchase.statement_delivered": statement_requested_and_delivered,
}


@pytest.mark.parametrize("action", DRIVERS)
def test_the_service_records_its_audit_action(action, member):
    staff = StaffUserFactory()
    before = set(AuditEntry.objects.filter(action=action).values_list("pk", flat=True))
    DRIVERS[action](member, staff)
    assert AuditEntry.objects.filter(action=action).exclude(pk__in=before).count() == 1


def action_names_in_the_code():
    """Every audit action the code writes with a literal name (``action="app.model.verb"``)."""
    names = set()
    for app in ("accounts", "pensions", "insurance", "applications", "portal"):
        for path in (REPO / app).rglob("*.py"):
            names |= set(re.findall(r'action="([a-z_]+\.[a-z_]+\.[a-z_]+)"', path.read_text()))
            names |= {name for pair in re.findall(r'"([a-z_]+\.[a-z_]+\.[a-z_]+)" if .+? else "([a-z_]+\.[a-z_]+\.'
                                                   r'[a-z_]+)"', path.read_text()) for name in pair}
    return names


def test_the_code_writes_the_actions_this_file_drives():
    assert set(DRIVERS) <= action_names_in_the_code()


def test_every_action_the_code_writes_is_checked_by_a_test():
    tests = "".join(path.read_text() for path in (REPO / "tests").rglob("test_*.py") if path.name != Path(__file__).name)
    unchecked = sorted(name for name in action_names_in_the_code() if f'"{name}"' not in tests and name not in DRIVERS)
    assert unchecked == []
