"""A retiree's dashboard shows their pension — the monthly amount, the insurance deduction and the next pay date —
instead of the road to retirement (issue 15 item 2; applications.pension_paid)."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from insurance.models import InsuranceProfile
from tests.factories import ClaimedMemberFactory
from tests.insurance.factories import InsuranceProfileFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def retiree(db):
    return ClaimedMemberFactory(status="RETIRED", first_name="Ruth")


@pytest.fixture
def retiree_client(client, retiree, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(retiree.user)
    return client


def test_a_retiree_sees_their_monthly_pension_and_the_next_pay_date(retiree_client, retiree):
    InsuranceProfileFactory(member=retiree, monthly_pension=Decimal("3250.40"),
                            retirement_effective_date=datetime.date(2024, 7, 1))
    body = retiree_client.get(reverse("accounts:dashboard")).content.decode()
    assert "Your pension" in body
    assert "$3,250.40" in body
    assert "December 18, 2026" in body  # December's pay date (RULES §11a)
    assert "July 1, 2024" in body


def test_a_retiree_without_insurance_has_nothing_deducted_for_it(retiree_client, retiree):
    InsuranceProfileFactory(member=retiree, monthly_pension=Decimal("3250.40"))
    body = retiree_client.get(reverse("accounts:dashboard")).content.decode()
    assert "None: you have no insurance coverage with us today" in body
    assert "$3,250.40 a month, before any tax withheld" in body


def test_a_retiree_whose_award_is_not_recorded_is_told_so_not_shown_a_figure(retiree_client, retiree):
    body = retiree_client.get(reverse("accounts:dashboard")).content.decode()
    assert "Not yet on record: we will show it once your pension is awarded" in body
    assert "Tax withholding is not shown here yet" in body


def test_an_active_member_has_no_pension_card(member_client):
    assert "Your pension" not in member_client.get(reverse("accounts:dashboard")).content.decode()


def test_the_retirees_dashboard_shows_a_new_pension_amount_at_once(retiree_client, retiree,
                                                                   django_capture_on_commit_callbacks):
    profile = InsuranceProfileFactory(member=retiree, monthly_pension=Decimal("3250.40"))
    retiree_client.get(reverse("accounts:dashboard"))  # cached now
    profile.monthly_pension = Decimal("3311.00")
    with django_capture_on_commit_callbacks(execute=True):
        profile.save()
    assert "$3,311.00" in retiree_client.get(reverse("accounts:dashboard")).content.decode()


def test_the_retirees_dashboard_rendered_issues_its_pinned_queries(retiree_client, retiree,
                                                                    django_assert_num_queries):
    InsuranceProfile.objects.create(member=retiree, monthly_pension=Decimal("3250.40"))
    retiree_client.get(reverse("accounts:dashboard"))
    cache.clear()  # the body rendered, not served from the cache
    # The user with member and inbox, the address, the latest documents, the 3 record reads, the insurance profile,
    # the enrolments; the session is not written (its idle clock moves at most once a minute, issue 16 item 4).
    with django_assert_num_queries(9):
        retiree_client.get(reverse("accounts:dashboard"))
