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

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "accounts:dashboard-version:{}"
CACHE_SECONDS = 6 * 60 * 60


def member_changed(*member_pks) -> None:
    stamp = time.time_ns()
    transaction.on_commit(lambda: cache.set_many({VERSION_KEY.format(pk): stamp for pk in member_pks}, timeout=None))


def records_version(member) -> int:
    """The member's records version: what is cached from their record is kept under it (pensions.member_record)."""
    return cache.get(VERSION_KEY.format(member.pk), 0)


def cache_key(member, today) -> str:
    return f"{member.pk}:{records_version(member)}:{today.isoformat()}"
