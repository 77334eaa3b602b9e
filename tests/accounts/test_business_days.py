"""The one-business-day clock of the Message Board (accounts/message_board/business_days.py, RULES §12), on the
shared Michigan calendar (applications/rules/michigan_calendar.py).

Holidays are the library's (holidays.US(subdiv="MI")) with one rule added for New Year's Eve; these tests pin both
against the state's published calendar, then the due-time rule across weekends, holidays, observed days, after-hours
messages and daylight-saving changes.
"""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.message_board.business_days import LANSING, OFFICE_CLOSES, answer_due, answer_expected, day_received
from applications.rules.michigan_calendar import is_business_day, next_business_day, state_holidays

UTC = timezone.utc


def lansing(*args):
    return datetime(*args, tzinfo=LANSING)


def weekday_holidays(year):
    return {day for day in state_holidays(year) if day.weekday() < 5}


# ---------------------------------------------------------------------------------------------------------------
# The holidays, against the state's calendar
# ---------------------------------------------------------------------------------------------------------------

# The State of Michigan's closed days that fall on weekdays. 2023 as published in the state's schedule (copied by the
# St. Clair County courts: stclairtoday.com, "2023 Holiday Office Closings": Christmas Eve observed Friday Dec 22,
# New Year's Eve observed Friday Dec 29, Veterans Day observed Friday Nov 10); 2024 and 2026 from
# michigan.gov/som/government/state-holidays, whose list the library's Michigan holidays follow (vacanza/holidays
# PR #2325).
STATE_CALENDAR = {
    2023: {date(2023, 1, 2), date(2023, 1, 16), date(2023, 2, 20), date(2023, 5, 29), date(2023, 6, 19),
           date(2023, 7, 4), date(2023, 9, 4), date(2023, 11, 10), date(2023, 11, 23), date(2023, 11, 24),
           date(2023, 12, 22), date(2023, 12, 25), date(2023, 12, 29)},
    2024: {date(2024, 1, 1), date(2024, 1, 15), date(2024, 2, 19), date(2024, 5, 27), date(2024, 6, 19),
           date(2024, 7, 4), date(2024, 9, 2), date(2024, 11, 5), date(2024, 11, 11), date(2024, 11, 28),
           date(2024, 11, 29), date(2024, 12, 24), date(2024, 12, 25), date(2024, 12, 31)},
    2026: {date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25), date(2026, 6, 19),
           date(2026, 7, 3), date(2026, 9, 7), date(2026, 11, 3), date(2026, 11, 11), date(2026, 11, 26),
           date(2026, 11, 27), date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31)},
}


@pytest.mark.parametrize("year", sorted(STATE_CALENDAR))
def test_the_closed_weekdays_are_the_states(year):
    assert weekday_holidays(year) == STATE_CALENDAR[year]


def test_michigans_own_days_are_there_and_columbus_day_is_not():
    days = state_holidays(2026)
    assert "Day After Thanksgiving" in days[date(2026, 11, 27)]
    assert "Christmas Eve" in days[date(2026, 12, 24)]
    assert "New Year's Eve" in days[date(2026, 12, 31)]
    assert "Election Day" in days[date(2026, 11, 3)]
    assert date(2026, 10, 12) not in days  # Columbus Day: state offices are open
    assert date(2027, 11, 2) not in state_holidays(2027)  # Election Day only in even years


@pytest.mark.parametrize("observed, why", [
    (date(2026, 7, 3), "Independence Day on a Saturday: the Friday before"),
    (date(2027, 7, 5), "Independence Day on a Sunday: the Monday after"),
    (date(2027, 6, 18), "Juneteenth on a Saturday: the Friday before"),
    (date(2028, 11, 10), "Veterans Day on a Saturday: the Friday before"),
    (date(2023, 1, 2), "New Year's Day on a Sunday: the Monday after"),
    (date(2027, 12, 31), "New Year's Day 2028 on a Saturday: Friday, December 31"),
    (date(2027, 12, 23), "Christmas Eve on a Friday: the Thursday before"),
    (date(2027, 12, 24), "Christmas Day on a Saturday: the Friday before, Christmas Eve's own day"),
    (date(2022, 12, 23), "Christmas Eve on a Saturday: the Friday before"),
    (date(2022, 12, 26), "Christmas Day on a Sunday: the Monday after"),
    (date(2022, 12, 30), "New Year's Eve on a Saturday: the Friday before"),
])
def test_observed_days_are_holidays(observed, why):
    assert not is_business_day(observed), why


