"""Redis down degrades the portal instead of failing it (SECURITY.md LG-7; issue 13 item 2).

The cache points at a port where nothing listens, as when the Redis server has stopped.
"""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.message_board.models import Thread
from portal.cache import TolerantRedisCache
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:6399/0"  # the fault scripts' range; nothing listens there during the tests


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "portal.cache.TolerantRedisCache", "LOCATION": DEAD_REDIS,
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    return cache  # Django rebuilds its caches when CACHES changes; the settings fixture restores it afterwards


@pytest.fixture
def dead_cache():
    return TolerantRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}})


def test_a_read_from_a_dead_redis_is_a_miss_with_a_warning(dead_cache, caplog, monkeypatch):
    monkeypatch.setattr("portal.cache._last_warning", 0.0)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert dead_cache.get("anything", "fallback") == "fallback"
    assert "cache unavailable" in caplog.text


def test_writes_to_a_dead_redis_are_dropped_and_add_lets_the_caller_go_on(dead_cache):
    dead_cache.set("k", "v")
    dead_cache.set_many({"a": 1})
    dead_cache.delete("k")
    assert dead_cache.add("lock", True) is True
    assert dead_cache.get_many(["a"]) == {}
    assert dead_cache.incr("counter") == 1


def test_the_warning_is_not_repeated_for_every_call(dead_cache, caplog, monkeypatch):
    monkeypatch.setattr("portal.cache._last_warning", 0.0)
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        for _ in range(5):
            dead_cache.get("anything")
    assert caplog.text.count("cache unavailable") == 1


def test_with_redis_down_a_member_signs_in_sees_the_dashboard_and_sends_a_message(client, member, redis_down):
    response = sign_in(client, member.user)
    assert response.status_code == 302 and response.url == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    response = client.post(reverse("message_board:message_new"),
                           {"topic": "DIRECT_DEPOSIT", "body": "Has my new bank account been set up?"})
    assert response.status_code == 302
    assert Thread.objects.filter(member=member).count() == 1


def test_with_redis_down_the_session_is_still_read_from_the_database(client, member, redis_down):
    sign_in(client, member.user)
    for _ in range(3):
        assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_health_check_reports_redis_down_as_degraded_not_down(client, redis_down):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_the_health_check_reports_ok_when_everything_answers(client, settings):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json()["status"] == "ok"
