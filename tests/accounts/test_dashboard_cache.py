"""The dashboard's body is served from the cache (accounts.dashboard_cache) and shown anew as soon as anything it
shows changes: the member, their address, their documents, their employer, their pension record."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from accounts import services
from accounts.dashboard_cache import cache_key, member_changed
from accounts.models import Member
from tests.factories import DocumentFactory, EmployerFactory
from tests.pensions.factories import ContributionYearFactory, ServiceCreditEntryFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("accounts:dashboard")


def dashboard(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache(member_client, member, django_assert_num_queries):
    dashboard(member_client)
    with django_assert_num_queries(1):  # the user with member; no session write, none of the body's reads
        assert "Welcome, Alice" in dashboard(member_client)


def test_a_new_address_shows_at_once(member_client, member, django_capture_on_commit_callbacks):
    dashboard(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_address(member=member, actor=member.user, effective_date=datetime.date(2020, 1, 1),
                                line1="1 New Road", city="Okemos", state="MI", postal_code="48864")
    assert "1 New Road" in dashboard(member_client)


def test_a_new_document_shows_at_once(member_client, member, django_capture_on_commit_callbacks):
    dashboard(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory(member=member, title="Your annual statement")
    assert "Your annual statement" in dashboard(member_client)


def test_a_change_staff_make_to_the_member_shows_at_once(member_client, member, django_capture_on_commit_callbacks):
    assert "Active" in dashboard(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        member.status = Member.Status.DEFERRED
        member.save()
    assert "Deferred" in dashboard(member_client)


def test_an_employer_renamed_shows_on_its_members_dashboards(member_client, member,
                                                             django_capture_on_commit_callbacks):
    member.employer = EmployerFactory(name="Department of Treasury")
    member.save()
    assert "Department of Treasury" in dashboard(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        member.employer.name = "Department of Revenue"
        member.employer.save()
    assert "Department of Revenue" in dashboard(member_client)


def test_a_pension_record_added_shows_at_once(member_client, member, django_capture_on_commit_callbacks):
    dashboard(member_client)
    with django_capture_on_commit_callbacks(execute=True):
        ContributionYearFactory(member=member, fiscal_year=2025, member_contributions=Decimal("4321.09"))
        ServiceCreditEntryFactory(member=member)
    assert "$4,321.09" in dashboard(member_client)  # money as every page shows it (issue 15 item 3)


def test_a_change_that_rolls_back_keeps_the_version(member):
    before = cache_key(member, datetime.date(2026, 11, 23))
    with pytest.raises(RuntimeError), transaction.atomic():
        member_changed(member.pk)
        raise RuntimeError("rolled back")
    assert cache_key(member, datetime.date(2026, 11, 23)) == before


def test_the_version_moves_only_when_the_change_commits(member, django_capture_on_commit_callbacks):
    before = cache_key(member, datetime.date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        member_changed(member.pk)
        assert cache_key(member, datetime.date(2026, 11, 23)) == before  # not yet: a page rendered now is old
    assert cache_key(member, datetime.date(2026, 11, 23)) != before


def test_each_day_has_its_own_body(member):
    assert cache_key(member, datetime.date(2026, 11, 23)) != cache_key(member, datetime.date(2026, 11, 24))


def test_another_members_change_leaves_my_version(member, other_member, django_capture_on_commit_callbacks):
    before = cache_key(member, datetime.date(2026, 11, 23))
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory(member=other_member)
    assert cache_key(member, datetime.date(2026, 11, 23)) == before


def _counting_cache_gets(monkeypatch):
    from accounts import dashboard_cache

    keys = []
    real_get = dashboard_cache.cache.get

    def get(key, *args, **kwargs):
        keys.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(dashboard_cache.cache, "get", get)
    return keys


def test_a_request_reads_the_members_records_version_once(member_client, member, monkeypatch):
    from accounts.dashboard_cache import VERSION_KEY

    keys = _counting_cache_gets(monkeypatch)
    member_client.get(reverse("pensions:service_credit"))  # reads the version for its summary, standing, years, page
    assert keys.count(VERSION_KEY.format(member.pk)) == 1


def test_a_change_made_in_a_request_moves_the_version_the_rest_of_it_reads(member, rf,
                                                                          django_capture_on_commit_callbacks):
    from accounts.dashboard_cache import RecordsVersionPerRequest, records_version

    seen = []

    def view(request):
        seen.append(records_version(member))
        with django_capture_on_commit_callbacks(execute=True):
            member_changed(member.pk)
        seen.append(records_version(member))
        return None

    RecordsVersionPerRequest(view)(rf.get("/"))
    assert seen[1] != seen[0]


def test_outside_a_request_each_read_asks_the_cache(member, monkeypatch):
    from accounts.dashboard_cache import VERSION_KEY, records_version

    keys = _counting_cache_gets(monkeypatch)
    records_version(member)
    records_version(member)
    assert keys.count(VERSION_KEY.format(member.pk)) == 2