@pytest.mark.parametrize("year, observed", [
    (2023, date(2023, 12, 29)),  # New Year's Eve on a Sunday: the Friday before (New Year's Day takes Monday)
    (2027, date(2027, 12, 30)),  # on a Friday, which New Year's Day (observed) takes: the Thursday before
    (2028, date(2028, 12, 29)),
    (2021, date(2021, 12, 30)),
])
def test_new_years_eve_is_observed_like_christmas_eve_where_the_library_drops_it(year, observed):
    # The library alone loses these days (if it ever adds them, this test says so and the rule can go) ...
    assert observed not in holidays.US(subdiv="MI", years=year)
    # ... and the clock has them.
    assert not is_business_day(observed)
    assert "New Year's Eve" in state_holidays(year)[observed]


def test_the_holiday_table_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        state_holidays(2026)[date(2026, 3, 2)] = "made up"


# ---------------------------------------------------------------------------------------------------------------
# The due time
# ---------------------------------------------------------------------------------------------------------------

CASES = [
    # sent (Lansing time), due (Lansing date at 5 p.m.), why
    (lansing(2026, 11, 23, 10, 0), date(2026, 11, 24), "Monday morning: Tuesday"),
    (lansing(2026, 11, 23, 7, 0), date(2026, 11, 24), "before the office opens: received that day"),
    (lansing(2026, 11, 23, 16, 59), date(2026, 11, 24), "a minute before closing: still that day"),
    (lansing(2026, 11, 23, 17, 0), date(2026, 11, 25), "at closing time: after hours, received Tuesday"),
    (lansing(2026, 11, 23, 23, 30), date(2026, 11, 25), "late evening: received Tuesday"),
    (lansing(2026, 11, 20, 12, 0), date(2026, 11, 23), "Friday noon: Monday"),
    (lansing(2026, 11, 20, 18, 0), date(2026, 11, 24), "Friday evening: received Monday, due Tuesday"),
    (lansing(2026, 11, 21, 10, 0), date(2026, 11, 24), "Saturday: received Monday, due Tuesday"),
    (lansing(2026, 11, 22, 22, 0), date(2026, 11, 24), "Sunday night: received Monday, due Tuesday"),
    (lansing(2026, 11, 25, 10, 0), date(2026, 11, 30), "before Thanksgiving: Thursday, Friday, the weekend"),
    (lansing(2026, 11, 25, 18, 0), date(2026, 12, 1), "Thanksgiving eve after hours: received Monday"),
    (lansing(2026, 11, 27, 10, 0), date(2026, 12, 1), "on Thanksgiving Friday: received Monday"),
    (lansing(2026, 11, 2, 10, 0), date(2026, 11, 4), "Election Day (even years) is skipped"),
    (lansing(2026, 7, 2, 10, 0), date(2026, 7, 6), "Independence Day observed on Friday July 3"),
    (lansing(2026, 12, 23, 10, 0), date(2026, 12, 28), "Christmas Eve and Christmas, then the weekend"),
    (lansing(2026, 12, 30, 10, 0), date(2027, 1, 4), "New Year's Eve and New Year's Day, then the weekend"),
    (lansing(2027, 12, 22, 10, 0), date(2027, 12, 27), "2027: Christmas Eve and Christmas observed Thu and Fri"),
    (lansing(2027, 12, 29, 10, 0), date(2028, 1, 3), "2027: New Year's Eve observed Thursday, New Year's Fri"),
    (lansing(2023, 12, 28, 10, 0), date(2024, 1, 2), "2023: New Year's Eve observed Friday, New Year's Monday"),
    (lansing(2027, 6, 17, 10, 0), date(2027, 6, 21), "Juneteenth observed on Friday June 18"),
    (lansing(2027, 1, 15, 10, 0), date(2027, 1, 19), "Martin Luther King Jr. Day"),
    (lansing(2026, 10, 9, 10, 0), date(2026, 10, 12), "Columbus Day is a working day"),
    (lansing(2028, 11, 9, 10, 0), date(2028, 11, 13), "Veterans Day observed on Friday November 10"),
]


@pytest.mark.parametrize("sent, due_day, why", CASES, ids=[case[2] for case in CASES])
def test_the_answer_is_due_at_the_end_of_the_next_business_day(sent, due_day, why):
    due = answer_due(sent)
    assert due == datetime.combine(due_day, time(17, 0), tzinfo=LANSING), why
    assert due.tzinfo is LANSING


