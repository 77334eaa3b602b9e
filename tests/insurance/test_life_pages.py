"""Life insurance: 25% of the active coverage for retirees meeting regular age and service, $1,000 per dependent,
the 30-day conversion window, beneficiaries who may be anyone, a trust or the estate; none for deferred members
(RULES §10; [002] "Life insurance protection")."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry, Member
from insurance import selectors, services
from insurance.models import LifeBeneficiary
from tests.insurance.factories import ChildFactory, DependentFactory, InsuranceProfileFactory, LifeBeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


@pytest.fixture
def insured(member):
    member.status = Member.Status.RETIRED
    member.save(update_fields=["status"])
    InsuranceProfileFactory(member=member, active_life_coverage=Decimal("60000"), meets_regular_age_and_service=True,
                            active_dependent_life_coverage=Decimal("5000"),
                            retirement_effective_date=datetime.date(2026, 11, 1))
    return member


def test_a_retiree_sees_a_quarter_of_the_active_coverage_and_the_dependents_capped_amounts(member_client, insured):
    DependentFactory(member=insured, life_enrolled_while_active=True)
    ChildFactory(member=insured, birth_date=datetime.date(2000, 1, 1), life_enrolled_while_active=True,
                 dependent_for_support=True)  # 26: past the life limit of 23
    body = member_client.get(reverse("insurance:life")).content.decode()
    assert "$15,000.00" in body  # 25% of $60,000
    assert body.count("$1,000.00") == 2  # the cap in words and the spouse; the child is over 23
    assert "$49,000.00" in body  # convertible: the 75% ($45,000) and the spouse's $4,000 above the cap
    assert "December 1, 2026" in body  # 30 days after the retirement effective date


def test_a_deferred_member_has_no_group_life_insurance(member_client, member):
    member.status = Member.Status.DEFERRED
    member.save(update_fields=["status"])
    InsuranceProfileFactory(member=member, active_life_coverage=Decimal("60000"), meets_regular_age_and_service=True)
    summary = selectors.life_summary_for_member(member=member, on=datetime.date(2026, 11, 23))
    assert not summary.insurance.eligible
    # The retiree life-insurance pages are not part of a deferred member's portal (issue 15 item 2).
    assert member_client.get(reverse("insurance:life")).status_code == 404
    with pytest.raises(services.InsuranceError) as refused:
        services.add_life_beneficiary(member=member, actor=member.user, kind="PERSON", name="Pat", relationship="",
                                      share_percent=Decimal(100))
    assert refused.value.message == services.NO_LIFE_INSURANCE


def test_an_mpsers_member_is_told_life_insurance_is_a_sers_benefit(member_client, member):
    member.system, member.status = "MPSERS", Member.Status.RETIRED  # the retiree's page (portal.member_portal)
    member.save(update_fields=["system", "status"])
    body = member_client.get(reverse("insurance:life")).content.decode()
    assert escape(selectors.LIFE_SERS_ONLY) in body


@pytest.mark.parametrize(("kind", "name"), [("PERSON", "Casey Ellis"), ("TRUST", "The Ellis Family Trust"),
                                            ("ESTATE", "Estate of Alice Member")])
def test_a_beneficiary_may_be_anyone_a_trust_or_the_estate(member_client, insured, kind, name):
    response = member_client.post(reverse("insurance:life_beneficiary_add"),
                                  {"kind": kind, "name": name, "relationship": "", "share_percent": "100"})
    assert response.status_code == 302
    assert LifeBeneficiary.objects.get(member=insured).name == name
    assert AuditEntry.objects.filter(member=insured, action="insurance.life_beneficiary.added").exists()


def test_shares_cannot_pass_100_percent(member_client, insured):
    LifeBeneficiaryFactory(member=insured, share_percent=Decimal("70"))
    response = member_client.post(reverse("insurance:life_beneficiary_add"),
                                  {"kind": "PERSON", "name": "Dana", "relationship": "", "share_percent": "30.01"})
    assert response.status_code == 200
    assert services.SHARES_OVER_100.format(total="100.01") in response.content.decode()
    assert LifeBeneficiary.objects.filter(member=insured).count() == 1


def test_removing_a_beneficiary_needs_the_box_ticked(member_client, insured):
    beneficiary = LifeBeneficiaryFactory(member=insured)
    url = reverse("insurance:life_beneficiary_remove", args=[beneficiary.pk])
    assert "Tick the box to confirm" in member_client.post(url, {}).content.decode()
    assert LifeBeneficiary.objects.filter(pk=beneficiary.pk).exists()
    assert member_client.post(url, {"confirmed": "on"}).status_code == 302
    assert not LifeBeneficiary.objects.filter(pk=beneficiary.pk).exists()


def test_a_conversion_date_in_the_past_is_not_offered(member_client, insured):
    profile = insured.insurance_profile
    profile.retirement_effective_date = datetime.date(2025, 6, 1)
    profile.save(update_fields=["retirement_effective_date"])
    body = member_client.get(reverse("insurance:life")).content.decode()
    assert "You may convert the rest" not in body
    assert "The time to convert the rest to a private policy ended on July 1, 2025" in body
