"""The member's record read once per records version and kept in the cache (issue 16 items 2 and 3): the pages
take their totals, the engine's records, the FAC and the standing from here instead of reading and parsing the
whole history on every request.

Every change to what is read here moves the member's records version (accounts.dashboard_cache.member_changed: the
signals of pay periods, other credit, contribution years and the member, and the bulk loaders, which call it
themselves), so what is cached under a version is never stale. The version is read before the data, so data read
while a change commits is cached under the version it replaces and never shown again.

- :func:`summary`: the pay record by fiscal year (one grouped read serves the service credit page's table, the
  dashboard's totals and the purchase page's wages), the other credit and the contribution years: 3 queries.
- :func:`history`: every pay period as the engine takes it (pensions.facts.engine_records), cached compactly —
  dates as day numbers, amounts as text — since rebuilding the engine's records from that costs a fraction of
  reading the rows again: 1 query.
- :func:`fac`: the final average compensation of the record (the purchase quote), from the history.

Each worker process also keeps the values it last used, ready to use (the history as the engine's records, the
summary's model instances), in a small LRU under the same key: a page then neither fetches nor unpickles nor rebuilds
them (issue 16: rebuilding ~2,000 engine records and unpickling the summary were a third of the estimate page). The
key holds the records version read from Redis on every call, so another process's change is seen at once. A version
of 0 — none recorded, or Redis unreachable (the tolerant cache answers the default) — is never kept in the process:
the process could not tell that such a value went stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, Sum

from accounts.dashboard_cache import records_version
from pensions import facts
from pensions.engine.fac import PayHistory, final_average_compensation
from pensions.engine.plans import MPSERS_TRANSITION_DATE, fac_years_for
from pensions.models import ContributionYear, PayPeriodReport, ServiceCreditEntry

ZERO = Decimal(0)
CACHE_SECONDS = 24 * 60 * 60  # a new version makes an entry unreachable; the time only frees the memory
PROCESS_ENTRIES = 256  # values kept in each process: a 40-year history is ~0.4 MB, so at most ~50 MB a worker


class _ProcessValues:
    """The values this process used last, by key (least recently used dropped first); thread-safe."""

    def __init__(self, size: int):
        self.size, self.values, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.values.get(key)
            if value is not None:
                self.values.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.values[key] = value
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.values.clear()


process_values = _ProcessValues(PROCESS_ENTRIES)


def cached(member, name: str, compute, *, part: str = "", restore=None):
    """``compute()`` kept under the member's current records version (and ``part``, for values that also depend on
    something else, such as the month). ``restore`` turns what the shared cache stores into what callers use (kept
    ready in this process)."""
    version = records_version(member)
    key = f"pensions:record:{member.pk}:{version}:{name}:{part}"
    if version and (value := process_values.get(key)) is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    if restore is not None:
        value = restore(value)
    if version:
        process_values.put(key, value)
    return value


# --- the summary -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearTotals:
    fiscal_year: int
    periods: int
    hours_reported: Decimal  # regular, Plan A, furlough and banked-leave hours
    credited_hours: Decimal
    credited_hours_from_transition: Decimal  # in periods ending on or after MPSERS_TRANSITION_DATE
    gross_wages: Decimal
    overtime_wages: Decimal
    longevity_pay: Decimal
    leave_payouts: Decimal
    first_start: date
    last_end: date

    @property
    def wages(self) -> Decimal:
        """The year's pay that counts toward FAC (RULES §4): regular gross, overtime and longevity."""
        return self.gross_wages + self.overtime_wages + self.longevity_pay


@dataclass(frozen=True)
class RecordSummary:
    years: tuple[YearTotals, ...]  # oldest first
    entries: tuple[ServiceCreditEntry, ...]  # other service credit, in the order it was credited
    contributions: tuple[ContributionYear, ...]  # oldest first

    @property
    def periods(self) -> int:
        return sum(year.periods for year in self.years)

    @property
    def credited_hours(self) -> Decimal:
        return sum((year.credited_hours for year in self.years), ZERO)

    @property
    def first_period_start(self) -> date | None:
        return self.years[0].first_start if self.years else None

    @property
    def last_period_end(self) -> date | None:
        return max((year.last_end for year in self.years), default=None)


def summary(member) -> RecordSummary:
    return cached(member, "summary", lambda: _read_summary(member))


def _read_summary(member) -> RecordSummary:
    rows = (PayPeriodReport.objects.filter(member=member).values("fiscal_year")
            .annotate(periods=Count("id"),
                      hours=Sum(F("regular_hours") + F("plan_a_hours") + F("furlough_hours") + F("banked_leave_hours")),
                      credited=Sum("credited_hours"),
                      credited_from_transition=Sum("credited_hours",
                                                   filter=Q(period_end__gte=MPSERS_TRANSITION_DATE), default=ZERO),
                      gross=Sum("gross_wages"), overtime=Sum("overtime_wages"), longevity=Sum("longevity_pay"),
                      leave=Sum(F("annual_leave_payout") + F("sick_leave_payout")),
                      first=Min("period_start"), last=Max("period_end"))
            .order_by("fiscal_year"))
    years = tuple(YearTotals(row["fiscal_year"], row["periods"], row["hours"], row["credited"],
                             row["credited_from_transition"], row["gross"], row["overtime"], row["longevity"],
                             row["leave"], row["first"], row["last"]) for row in rows)
    entries = tuple(ServiceCreditEntry.objects.filter(member=member).order_by("credited_on", "id"))
    contributions = tuple(ContributionYear.objects.filter(member=member).order_by("fiscal_year"))
    return RecordSummary(years, entries, contributions)


# --- the engine's records --------------------------------------------------------------------------------------

def history(member):
    """(pay periods, pay records) in the engine's terms, oldest first (pensions.facts.engine_records)."""
    return cached(member, "history", lambda: _encoded(_read_rows(member)),
                  restore=lambda encoded: facts.engine_records(_decoded(encoded)))


def _read_rows(member) -> list[tuple]:
    return list(PayPeriodReport.objects.filter(member=member).order_by("period_end", "id")
                .annotate(**facts.RECORD_ROW_SUMS).values_list(*facts.RECORD_ROW))


def _encoded(rows) -> tuple:
    """Rows of facts.RECORD_ROW as plain values the cache stores and restores quickly: day numbers and text."""
    return tuple((start.toordinal(), end.toordinal(), cycle, *map(str, amounts))
                 for start, end, cycle, *amounts in rows)


def _decoded(encoded) -> list[tuple]:
    """The rows back from :func:`_encoded`; equal amounts share one Decimal (hours and zeros repeat)."""
    numbers: dict[str, Decimal] = {}

    def number(text):
        value = numbers.get(text)
        if value is None:
            value = numbers[text] = Decimal(text)
        return value

    day = date.fromordinal
    return [(day(start), day(end), cycle, *map(number, amounts)) for start, end, cycle, *amounts in encoded]


def fac(member) -> Decimal:
    """The FAC of the member's record (RULES §4: the highest consecutive years of their structure)."""
    def compute():
        _, pay = history(member)
        if not pay:
            return ZERO
        years = fac_years_for(facts.structure_of(member), facts.employment_type_of(member))
        return final_average_compensation(PayHistory.of(pay), years=years).fac

    return cached(member, "fac", compute)
