"""The dashboard's records section: YOS to four decimals, vesting, each provision's date, contributions, next
steps — every figure from the engine."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from pensions.engine import eligibility
from tests.pensions.factories import ContributionYearFactory, ServiceCreditEntryFactory, biweekly_history

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.timezone.utc))
def test_the_dashboard_shows_yos_to_four_decimals_vesting_and_eligibility_dates(member_client, member):
    biweekly_history(member, years=12, hours=Decimal("77"))
    ServiceCreditEntryFactory(member=member, years=Decimal("1.5000"))
    response = member_client.get(reverse("accounts:dashboard"))
    records = response.context["records"]
    outlook = records.standing.outlook
    body = response.content.decode()
    assert outlook.credited_yos.as_tuple().exponent == -4
    assert f"{outlook.credited_yos} years" in body
    assert outlook.vested and "you are vested" in body
    full = next(row for row in records.standing.provisions if row.code == eligibility.Provision.FULL_60_10.value)
    assert full.eligible_now and full.eligible_from == datetime.date(2026, 12, 1)  # 61, 13.5 years: the next RED
    assert "Now (December 1, 2026)" in body
    assert "Full pension at age 60 with 10 years" in body


def test_the_latest_contributions_are_shown_newest_first(member_client, member):
    for year in (2022, 2023, 2024, 2025):
        ContributionYearFactory(member=member, fiscal_year=year, member_contributions=Decimal(f"{year}.00"))
    response = member_client.get(reverse("accounts:dashboard"))
    assert [row.fiscal_year for row in response.context["records"].contributions] == [2025, 2024, 2023]
    assert "$2,025.00" in response.content.decode()  # thousands separated (issue 15 item 3)


def test_a_member_short_of_vesting_sees_how_far_they_are(member_client, member):
    biweekly_history(member, years=4)
    body = member_client.get(reverse("accounts:dashboard")).content.decode()
    assert "Vesting: 4.0000 of 10 years — 6.0000 years to go" in body
    assert '<progress class="w-100" max="10" value="4.0000"' in body


def test_the_next_steps_lead_to_the_record_pages(member_client, member):
    biweekly_history(member, years=2)
    body = member_client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("pensions:service_credit") in body and reverse("pensions:beneficiaries") in body


def test_a_dc_member_has_no_pension_service_section(member_client, member):
    member.benefit_structure = "DC"
    member.save()
    response = member_client.get(reverse("accounts:dashboard"))
    assert response.context["records"].standing.outlook is None
    assert "As a defined contribution member" in response.content.decode()
