"""Final average compensation: the highest N consecutive years of pay (RULES §4).

- Years are 12-month periods. By default they end on the last day of employment and run back (Mr. Mac's
  2002-03-06 … 2003-03-05 [004] section III); estimates may use fiscal years instead (state fiscal year
  October–September [002]) — the caller passes the anchor. A pay record (a pay period, or a 12-month salary
  period of at most a year) that straddles two years is shared between them by days.
- N = 3 (SERS, MIP), 2 (conservation officers), 5 (Basic) — see `plans.fac_years_for`.
- Off payroll or part time inside the period: "earnings beyond N years are picked up to fill N years of
  service" [004]. A year's service is the share of its days covered by wage records; the FAC period is the
  shortest run of consecutive years holding N years of service (its earliest year counted pro rata) and the FAC
  is its pay divided by N. With less than N years of service in the whole record, the FAC is the average per
  year of service.
- Included: wages (overtime, premium, longevity, performance pay and banked-leave / furlough pay are wages),
  annual leave paid at retirement up to 240 hours and compensatory time paid at retirement — both only if the
  final years are the FAC period —, Voluntary Plan A reduced hours imputed at the rate of pay immediately
  before the FAC period [004] section III. Excluded: sick leave, clothing allowances, flex-plan payments,
  travel; grievance settlements are decided case by case and left out of an estimate.
- IRS §401(a)(17): for members hired after 1996-10-01 each year's pay above that year's limit is excluded.
- DC switch freeze (DB 30, DB/DC Blend, DC Converted): pay on or after the switch date does not count; a record
  that straddles the date counts pro rata by days.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from operator import attrgetter, ge

from . import irs_limits
from .dates import add_years

ZERO = Decimal(0)
ONE = Decimal(1)
ONE_DAY = timedelta(days=1)

# RULES §4 [002][004]: only 240 hours of annual leave paid at retirement count.
ANNUAL_LEAVE_HOURS_CAP = Decimal(240)


class CompensationKind(enum.Enum):
    WAGES = "WAGES"
    ANNUAL_LEAVE_PAYOUT = "ANNUAL_LEAVE_PAYOUT"
    COMP_TIME_PAYOUT = "COMP_TIME_PAYOUT"
    SICK_LEAVE_PAYOUT = "SICK_LEAVE_PAYOUT"
    CLOTHING_ALLOWANCE = "CLOTHING_ALLOWANCE"
    FLEX_PLAN = "FLEX_PLAN"
    TRAVEL = "TRAVEL"
    GRIEVANCE_SETTLEMENT = "GRIEVANCE_SETTLEMENT"


# RULES §4: counted only when paid at retirement and the final years are the FAC period.
COUNTED_IF_FINAL_YEARS = frozenset({CompensationKind.ANNUAL_LEAVE_PAYOUT, CompensationKind.COMP_TIME_PAYOUT})
# RULES §4: never counted (grievance settlements: case by case, so not in an estimate).
EXCLUDED = frozenset(
    {
        CompensationKind.SICK_LEAVE_PAYOUT,
        CompensationKind.CLOTHING_ALLOWANCE,
        CompensationKind.FLEX_PLAN,
        CompensationKind.TRAVEL,
        CompensationKind.GRIEVANCE_SETTLEMENT,
    }
)


@dataclass(frozen=True, slots=True)
class CompensationRecord:
    start: date
    end: date
    amount: Decimal
    kind: CompensationKind = CompensationKind.WAGES
    hours: Decimal | None = None  # regular hours paid (gives the hourly rate; annual-leave payout hours)
    plan_a_hours: Decimal = ZERO  # Voluntary Plan A reduced hours in the period


def wage_records(starts, ends, amounts) -> tuple[CompensationRecord, ...]:
    """``CompensationRecord(start, end, amount)`` for each of these columns (wages, no hours), values already checked.
    Built through the slots themselves: a frozen dataclass's ``__init__`` sets every field through
    ``object.__setattr__``, which was a large part of reading a batch's compensation (issue 16)."""
    new, wages = object.__new__, CompensationKind.WAGES
    records = []
    for start, end, amount in zip(starts, ends, amounts):
        record = new(CompensationRecord)
        _SET_START(record, start)
        _SET_END(record, end)
        _SET_AMOUNT(record, amount)
        _SET_KIND(record, wages)
        _SET_HOURS(record, None)
        _SET_PLAN_A_HOURS(record, ZERO)
        records.append(record)
    return tuple(records)


