"""The member answers the yearly verification of other coverage (RULES §10; [002] step 3)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from insurance import services
from insurance.models import OtherCoverageVerification
from tests.insurance.factories import enrol_at_retirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(member):
    enrol_at_retirement(member, retirement_effective_date=datetime.date(2025, 11, 1),
                        received=datetime.date(2025, 9, 1))
    services.run_other_coverage_verification(today=datetime.date(2026, 11, 1))
    return OtherCoverageVerification.objects.get(member=member)


def test_the_overview_asks_for_the_answer_with_its_deadline(member_client, asked):
    body = member_client.get(reverse("insurance:overview")).content.decode()
    assert "Answer by\n    <strong>December 1, 2026</strong>" in body


def test_other_coverage_needs_its_details(member_client, asked):
    response = member_client.post(reverse("insurance:verification"), {"has_other_coverage": "yes", "details": ""})
    assert response.status_code == 200 and "Tell us the other insurance" in response.content.decode()
    asked.refresh_from_db()
    assert asked.outcome == OtherCoverageVerification.Outcome.PENDING


def test_an_answer_is_recorded_and_audited(member_client, member, asked):
    response = member_client.post(reverse("insurance:verification"),
                                  {"has_other_coverage": "yes", "details": "Spouse's employer plan, both of us"})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.outcome == OtherCoverageVerification.Outcome.ANSWERED and asked.has_other_coverage
    assert asked.other_coverage_details == "Spouse's employer plan, both of us"
    assert AuditEntry.objects.filter(member=member, action="insurance.verification.answered").exists()


def test_with_nothing_to_answer_the_page_says_so(member_client, member):
    assert "no verification waiting" in member_client.get(reverse("insurance:verification")).content.decode()
    response = member_client.post(reverse("insurance:verification"), {"has_other_coverage": "no"})
    assert services.NO_PENDING_VERIFICATION in response.content.decode()
