"""A Redis cache that degrades instead of failing when Redis is down (SECURITY.md LG-7).

Everything the portal keeps in the cache can be lost: sessions live in the database with the cache only in front
(``cached_db``), dashboard fragments are recomputed, and rate-limit counters start again. So while Redis is
unreachable a read answers as a miss, a write is dropped, and one WARNING says so (at most every
``WARN_EVERY_SECONDS`` per process, not once per call). When Redis returns, redis-py's pool reconnects on the next
call: nothing needs a restart.

What fails open, on purpose: allauth's rate limits (its counters read as empty, its lock as taken) and the TOTP
"code already used" marker. Sign-in stays protected by django-axes' lockout, which counts failures in the
database, not the cache.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")
WARN_EVERY_SECONDS = 10
_last_warning = 0.0


def _warn(operation, error):
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        logger.warning("cache unavailable, degrading: %s failed (%s: %s)", operation, type(error).__name__, error)


def _tolerant(operation, fallback):
    """Call RedisCache's ``operation``; on a Redis error, warn and return ``fallback(*args, **kwargs)``."""

    def method(self, *args, **kwargs):
        try:
            return getattr(super(TolerantRedisCache, self), operation)(*args, **kwargs)
        except RedisError as error:
            _warn(operation, error)
            return fallback(*args, **kwargs)

    method.__name__ = operation
    return method


def _default(key, default=None, *args, **kwargs):
    return default


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one redis-py client per connection pool instead of building one for
    every cache call: building a ``redis.Redis`` fills its table of response callbacks, ~0.1 ms, and a member page
    makes ten cache calls (issue 16). A redis-py client holds no connection of its own (its pool does, and the pool
    reopens them in a forked worker), so one client is safe to share between threads."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache that accepts every write while Redis is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _tolerant("get", _default)
    get_many = _tolerant("get_many", lambda keys, *args, **kwargs: {})
    has_key = _tolerant("has_key", lambda *args, **kwargs: False)
    set = _tolerant("set", lambda *args, **kwargs: None)
    # "Added" (True): callers that add to take a lock or mark a one-time use go on, as with an empty cache.
    add = _tolerant("add", lambda *args, **kwargs: True)
    touch = _tolerant("touch", lambda *args, **kwargs: False)
    set_many = _tolerant("set_many", lambda *args, **kwargs: [])
    delete = _tolerant("delete", lambda *args, **kwargs: False)
    delete_many = _tolerant("delete_many", lambda *args, **kwargs: None)
    clear = _tolerant("clear", lambda *args, **kwargs: False)
    # A counter that cannot be read counts from zero: the first step of a limit, never a refusal.
    incr = _tolerant("incr", lambda key, delta=1, *args, **kwargs: delta)
    decr = _tolerant("decr", lambda key, delta=1, *args, **kwargs: -delta)

    def ping(self):
        """True when Redis answers now (the health check)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False
