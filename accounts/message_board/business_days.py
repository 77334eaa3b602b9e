"""The one-business-day clock of the Message Board (RULES §12): when an answer to a member's message is due.

The rule: a message is *received* on the day it is sent when that is a business day and it arrives before the
office closes; otherwise (after hours, a weekend, a holiday) it is received on the next business day. The answer is
due at the close of the business day after the day of receipt.

- Office hours are those of the ORS main office in Lansing, 8:30 a.m. to 5:00 p.m., Monday to Friday ([004] back
  cover: "Main Office - Lansing 8:30-5:00"; the portal's footer says the same). A message sent before 8:30 on a
  business day is received that day: the office opens later the same day.
- Business days are Monday to Friday except Michigan state-government holidays, taken from the ``holidays`` library
  (``holidays.US(subdiv="MI")``: the federal days minus Columbus Day, plus Election Day in even years, the day after
  Thanksgiving, Christmas Eve and New Year's Eve, each with its observed day).
- One correction, a rule rather than a list: the library observes New Year's Eve like a federal holiday (Saturday to
  Friday, Sunday to Monday), so when it falls on a Friday or a Sunday the observed day collides with New Year's Day
  (observed) and disappears. The state observes it as the library already observes Christmas Eve: a Friday New
  Year's Eve moves to Thursday, a weekend one to Friday. The state's own calendar for 2023 closes on Friday,
  December 29 ("New Year's Eve Day (Observed)"), which the library alone misses; likewise December 30 in 2021 and
  2027, and December 29 in 2028 (tests/accounts/test_business_days.py).
- Times are in Lansing's zone, America/Detroit, so the close of business is 5:00 p.m. local in summer and in winter
  alike; daylight-saving changes happen at 2:00 a.m., never at a time the rule looks at.

Pure Python: no Django import, so the rule is tested on its own.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

LANSING = ZoneInfo("America/Detroit")
OFFICE_OPENS = time(8, 30)  # [004] back cover, "Main Office - Lansing 8:30-5:00"
OFFICE_CLOSES = time(17, 0)
SATURDAY = 5
FRIDAY, SUNDAY = 4, 6


@lru_cache(maxsize=64)
def state_holidays(year):
    """The Michigan state-government holidays observed in ``year``, as a read-only {date: name}."""
    days = dict(holidays.US(subdiv="MI", years=year, observed=True))
    new_years_eve = date(year, 12, 31)
    weekday = new_years_eve.weekday()
    if weekday == FRIDAY:
        days.setdefault(new_years_eve - timedelta(days=1), "New Year's Eve (observed)")
    elif weekday in (SATURDAY, SUNDAY):
        days.setdefault(new_years_eve - timedelta(days=weekday - FRIDAY), "New Year's Eve (observed)")
    return MappingProxyType(days)


def is_business_day(day):
    return day.weekday() < SATURDAY and day not in state_holidays(day.year)


def next_business_day(day):
    """The first business day strictly after ``day``."""
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def day_received(sent_at):
    """The business day a message sent at ``sent_at`` (an aware datetime) counts as received in Lansing."""
    if sent_at.tzinfo is None or sent_at.utcoffset() is None:
        raise ValueError("sent_at must be an aware datetime: the office's day depends on the time zone.")
    local = sent_at.astimezone(LANSING)
    if is_business_day(local.date()) and local.time() < OFFICE_CLOSES:
        return local.date()
    return next_business_day(local.date())


def answer_due(sent_at):
    """When the answer to a message sent at ``sent_at`` is due: close of business on the next business day."""
    return datetime.combine(next_business_day(day_received(sent_at)), OFFICE_CLOSES, tzinfo=LANSING)
