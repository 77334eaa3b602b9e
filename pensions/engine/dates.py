"""Calendar arithmetic the rules need: ages, months, first-of-month dates, fiscal years.

The one date module of the pure rules: the pension engine and the insurance rules (insurance/rules/) both use it.

Ages are attained ages (RULES §3: "attained age on the retirement effective date"); a birthday on 29 February
is reached on 28 February in common years (the last day of the month, as `add_months` clamps).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Age:
    years: int
    months: int
    days: int

    @property
    def whole_months(self) -> int:
        return self.years * 12 + self.months


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    if day.day <= 28:
        return date(year, month, day.day)
    return date(year, month, min(day.day, days_in_month(year, month)))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def birthday(birth_date: date, age_years: int) -> date:
    """The date on which `age_years` is attained."""
    return add_years(birth_date, age_years)


def age_on(birth_date: date, on: date) -> Age:
    """Attained age in years, months and days (RULES §13: ages shown as years, months, days)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if add_months(birth_date, months) > on:
        months -= 1
    anniversary = add_months(birth_date, months)
    years, rest = divmod(months, 12)
    return Age(years, rest, (on - anniversary).days)


def age_in_fractional_months(birth_date: date, on: date) -> Decimal:
    """Age in months, counting the current month's fraction (days elapsed / days of that month of age)."""
    age = age_on(birth_date, on)
    anniversary = add_months(birth_date, age.whole_months)
    length = (add_months(birth_date, age.whole_months + 1) - anniversary).days
    return Decimal(age.whole_months) + Decimal(age.days) / Decimal(length)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def last_of_month(day: date) -> date:
    return date(day.year, day.month, days_in_month(day.year, day.month))


def first_of_nth_month_after(day: date, n: int) -> date:
    """The first day of the N-th month after the month containing ``day``: (10 Feb 2021, 6) -> 1 Aug 2021."""
    return add_months(first_of_month(day), n)


def first_of_next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def first_of_month_on_or_after(day: date) -> date:
    return day if day.day == 1 else first_of_next_month(day)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later` (both normally first-of-month dates)."""
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)


def is_first_of_month(day: date) -> bool:
    return day.day == 1


def fiscal_year(day: date, first_month: int) -> int:
    """Fiscal year a date falls in, named by the calendar year in which it ends.

    SERS: state fiscal year 1 October – 30 September (first_month=10) [002];
    MPSERS: school fiscal year 1 July – 30 June (first_month=7) [003].
    """
    return day.year + 1 if day.month >= first_month else day.year


def fiscal_year_start(year: int, first_month: int) -> date:
    """First day of the fiscal year named `year`."""
    return date(year - 1, first_month, 1)


def fiscal_year_months(first_month: int) -> tuple[int, int]:
    """The calendar months (1-12) a fiscal year starting in `first_month` begins and ends with."""
    return first_month, (first_month - 2) % 12 + 1


def fiscal_year_end(year: int, first_month: int) -> date:
    """Last day of the fiscal year named `year`."""
    return date(year, first_month, 1) - ONE_DAY


def month_overlaps(start: date, end: date, month_start: date) -> bool:
    """Whether the period [start, end] touches the calendar month beginning on `month_start`."""
    month_end = first_of_next_month(month_start) - ONE_DAY
    return start <= month_end and end >= month_start