_SET_START, _SET_END, _SET_AMOUNT, _SET_KIND, _SET_HOURS, _SET_PLAN_A_HOURS = (
    getattr(CompensationRecord, name).__set__ for name in ("start", "end", "amount", "kind", "hours", "plan_a_hours"))


@dataclass(frozen=True, slots=True)
class FacYear:
    start: date
    end: date
    amount: Decimal  # counted pay of the year, full precision
    service: Decimal  # share of the year on payroll, 0..1
    counted_share: Decimal = ONE  # share of the year used (the earliest year of an extended period)


@dataclass(slots=True)
class FacResult:
    fac: Decimal
    years: list[FacYear]
    final_years: bool
    notes: list[str] = field(default_factory=list)


_END = attrgetter("end")
_START = attrgetter("start")
_AMOUNT = attrgetter("amount")
_KIND = attrgetter("kind")
_TO_ORDINAL = date.toordinal


def _days(end_ordinal: int, start_ordinal: int) -> int:
    return end_ordinal - start_ordinal + 1


@dataclass(frozen=True, slots=True)
class PayHistory:
    """Pay records prepared once for many FAC computations: wage records sorted by end date, held as columns
    (ends, day numbers, amounts) so a year's pay is a slice sum; payouts at retirement kept apart."""

    wages: tuple[CompensationRecord, ...]
    ends: tuple[date, ...]
    end_ordinals: tuple[int, ...]
    start_ordinals: tuple[int, ...]
    amounts: tuple[Decimal, ...]
    payouts: tuple[CompensationRecord, ...]
    has_plan_a: bool
    first_start_ordinal: int
    pay_before: tuple[Decimal, ...]  # running totals: pay_before[i] = pay of records 0 … i-1
    days_before: tuple[int, ...]  # running totals of days covered

    @classmethod
    def of(cls, records) -> "PayHistory":
        ordered = sorted(records, key=_END)
        kinds = list(map(_KIND, ordered))
        payouts: tuple[CompensationRecord, ...] = ()
        if kinds.count(CompensationKind.WAGES) != len(kinds):
            payouts = tuple(r for r in ordered if r.kind in COUNTED_IF_FINAL_YEARS)
            ordered = [r for r in ordered if r.kind is CompensationKind.WAGES]
        ends = tuple(map(_END, ordered))
        starts = tuple(map(_TO_ORDINAL, map(_START, ordered)))
        end_ordinals = tuple(map(_TO_ORDINAL, ends))
        amounts = tuple(map(_AMOUNT, ordered))
        return cls(
            wages=tuple(ordered),
            ends=ends,
            end_ordinals=end_ordinals,
            start_ordinals=starts,
            amounts=amounts,
            payouts=payouts,
            has_plan_a=any(r.plan_a_hours for r in ordered),
            first_start_ordinal=min(starts) if starts else 0,
            pay_before=tuple(accumulate(amounts, initial=ZERO)),
            days_before=tuple(accumulate(map(_days, end_ordinals, starts), initial=0)),
        )

    def with_later_wages(self, later: list[CompensationRecord]) -> "PayHistory":
        """This history and wage records that each end after the one before and after this history's last: the
        same as ``PayHistory.of`` of all of them, without sorting and summing the whole record again (the
        estimate's projected pay on a 40-year record, issue 16)."""
        if not later:
            return self
        ends = tuple(map(_END, later))
        if any(map(ge, ends, ends[1:])) or (self.ends and ends[0] <= self.ends[-1]) \
                or any(record.kind is not CompensationKind.WAGES for record in later):
            return PayHistory.of([*self.wages, *self.payouts, *later])
        starts = tuple(map(_TO_ORDINAL, map(_START, later)))
        end_ordinals = tuple(map(_TO_ORDINAL, ends))
        amounts = tuple(map(_AMOUNT, later))
        return PayHistory(
            wages=self.wages + tuple(later),
            ends=self.ends + ends,
            end_ordinals=self.end_ordinals + end_ordinals,
            start_ordinals=self.start_ordinals + starts,
            amounts=self.amounts + amounts,
            payouts=self.payouts,
            has_plan_a=self.has_plan_a or any(r.plan_a_hours for r in later),
            first_start_ordinal=min(self.first_start_ordinal, *starts) if self.start_ordinals else min(starts),
            pay_before=self.pay_before + tuple(accumulate(amounts, initial=self.pay_before[-1]))[1:],
            days_before=self.days_before + tuple(accumulate(map(_days, end_ordinals, starts),
                                                            initial=self.days_before[-1]))[1:],
        )

    @property
    def last_end(self) -> date | None:
        return self.ends[-1] if self.ends else None


