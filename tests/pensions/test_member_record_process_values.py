"""The member's record values kept in the worker process (pensions.member_record.process_values): reused under the
same records version, never kept without one, computed anew once the version moves."""

import time

import pytest
from django.core.cache import cache

from accounts.dashboard_cache import VERSION_KEY
from pensions import member_record
from tests.factories import ClaimedMemberFactory
from tests.pensions.factories import biweekly_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    member = ClaimedMemberFactory()
    biweekly_history(member, years=2)
    return member


def _move_version(member):
    cache.set(VERSION_KEY.format(member.pk), time.time_ns(), timeout=None)


def test_the_engine_records_are_reused_in_the_process_under_the_same_version(member, django_assert_num_queries):
    _move_version(member)
    first = member_record.history(member)
    version = cache.get(VERSION_KEY.format(member.pk))
    cache.delete(f"pensions:record:{member.pk}:{version}:history:")  # gone from Redis: only the process has it
    with django_assert_num_queries(0):
        again = member_record.history(member)
    assert again is first


def test_without_a_version_nothing_is_kept_in_the_process(member):
    cache.delete(VERSION_KEY.format(member.pk))  # no version: as when Redis is unreachable (the default 0)
    first = member_record.history(member)
    assert member_record.history(member) is not first
    assert not member_record.process_values.values


def test_a_moved_version_reads_the_record_again(member, django_assert_num_queries):
    _move_version(member)
    periods, _ = member_record.history(member)
    _move_version(member)  # what member_changed does when the record changes
    with django_assert_num_queries(1):
        again, _ = member_record.history(member)
    assert again == periods and again is not periods
