"""Michigan state-government business days: the holidays the state's offices close for, and the day before or after.

Shared by the Message Board's one-business-day clock (RULES §12, ``accounts/message_board/business_days.py``) and
the pension pay dates (RULES §11a, :mod:`applications.rules.pay_dates`).

- Business days are Monday to Friday except Michigan state-government holidays, taken from the ``holidays`` library
  (``holidays.US(subdiv="MI")``: the federal days minus Columbus Day, plus Election Day in even years, the day after
  Thanksgiving, Christmas Eve and New Year's Eve, each with its observed day).
- One correction, a rule rather than a list: the library observes New Year's Eve like a federal holiday (Saturday to
  Friday, Sunday to Monday), so when it falls on a Friday or a Sunday the observed day collides with New Year's Day
  (observed) and disappears. The state observes it as the library already observes Christmas Eve: a Friday New
  Year's Eve moves to Thursday, a weekend one to Friday. The state's own calendar for 2023 closes on Friday,
  December 29 ("New Year's Eve Day (Observed)"), which the library alone misses; likewise December 30 in 2021 and
  2027, and December 29 in 2028 (tests/accounts/test_business_days.py).

Pure Python: no Django import.
"""

from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays

ONE_DAY = timedelta(days=1)
SATURDAY = 5
FRIDAY, SUNDAY = 4, 6


@lru_cache(maxsize=64)
def state_holidays(year):
    """The Michigan state-government holidays observed in ``year``, as a read-only {date: name}."""
    days = dict(holidays.US(subdiv="MI", years=year, observed=True))
    new_years_eve = date(year, 12, 31)
    weekday = new_years_eve.weekday()
    if weekday == FRIDAY:
        days.setdefault(new_years_eve - ONE_DAY, "New Year's Eve (observed)")
    elif weekday in (SATURDAY, SUNDAY):
        days.setdefault(new_years_eve - timedelta(days=weekday - FRIDAY), "New Year's Eve (observed)")
    return MappingProxyType(days)


def is_business_day(day):
    return day.weekday() < SATURDAY and day not in state_holidays(day.year)


def next_business_day(day):
    """The first business day strictly after ``day``."""
    day += ONE_DAY
    while not is_business_day(day):
        day += ONE_DAY
    return day


def business_day_on_or_before(day):
    """``day`` itself when it is a business day, otherwise the last business day before it."""
    while not is_business_day(day):
        day -= ONE_DAY
    return day