def final_average_compensation(
    records: "PayHistory | list[CompensationRecord]",
    *,
    years: int,
    anchor: date | None = None,
    cut_off: date | None = None,
    irs_limited: bool = False,
) -> FacResult:
    """FAC from pay records (RULES §4). anchor: last day of the year grid (default: the last wage record's end);
    cut_off: first day that no longer counts (DC switch).

    Years are cut from the sorted records by bisection and each is summed with built-ins, so 40 years of
    biweekly pay take a small fraction of a millisecond."""
    notes: list[str] = []
    history = records if isinstance(records, PayHistory) else PayHistory.of(records)
    if cut_off is not None and history.ends and history.ends[-1] >= cut_off:
        history = PayHistory.of(_before_cut_off([*history.wages, *history.payouts], cut_off))
    if not history.ends:
        return FacResult(ZERO, [], False, ["no compensation counts toward the FAC"])
    ends = history.ends
    last_day = ends[-1]
    grid_end = anchor if anchor is not None and anchor >= last_day else last_day

    amounts: list[Decimal] = []
    services: list[Decimal] = []
    first_days: list[int] = []  # day numbers (ordinals) of each year's first day, newest year first
    slices: list[tuple[int, int]] = []
    end_ordinals, start_ordinals, pay = history.end_ordinals, history.start_ordinals, history.amounts
    pay_before, days_before = history.pay_before, history.days_before
    count = len(ends)
    stop = count
    back = 0
    last_day_of_year = grid_end.toordinal()
    leap_day = grid_end.month == 2 and grid_end.day == 29
    grid_year, grid_month, grid_day = grid_end.year, grid_end.month, grid_end.day
    while last_day_of_year >= history.first_start_ordinal:
        back += 1
        if leap_day:
            previous_end = add_years(grid_end, -back).toordinal()
        else:
            previous_end = date(grid_year - back, grid_month, grid_day).toordinal()
        first_day = previous_end + 1
        begin = bisect_left(end_ordinals, first_day, 0, stop)
        amount = pay_before[stop] - pay_before[begin]
        covered = days_before[stop] - days_before[begin]
        # A record that straddles two years is shared between them by days, pay and payroll time alike.
        if begin < stop and start_ordinals[begin] < first_day:
            outside = first_day - start_ordinals[begin]
            covered -= outside
            amount -= pay[begin] * outside / (end_ordinals[begin] - start_ordinals[begin] + 1)
        if stop < count and start_ordinals[stop] <= last_day_of_year:
            inside = last_day_of_year - max(start_ordinals[stop], first_day) + 1
            covered += inside
            amount += pay[stop] * inside / (end_ordinals[stop] - start_ordinals[stop] + 1)
        length = last_day_of_year - previous_end
        amounts.append(amount)
        services.append(ONE if covered >= length else Decimal(covered) / Decimal(length))
        first_days.append(first_day)
        slices.append((begin, stop))
        stop = begin
        last_day_of_year = previous_end
    amounts.reverse()
    services.reverse()
    first_days.reverse()
    slices.reverse()
    spans = _Spans(first_days, grid_end.toordinal())

    if history.payouts:
        amounts[-1] += _final_payouts(history.payouts, spans[-1][0], notes)
    if irs_limited and max(amounts) > irs_limits.LOWEST_LIMIT:
        for index, first_day in enumerate(first_days):
            if amounts[index] <= irs_limits.LOWEST_LIMIT:
                continue
            year = date.fromordinal(first_day).year
            limit = irs_limits.annual_limit(year)
            if amounts[index] > limit:
                notes.append(f"pay above the IRS §401(a)(17) limit of {limit} excluded in {year}")
                amounts[index] = limit
    if history.has_plan_a:
        plan_a, rates_before = _plan_a(history.wages, slices)
    else:
        plan_a, rates_before = [ZERO] * len(slices), [None] * len(slices)
    return _best_window(years, amounts, services, plan_a, rates_before, spans, notes)


class _Spans:
    """(first day, last day) of each FAC year as dates, made only for the years asked for."""

    __slots__ = ("first_days", "grid_end")

    def __init__(self, first_days: list[int], grid_end: int):
        self.first_days = first_days
        self.grid_end = grid_end

    def __len__(self) -> int:
        return len(self.first_days)

    def __getitem__(self, index: int) -> tuple[date, date]:
        index = index % len(self.first_days)
        following = self.first_days[index + 1] if index + 1 < len(self.first_days) else self.grid_end + 1
        return date.fromordinal(self.first_days[index]), date.fromordinal(following - 1)

    def __iter__(self):
        return (self[i] for i in range(len(self.first_days)))


