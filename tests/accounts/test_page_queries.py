"""Member pages issue a fixed number of queries whatever the size of the member's record (ARCHITECTURE.md budgets)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import DocumentFactory, MailingAddressFactory

pytestmark = pytest.mark.django_db

PAGES = ["accounts:dashboard", "accounts:profile", "accounts:documents", "accounts:change_address"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_the_page_costs_the_same_queries_with_a_long_history(member_client, member, page, django_assert_max_num_queries,
                                                            time_machine):
    time_machine.move_to(timezone.now(), tick=False)  # the idle clock moves once a minute: not during this test
    url = reverse(page)
    member_client.get(url)  # warm the session
    few = queries_for(member_client, url)
    for n in range(40):
        DocumentFactory(member=member)
        MailingAddressFactory(member=member, effective_date=f"{1980 + n}-01-01")
    with django_assert_max_num_queries(few):
        member_client.get(url)


# The user with their member, its employer and their inbox (accounts.auth), then the page's own reads; the session is
# not written (its idle clock moves at most once a minute: issue 16 item 4). The dashboard's body comes from the
# cache on the second visit (tests/pensions/test_page_queries.py counts it rendered).
EXPECTED_QUERIES = {"accounts:dashboard": 1, "accounts:profile": 3, "accounts:documents": 2, "accounts:change_address": 2}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_issues_its_pinned_number_of_queries(member_client, page, django_assert_num_queries):
    member_client.get(reverse(page))
    with django_assert_num_queries(EXPECTED_QUERIES[page]):
        member_client.get(reverse(page))
