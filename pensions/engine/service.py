"""Service credit from pay periods (RULES §2).

SERS [002][004]: one year of service (YOS) = 2,080 regular hours; at most 80 hours count in any pay period and
at most one YOS in a state fiscal year (October–September). Voluntary Plan A reduced hours, mandatory furlough
hours and banked-leave hours earn full credit; overtime never counts.

MPSERS [003]: one YOS = 1,020 hours in a school fiscal year (July–June), at most one YOS a year, and a per-period
cap that depends on the payroll cycle (weekly 30 h … annually 1,020 h).

A pay period counts in the fiscal year in which it ends (ARCHITECTURE, estimate contract). Periods are credited
in the order they end, so the fiscal-year cap falls on the latest hours of the year; that order also decides
which service lies before and after a split date (2013-02-01, a DC switch). Everything is kept in hours until
the end; the caller rounds the total once, to four decimals.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from operator import attrgetter

from .dates import add_months, days_in_month
from .plans import System


class PayCycle(enum.Enum):
    WEEKLY = "WEEKLY"
    BIWEEKLY = "BIWEEKLY"
    SEMIMONTHLY = "SEMIMONTHLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    ANNUALLY = "ANNUALLY"


@dataclass(frozen=True, slots=True)
class ServiceRules:
    hours_per_year: Decimal
    fiscal_year_first_month: int
    period_caps: dict[PayCycle, Decimal]


# RULES §2 SERS: 2,080 hours a YOS, at most 80 hours in any pay period, state FY from October [002][004].
SERS_MAX_HOURS_PER_PERIOD = Decimal(80)
SERS_RULES = ServiceRules(
    hours_per_year=Decimal(2080),
    fiscal_year_first_month=10,
    period_caps={cycle: SERS_MAX_HOURS_PER_PERIOD for cycle in PayCycle},
)

# RULES §2 MPSERS: 1,020 hours a YOS in a school FY from July; per-period caps of the
# "full-time service maximum" table [003] section IV.
MPSERS_RULES = ServiceRules(
    hours_per_year=Decimal(1020),
    fiscal_year_first_month=7,
    period_caps={
        PayCycle.WEEKLY: Decimal(30),
        PayCycle.BIWEEKLY: Decimal(60),
        PayCycle.SEMIMONTHLY: Decimal(72),
        PayCycle.MONTHLY: Decimal(138),
        PayCycle.QUARTERLY: Decimal(396),
        PayCycle.ANNUALLY: Decimal(1020),
    },
)

RULES_BY_SYSTEM = {System.SERS: SERS_RULES, System.MPSERS: MPSERS_RULES}


@dataclass(frozen=True, slots=True)
class PayPeriod:
    start: date
    end: date
    cycle: PayCycle
    hours: Decimal  # regular (non-overtime) hours worked or paid leave used
    full_credit_hours: Decimal = Decimal(0)  # SERS Plan A reduced, furlough and banked-leave hours [002]


@dataclass(slots=True)
class ServiceCredit:
    """Service earned from pay periods, in years at full precision."""

    yos: Decimal
    yos_on_or_after_split: Decimal = Decimal(0)
    threshold_reached_on: date | None = None
    hours_by_fiscal_year: dict[int, Decimal] = field(default_factory=dict)
    months_worked: frozenset[date] = frozenset()
    last_period_end: date | None = None


_END = attrgetter("end")
_HOURS = attrgetter("hours")
_EXTRA = attrgetter("full_credit_hours")
_CYCLE = attrgetter("cycle")


@dataclass(frozen=True, slots=True)
class ServiceHistory:
    """Pay periods prepared once: sorted by end date, held as columns (ends, hours with full-credit hours)."""

    periods: tuple[PayPeriod, ...]
    ends: tuple[date, ...]
    hours: tuple[Decimal, ...]
    cycles: tuple[PayCycle, ...]
    single_cycle: PayCycle | None
    hours_before: tuple[Decimal, ...]  # running totals of hours (before any cap)
    max_hours: Decimal

    @classmethod
    def of(cls, periods) -> "ServiceHistory":
        ordered = sorted(periods, key=_END)
        hours = list(map(_HOURS, ordered))
        extras = list(map(_EXTRA, ordered))
        if any(extras):
            hours = [h + e for h, e in zip(hours, extras)]
        cycles = tuple(map(_CYCLE, ordered))
        single = cycles[0] if cycles and cycles.count(cycles[0]) == len(cycles) else None
        return cls(
            tuple(ordered),
            tuple(map(_END, ordered)),
            tuple(hours),
            cycles,
            single,
            tuple(accumulate(hours, initial=Decimal(0))),
            max(hours, default=Decimal(0)),
        )

    def extended(self, later: tuple[PayPeriod, ...]) -> "ServiceHistory":
        """This history followed by periods that all end after it (the projection): no re-sorting."""
        hours = [period.hours + period.full_credit_hours for period in later]
        cycles = self.cycles + tuple(map(_CYCLE, later))
        single = self.single_cycle if all(cycle is self.single_cycle for cycle in cycles[len(self.cycles):]) else None
        return ServiceHistory(
            self.periods + later,
            self.ends + tuple(map(_END, later)),
            self.hours + tuple(hours),
            cycles,
            single,
            self.hours_before + tuple(accumulate(hours, initial=self.hours_before[-1]))[1:],
            max([self.max_hours, *hours]),
        )

    @property
    def last_end(self) -> date | None:
        return self.ends[-1] if self.ends else None


def credited_service(
    periods: "ServiceHistory | list[PayPeriod]",
    system: System,
    *,
    split_date: date | None = None,
    threshold_yos: Decimal | None = None,
    months_to_check: tuple[date, ...] = (),
) -> ServiceCredit:
    """Credit pay periods under the caps of RULES §2.

    split_date: service in periods ending on or after it is also reported separately
    (MPSERS 1.25% service from 2013-02-01, SERS service after a DC switch).
    threshold_yos: report the end date of the period in which cumulative service reached it (DB 30 switch).
    months_to_check: first-of-month dates; reports which of them had hours worked (e.g. the month of the
    55th birthday, RULES §3 early reduced).

    Works a fiscal year at a time with list and sum built-ins (a career of 1,040 biweekly periods in a
    fraction of a millisecond); periods are visited one by one only in a year where a cap bites before a split
    date or a threshold.
    """
    rules = RULES_BY_SYSTEM[system]
    zero = Decimal(0)
    history = periods if isinstance(periods, ServiceHistory) else ServiceHistory.of(periods)
    if not history.ends:
        return ServiceCredit(zero)
    ordered, ends, hours = history.periods, history.ends, history.hours
    hours_before = history.hours_before
    if history.single_cycle is not None:
        cap = rules.period_caps[history.single_cycle]
        if history.max_hours > cap:
            hours = [h if h <= cap else cap for h in hours]
            hours_before = tuple(accumulate(hours, initial=zero))
    else:
        caps = rules.period_caps
        hours = [h if h <= caps[c] else caps[c] for h, c in zip(hours, history.cycles)]
        hours_before = tuple(accumulate(hours, initial=zero))

    first_month = rules.fiscal_year_first_month
    year_cap = rules.hours_per_year
    threshold_hours = threshold_yos * year_cap if threshold_yos is not None else None
    total = zero
    after = zero
    reached_on = None
    by_year: dict[int, Decimal] = {}
    count = len(ordered)
    begin = 0
    while begin < count:
        first_end = ends[begin]
        year = first_end.year + 1 if first_end.month >= first_month else first_end.year
        next_year_start = date(year, first_month, 1)
        stop = bisect_left(ends, next_year_start, begin)
        year_total = hours_before[stop] - hours_before[begin]
        split_inside = split_date is not None and ends[begin] < split_date <= ends[stop - 1]
        crosses = (
            threshold_hours is not None and reached_on is None and total + min(year_total, year_cap) >= threshold_hours
        )
        if split_inside or crosses:
            year_total, year_after, reached = _credit_one_by_one(
                hours[begin:stop],
                ends[begin:stop],
                year_cap,
                split_date,
                total,
                threshold_hours if reached_on is None else None,
            )
            reached_on = reached_on or reached
        else:
            if year_total > year_cap:
                year_total = year_cap
            year_after = year_total if split_date is not None and first_end >= split_date else zero
        by_year[year] = year_total
        total += year_total
        after += year_after
        begin = stop

    worked = set()
    for month_start in months_to_check:
        index = bisect_left(ends, month_start)
        month_end = date(month_start.year + month_start.month // 12, month_start.month % 12 + 1, 1)
        while index < count and ordered[index].start < month_end:
            if hours[index] > zero:
                worked.add(month_start)
                break
            index += 1

    per_year = rules.hours_per_year
    return ServiceCredit(
        yos=total / per_year,
        yos_on_or_after_split=after / per_year,
        threshold_reached_on=reached_on,
        hours_by_fiscal_year=by_year,
        months_worked=frozenset(worked),
        last_period_end=ends[-1],
    )


def _credit_one_by_one(hours, ends, year_cap, split_date, total_before, threshold_hours):
    """Credit one fiscal year's periods in order: the year cap falls on the latest hours."""
    zero = Decimal(0)
    used = zero
    after = zero
    reached_on = None
    for credited, end in zip(hours, ends):
        room = year_cap - used
        if credited > room:
            credited = room
        if credited <= zero:
            continue
        used += credited
        if split_date is not None and end >= split_date:
            after += credited
        if threshold_hours is not None and reached_on is None and total_before + used >= threshold_hours:
            reached_on = end
    return used, after, reached_on


