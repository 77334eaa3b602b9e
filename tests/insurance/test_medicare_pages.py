"""Medicare as the member enters it: the consequences explained on the page, the number encrypted, shown masked and
never sent back or logged (SECURITY.md CR-1, CR-9)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry
from insurance import forms
from insurance.models import InsuranceProfile
from insurance.rules.medicare import MEDICARE_MESSAGES, MEDICARE_PLANS_ARE_ADVANTAGE, MedicareFinding
from tests.insurance.factories import DependentFactory

pytestmark = pytest.mark.django_db

NUMBER = "1EG4TE5MK73"


def post(client, url, **data):
    return client.post(url, {"enrolled": "AB", "medicare_number": "1EG4-TE5-MK73", "medicare_part_a": "2030-04-01",
                             "medicare_part_b": "2030-04-01", **data})


def test_the_page_explains_the_age_65_requirement_and_what_happens_without_part_b_or_with_part_d(member_client, member):
    body = member_client.get(reverse("insurance:medicare")).content.decode()
    for message in (MEDICARE_PLANS_ARE_ADVANTAGE, MEDICARE_MESSAGES[MedicareFinding.NO_PART_A],
                    MEDICARE_MESSAGES[MedicareFinding.NO_PART_B],
                    MEDICARE_MESSAGES[MedicareFinding.INDIVIDUAL_PART_D]):
        assert escape(message) in body
    # Born April 12, 1965 (the factory): Parts A and B by April 1, 2030; enrol by January 12, 2030.
    assert "April 1, 2030" in body and "January 12, 2030" in body


def test_the_number_is_stored_encrypted_shown_masked_and_never_sent_back(member_client, member):
    response = post(member_client, reverse("insurance:medicare"))
    assert response.status_code == 302
    profile = InsuranceProfile.objects.get(member=member)
    assert profile.medicare_number == NUMBER and profile.medicare_part_b == datetime.date(2030, 4, 1)
    body = member_client.get(reverse("insurance:medicare")).content.decode()
    assert "••••-•••-MK73" in body and NUMBER not in body and "1EG4" not in body
    overview = member_client.get(reverse("insurance:overview")).content.decode()
    assert "••••-•••-MK73" in overview and NUMBER not in overview
    entry = AuditEntry.objects.get(member=member, action="insurance.medicare.changed")
    assert "medicare_number" in entry.data["fields"] and NUMBER not in str(entry.data)


def test_leaving_the_number_empty_keeps_the_one_on_file(member_client, member):
    post(member_client, reverse("insurance:medicare"))
    response = post(member_client, reverse("insurance:medicare"), medicare_number="", medicare_part_b="2030-05-01")
    assert response.status_code == 302
    profile = InsuranceProfile.objects.get(member=member)
    assert profile.medicare_number == NUMBER and profile.medicare_part_b == datetime.date(2030, 5, 1)


@pytest.mark.parametrize(("data", "message"), [
    ({"medicare_number": "1BG4TE5MK73"}, forms.MBI_INVALID),  # B is never used in a Medicare number
    ({"medicare_number": "123-45-6789"}, forms.MBI_INVALID),
    ({"medicare_part_b": ""}, forms.PART_DATE_NEEDED.format(part="B")),
    ({"enrolled": "A"}, forms.PART_B_WITHOUT),
    ({"medicare_number": ""}, forms.MEDICARE_NUMBER_NEEDED),
    ({"medicare_part_a": "1960-01-01"}, forms.PART_DATE_TOO_EARLY),
])
def test_wrong_medicare_details_are_refused_with_a_message(member_client, member, data, message):
    response = post(member_client, reverse("insurance:medicare"), **data)
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert not InsuranceProfile.objects.exists()


def test_not_enrolled_clears_medicare(member_client, member):
    post(member_client, reverse("insurance:medicare"))
    member_client.post(reverse("insurance:medicare"), {"enrolled": "NONE"})
    profile = InsuranceProfile.objects.get(member=member)
    assert profile.medicare_number == "" and profile.medicare_part_a is None and not profile.has_medicare


def test_a_dependent_past_65_without_part_b_is_told_what_happens(member_client, member):
    spouse = DependentFactory(member=member, birth_date=datetime.date(1955, 6, 1))
    url = reverse("insurance:dependent_medicare", args=[spouse.pk])
    post(member_client, url, enrolled="A", medicare_part_b="", medicare_part_a="2020-06-01")
    spouse.refresh_from_db()
    assert spouse.medicare_part_a == datetime.date(2020, 6, 1) and spouse.medicare_part_b is None
    body = member_client.get(reverse("insurance:dependent", args=[spouse.pk])).content.decode()
    assert 'class="alert alert-warning">' + escape(MEDICARE_MESSAGES[MedicareFinding.NO_PART_B]) in body


def test_an_individual_part_d_plan_is_flagged_where_it_is_entered(member_client, member):
    post(member_client, reverse("insurance:medicare"), individual_part_d="on")
    body = member_client.get(reverse("insurance:medicare")).content.decode()
    assert 'class="alert alert-warning">' + escape(
        MEDICARE_MESSAGES[MedicareFinding.INDIVIDUAL_PART_D]) in body