def _final_payouts(payouts: list[CompensationRecord], final_year_start: date, notes: list[str]) -> Decimal:
    """Annual leave (up to 240 hours) and comp time paid at retirement, counted in the final year (RULES §4)."""
    total = ZERO
    for record in payouts:
        if record.end < final_year_start:
            notes.append(f"{record.kind.value} before the final year is not paid at retirement: not counted")
            continue
        amount = record.amount
        is_leave = record.kind is CompensationKind.ANNUAL_LEAVE_PAYOUT
        if is_leave and record.hours and record.hours > ANNUAL_LEAVE_HOURS_CAP:
            amount = amount * ANNUAL_LEAVE_HOURS_CAP / record.hours
            notes.append("annual leave above 240 hours is not counted")
        total += amount
    return total


def _plan_a(ordered: list[CompensationRecord], slices: list[tuple[int, int]]):
    """Plan A reduced hours per year and the hourly rate in force before each year (RULES §4 [004])."""
    hours = [record.plan_a_hours for record in ordered]
    plan_a: list[Decimal] = []
    rates_before: list[Decimal | None] = []
    rate: Decimal | None = None
    for begin, stop in slices:
        plan_a.append(sum(hours[begin:stop], ZERO))
        rates_before.append(rate)
        for record in ordered[begin:stop]:
            if record.hours:
                rate = record.amount / record.hours
    return plan_a, rates_before


def _best_window(n_years, amounts, services, plan_a, rates_before, spans, notes) -> FacResult:
    needed = Decimal(n_years)
    count = len(amounts)
    best: tuple[Decimal, int, int, Decimal] | None = None  # (fac, first, last, share of first)
    # Fast path for runs of N years fully on payroll (no Plan A): a sliding sum.
    full_before = [0]
    for service in services:
        full_before.append(full_before[-1] + (service is ONE or service == ONE))
    no_plan_a = not any(plan_a)
    window_sum = None
    for last in range(count - 1, -1, -1):
        first = last - n_years + 1
        if no_plan_a and first >= 0 and full_before[last + 1] - full_before[first] == n_years:
            window_sum = sum(amounts[first : last + 1], ZERO)
            fac = window_sum / needed
            if best is None or fac > best[0]:
                best = (fac, first, last, ONE)
            continue
        total_service = ZERO
        total_amount = ZERO
        total_plan_a = ZERO
        first = last
        share = ONE
        while first >= 0:
            service = services[first]
            if total_service + service >= needed and service > ZERO:
                share = (needed - total_service) / service
                total_amount += amounts[first] * share
                total_plan_a += plan_a[first] * share
                total_service = needed
                break
            total_service += service
            total_amount += amounts[first]
            total_plan_a += plan_a[first]
            first -= 1
        if total_service < needed:
            continue
        if total_plan_a and rates_before[first] is not None:
            total_amount += total_plan_a * rates_before[first]
        fac = total_amount / needed
        if best is None or fac > best[0]:
            best = (fac, first, last, share)
    if best is None:
        service = sum(services, ZERO)
        amount = sum(amounts, ZERO)
        notes.append(f"fewer than {n_years} years of service: FAC averaged over {service:.4f} years")
        fac = amount / service if service > ZERO else ZERO
        chosen = [FacYear(s, e, a, v) for (s, e), a, v in zip(spans, amounts, services)]
        return FacResult(fac, chosen, True, notes)
    fac, first, last, share = best
    chosen = [
        FacYear(spans[i][0], spans[i][1], amounts[i], services[i], share if i == first else ONE)
        for i in range(first, last + 1)
    ]
    return FacResult(fac, chosen, last == count - 1, notes)


def _before_cut_off(records: list[CompensationRecord], cut_off: date) -> list[CompensationRecord]:
    kept = []
    for record in records:
        if record.end < cut_off:
            kept.append(record)
        elif record.start < cut_off and record.kind is CompensationKind.WAGES:
            days = (record.end - record.start).days + 1
            share = Decimal((cut_off - record.start).days) / Decimal(days)
            kept.append(
                CompensationRecord(
                    record.start,
                    cut_off - ONE_DAY,
                    record.amount * share,
                    record.kind,
                    record.hours * share if record.hours is not None else None,
                    record.plan_a_hours * share,
                )
            )
    return kept
