"""The member's dashboard is served from a cache of its rendered body, keyed by the member, a version of what it
shows and the day (eligibility dates and scheduled addresses move with the date): its reads and the pension engine
run once a day or after a change, not on every visit (ARCHITECTURE budget: the dashboard serves at least half a bare
page's throughput).

Whatever changes what the dashboard shows calls ``member_changed`` — the signals in accounts.signals and
pensions.signals for every save and delete of the member, their address, documents, employer and pension records,
and the bulk loaders, which bypass signals, themselves. The new version is written when the transaction commits, so
a page rendered from the old data is cached under the old version and never shown again.
"""

import time
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "accounts:dashboard-version:{}"
CACHE_SECONDS = 6 * 60 * 60

# The versions this request has read, by member (None outside a request): a page asks for the version once per
# cached value (three to five times), and each ask was a round trip to Redis (issue 16). One version per request is
# also the more consistent answer: every value a page shows comes from the same version of the record.
_request_versions: ContextVar[dict | None] = ContextVar("records_versions", default=None)


def member_changed(*member_pks) -> None:
    stamp = time.time_ns()

    def publish():
        cache.set_many({VERSION_KEY.format(pk): stamp for pk in member_pks}, timeout=None)
        if (seen := _request_versions.get()) is not None:  # a change this request made is seen in the rest of it
            seen.update(dict.fromkeys(member_pks, stamp))

    transaction.on_commit(publish)


def records_version(member) -> int:
    """The member's records version: what is cached from their record is kept under it (pensions.member_record)."""
    seen = _request_versions.get()
    if seen is not None and member.pk in seen:
        return seen[member.pk]
    version = cache.get(VERSION_KEY.format(member.pk), 0)
    if seen is not None:
        seen[member.pk] = version
    return version


class RecordsVersionPerRequest:
    """Middleware: each request reads a member's records version from Redis once (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def cache_key(member, today) -> str:
    return f"{member.pk}:{records_version(member)}:{today.isoformat()}"