def years_from_hours(hours: Decimal, system: System) -> Decimal:
    return hours / RULES_BY_SYSTEM[system].hours_per_year


def credited_hours_by_period(periods, system: System) -> list[Decimal]:
    """The hours each pay period earns, in the order given: the per-period cap, then the fiscal-year cap falling
    on the latest hours of the year (RULES §2). The member's service-credit ledger keeps these per period, so a
    fiscal year's total and the career total are sums of them, equal to `credited_service`."""
    rules = RULES_BY_SYSTEM[system]
    used: dict[int, Decimal] = {}
    credited: list[Decimal] = [Decimal(0)] * len(periods)
    zero = Decimal(0)
    for index in sorted(range(len(periods)), key=lambda i: periods[i].end):
        period = periods[index]
        hours = period.hours + period.full_credit_hours
        cap = rules.period_caps[period.cycle]
        if hours > cap:
            hours = cap
        year = fiscal_year_of(period.end, system)
        room = rules.hours_per_year - used.get(year, zero)
        if hours > room:
            hours = room
        if hours < zero:
            hours = zero
        used[year] = used.get(year, zero) + hours
        credited[index] = hours
    return credited


def fiscal_year_of(day: date, system: System) -> int:
    """The fiscal year a pay period ending on `day` counts in (RULES §2: SERS October–September, MPSERS July–June),
    named by the calendar year in which it ends."""
    first_month = RULES_BY_SYSTEM[system].fiscal_year_first_month
    return day.year + 1 if day.month >= first_month else day.year


