"""When each monthly pension payment is paid (RULES §11a [002][004]).

The pension for a month is paid on the 25th of that month; December's on the 18th ("December about one week
early"); when that day is a Saturday, Sunday or Michigan state holiday, on the business day before. The office's
published calendars bear it out: 2023 — Jan 25, Feb 24, Mar 24, Apr 25, May 25, Jun 23, Jul 25, Aug 25, Sep 25,
Oct 25, Nov 22 (the 24th is the day after Thanksgiving), Dec 18; December 18 also in 2019 and 2020
(tests/applications/test_pay_dates.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from applications.rules.michigan_calendar import business_day_on_or_before
from pensions.engine.dates import add_months

PAY_DAY = 25  # RULES §11a [002][004]: "Pensions are paid on the 25th of each month for that month"
DECEMBER_PAY_DAY = 18  # RULES §11a: December's payment on the 18th (office calendars 2019, 2020, 2023)
DECEMBER = 12
PAY_DATES_SHOWN = 12  # ARCHITECTURE, retirement_facts: "twelve in all, from the RED's month"


def pay_date(year: int, month: int) -> date:
    """The day the pension for ``month`` of ``year`` is paid."""
    nominal = date(year, month, DECEMBER_PAY_DAY if month == DECEMBER else PAY_DAY)
    return business_day_on_or_before(nominal)


def pay_dates(first_month: date, count: int = PAY_DATES_SHOWN) -> list[date]:
    """The pay dates of ``count`` consecutive months, from the month of ``first_month``."""
    start = first_month.replace(day=1)
    return [pay_date(month.year, month.month) for month in (add_months(start, n) for n in range(count))]


def next_pay_date(on: date) -> date:
    """The first pay date on or after ``on`` (this month's, or next month's once this month's is past)."""
    this_month = pay_date(on.year, on.month)
    if this_month >= on:
        return this_month
    following = add_months(on.replace(day=1), 1)
    return pay_date(following.year, following.month)


@dataclass(frozen=True)
class FirstPayment:
    paid_on: date
    months: int  # the months it pays: from the RED's month through its own month

    @property
    def retroactive_months(self) -> int:
        """The months before the payment's own month, paid late (back to the RED)."""
        return self.months - 1


def first_payment(*, retirement_effective_date: date, awarded_on: date) -> FirstPayment:
    """RULES §11a "First payment": made once the award is, on the first pay date on or after the award (never before
    the RED's own month), and including every month from the RED not yet paid (retroactive to the RED)."""
    paid_on = next_pay_date(max(awarded_on, retirement_effective_date))
    red = retirement_effective_date
    return FirstPayment(paid_on, (paid_on.year - red.year) * 12 + paid_on.month - red.month + 1)
