"""The one-business-day clock of the Message Board (RULES §12): when an answer to a member's message is due.

The rule: a message is *received* on the day it is sent when that is a business day and it arrives before the
office closes; otherwise (after hours, a weekend, a holiday) it is received on the next business day. The answer is
due at the close of the business day after the day of receipt.

- Office hours are those of the ORS main office in Lansing, 8:30 a.m. to 5:00 p.m., Monday to Friday ([004] back
  cover: "Main Office - Lansing 8:30-5:00"; the portal's footer says the same). A message sent before 8:30 on a
  business day is received that day: the office opens later the same day.
- Business days are Monday to Friday except Michigan state-government holidays: the shared calendar of
  :mod:`applications.rules.michigan_calendar` (the ``holidays`` library's Michigan days with the state's New Year's
  Eve rule), which the pension pay dates use too.
- Times are in Lansing's zone, America/Detroit, so the close of business is 5:00 p.m. local in summer and in winter
  alike; daylight-saving changes happen at 2:00 a.m., never at a time the rule looks at.

Pure Python: no Django import, so the rule is tested on its own.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from applications.rules.michigan_calendar import is_business_day, next_business_day

LANSING = ZoneInfo("America/Detroit")
OFFICE_OPENS = time(8, 30)  # [004] back cover, "Main Office - Lansing 8:30-5:00"
OFFICE_CLOSES = time(17, 0)


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


def answer_expected(due_at, now):
    """When the member can expect the answer at ``now``: the time promised while it holds; once it has passed, a
    fresh promise of one business day from now (the staff queue puts overdue threads first and supervisors are
    alerted), so a late thread never shows a time already gone."""
    return due_at if now <= due_at else answer_due(now)