# --- projected service (RULES §5, §13) ---------------------------------------------------------------------------

_ONE_DAY = timedelta(days=1)
_DAYS_PER_PERIOD = {PayCycle.WEEKLY: 7, PayCycle.BIWEEKLY: 14}
_MONTHS_PER_PERIOD = {PayCycle.MONTHLY: 1, PayCycle.QUARTERLY: 3, PayCycle.ANNUALLY: 12}


def _next_end(start: date, cycle: PayCycle) -> date:
    if cycle in _DAYS_PER_PERIOD:
        return start + timedelta(days=_DAYS_PER_PERIOD[cycle] - 1)
    if cycle is PayCycle.SEMIMONTHLY:  # the 1st–15th and the 16th–last day of the month
        if start.day <= 15:
            return start.replace(day=15)
        return start.replace(day=days_in_month(start.year, start.month))
    return add_months(start, _MONTHS_PER_PERIOD[cycle]) - _ONE_DAY


def projected_periods(history: ServiceHistory, system: System, last_day: date) -> tuple[PayPeriod, ...]:
    """The pay periods still to be worked from the day after the last reported one to ``last_day``: RULES §5
    "Estimates project service to the RED by themselves (from the member's current pay cycle and hours)".

    The current cycle is the last period's; the hours are the average of that cycle's periods in the last twelve
    months, each capped as it was credited, so a school employee's unpaid summer and a part-timer's schedule carry
    on as they are. A last period cut short by ``last_day`` earns its hours in proportion to its days. Credit the
    result with the history (`credited_service`) so the fiscal-year cap applies to the projection too."""
    if not history.periods or history.periods[-1].end >= last_day:
        return ()
    current = history.periods[-1]
    cap = RULES_BY_SYSTEM[system].period_caps[current.cycle]
    first = bisect_left(history.ends, add_months(current.end, -12) + _ONE_DAY)  # the last twelve months
    recent = [
        min(hours, cap)
        for period, hours in zip(history.periods[first:], history.hours[first:])
        if period.cycle is current.cycle
    ]
    hours = sum(recent, Decimal(0)) / len(recent)
    periods = []
    start = current.end + _ONE_DAY
    while start <= last_day:
        end = _next_end(start, current.cycle)
        worked = hours
        if end > last_day:
            worked = hours * Decimal((last_day - start).days + 1) / Decimal((end - start).days + 1)
            end = last_day
        periods.append(PayPeriod(start, end, current.cycle, worked))
        start = end + _ONE_DAY
    return tuple(periods)
