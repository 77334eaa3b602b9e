"""The record pages issue the same number of queries for 2 years and for 40 years of biweekly pay records
(ARCHITECTURE "Budgets"), pinned."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClaimedMemberFactory
from tests.pensions.factories import (
    ContributionYearFactory,
    ServiceCreditEntryFactory,
    biweekly_history,
    name_refund_beneficiaries,
    name_survivor,
    saved_estimate,
)

pytestmark = pytest.mark.django_db

# The user with their member, its employer and their inbox (accounts.auth), then the page's own reads; the session is
# not written (its idle clock moves at most once a minute, issue 16 item 4: the tests stop the clock). The dashboard's
# body is cached (accounts.dashboard_cache): 1 with it cached, 7 when it is rendered (the address, the latest
# documents, the retirement application's card and the 3 reads of the record's summary, pensions.member_record). The
# service credit page takes the record's summary and standing from the cache (pensions.member_record) and reads the
# refunds: 2; 5 with nothing cached (the summary's 3 reads, one grouped read now also giving the totals that were a
# read of their own). The estimates page reads the saved estimates and the survivor beneficiary's birth date its
# form starts from (issue 15 item 4).
PINNED = {"accounts:dashboard": 1, "pensions:service_credit": 2, "pensions:service_credit_csv": 2,
          "pensions:other_credit_csv": 2,
          "pensions:beneficiaries": 3, "pensions:estimates": 3, "pensions:estimates_compare": 2,
          "pensions:survivor_beneficiary": 3, "pensions:refund_beneficiaries": 3}


def member_with_history(years):
    member = ClaimedMemberFactory()
    biweekly_history(member, years=years)
    for year in range(3):
        ContributionYearFactory(member=member, fiscal_year=2020 + year)
    ServiceCreditEntryFactory(member=member)
    name_survivor(member)
    name_survivor(member, name="A later choice")
    name_refund_beneficiaries(member)
    saved_estimate(member, name="First")
    saved_estimate(member, name="Second")
    return member


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)


@pytest.mark.parametrize("page", sorted(PINNED))
@pytest.mark.parametrize("years", [2, 40])
def test_the_page_issues_its_pinned_queries_whatever_the_history(client, page, years, django_assert_num_queries,
                                                                time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    member = member_with_history(years)
    client.force_login(member.user)
    url = reverse(page)
    fetch(client, url)  # warm the session
    with django_assert_num_queries(PINNED[page]):
        fetch(client, url)


@pytest.mark.parametrize("years", [2, 40])
def test_the_dashboard_renders_its_body_in_six_queries(client, years, django_assert_num_queries, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    member = member_with_history(years)
    client.force_login(member.user)
    fetch(client, reverse("accounts:dashboard"))
    cache.clear()  # the cached body is gone: rendered again
    fetch(client, reverse("accounts:profile"))  # the session back in the cache
    with django_assert_num_queries(PINNED["accounts:dashboard"] + 6):
        fetch(client, reverse("accounts:dashboard"))


@pytest.mark.parametrize("page", sorted(PINNED))
def test_forty_years_cost_no_more_queries_than_two(client, page, django_assert_max_num_queries, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    short, long = member_with_history(2), member_with_history(40)
    counts = []
    for member in (short, long):
        client.force_login(member.user)
        fetch(client, reverse(page))
        with CaptureQueriesContext(connection) as captured:
            fetch(client, reverse(page))
        counts.append(len(captured))
    with django_assert_max_num_queries(counts[0]):
        fetch(client, reverse(page))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("years", [2, 40])
def test_the_service_credit_page_reads_the_record_in_four_queries_when_nothing_is_cached(
        client, years, django_assert_num_queries, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    member = member_with_history(years)
    client.force_login(member.user)
    fetch(client, reverse("pensions:service_credit"))
    cache.clear()  # the record's summary and standing are gone: read again
    fetch(client, reverse("accounts:profile"))  # the session back in the cache
    with django_assert_num_queries(PINNED["pensions:service_credit"] + 3):
        fetch(client, reverse("pensions:service_credit"))