def test_the_same_moment_is_after_hours_in_summer_and_within_hours_in_winter():
    # 21:30 UTC on a Friday is 5:30 p.m. EDT (closed) in July but 4:30 p.m. EST (open) in January.
    summer, winter = datetime(2026, 7, 10, 21, 30, tzinfo=UTC), datetime(2027, 1, 8, 21, 30, tzinfo=UTC)
    assert day_received(summer) == date(2026, 7, 13)
    assert answer_due(summer) == lansing(2026, 7, 14, 17, 0)
    assert day_received(winter) == date(2027, 1, 8)
    assert answer_due(winter) == lansing(2027, 1, 11, 17, 0)


def test_a_due_time_across_the_spring_change_is_five_pm_daylight_time():
    sent = lansing(2027, 3, 12, 16, 0)  # Friday, standard time; clocks go forward on Sunday March 14
    due = answer_due(sent)
    assert due == lansing(2027, 3, 15, 17, 0)
    assert due.astimezone(UTC) == datetime(2027, 3, 15, 21, 0, tzinfo=UTC)  # EDT: UTC-4
    assert sent.astimezone(UTC).hour == 21  # EST: UTC-5


def test_a_message_sent_on_the_spring_change_sunday_is_received_monday():
    sent = datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # 3:30 a.m. EDT, an hour after the change
    assert answer_due(sent) == lansing(2027, 3, 16, 17, 0)


@pytest.mark.parametrize("utc_hour", [5, 6])
def test_both_passes_through_the_repeated_autumn_hour_give_the_same_due_time(utc_hour):
    # 05:30 and 06:30 UTC on Sunday November 1, 2026 are both 1:30 a.m. in Lansing (EDT, then EST). Received Monday;
    # Tuesday is Election Day, so the answer is due Wednesday at 5 p.m. standard time.
    sent = datetime(2026, 11, 1, utc_hour, 30, tzinfo=UTC)
    assert sent.astimezone(LANSING).time() == time(1, 30)
    assert answer_due(sent) == lansing(2026, 11, 4, 17, 0)
    assert answer_due(sent).astimezone(UTC) == datetime(2026, 11, 4, 22, 0, tzinfo=UTC)


def test_friday_evening_before_the_autumn_change_is_received_monday_in_standard_time():
    sent = datetime(2026, 10, 30, 21, 30, tzinfo=UTC)  # 5:30 p.m. EDT: after hours
    assert day_received(sent) == date(2026, 11, 2)
    assert answer_due(sent) == lansing(2026, 11, 4, 17, 0)  # Tuesday is Election Day


def test_a_time_in_another_zone_counts_in_lansing_time():
    pacific = datetime(2026, 11, 23, 14, 30, tzinfo=ZoneInfo("America/Los_Angeles"))  # 5:30 p.m. in Lansing
    assert answer_due(pacific) == lansing(2026, 11, 25, 17, 0)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        answer_due(datetime(2026, 11, 23, 10, 0))


def test_next_business_day_skips_a_holiday_weekend():
    assert next_business_day(date(2026, 11, 25)) == date(2026, 11, 30)


@given(st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2030, 12, 1), timezones=st.just(UTC)))
def test_every_due_time_is_closing_time_of_the_first_business_day_after_the_day_received(sent):
    received, due = day_received(sent), answer_due(sent)
    local = sent.astimezone(LANSING)
    assert is_business_day(received) and received >= local.date()
    assert due.astimezone(LANSING).time() == OFFICE_CLOSES
    assert is_business_day(due.date()) and due.date() > received
    assert not any(is_business_day(received + timedelta(days=n)) for n in range(1, (due.date() - received).days))
    assert sent < due < sent + timedelta(days=9)


# ---------------------------------------------------------------------------------------------------------------
# Once an answer is late (issue 15 item 9)
# ---------------------------------------------------------------------------------------------------------------

def test_before_its_time_the_answer_is_expected_when_promised():
    due = lansing(2026, 11, 24, 17, 0)
    assert answer_expected(due, lansing(2026, 11, 24, 16, 59)) == due


def test_a_late_answer_is_expected_one_business_day_from_now():
    due = lansing(2026, 11, 24, 17, 0)
    # Wednesday 9:00, the day before Thanksgiving: received that day; Thanksgiving and the day after are state
    # holidays, so the answer is now expected by Monday's close.
    assert answer_expected(due, lansing(2026, 11, 25, 9, 0)) == lansing(2026, 11, 30, 17, 0)


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)),
       st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)))
def test_the_expected_time_is_never_in_the_past(due, now):
    assert answer_expected(due, now) >= now
