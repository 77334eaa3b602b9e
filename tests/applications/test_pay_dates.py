"""Pension pay dates (applications/rules/pay_dates.py, RULES §11a): the 25th, December's on the 18th, the business day
before a weekend or Michigan state holiday."""

from datetime import date

import pytest

from applications.rules.pay_dates import next_pay_date, pay_date, pay_dates

# The office's published 2023 calendar (RULES §11a).
PUBLISHED_2023 = [date(2023, 1, 25), date(2023, 2, 24), date(2023, 3, 24), date(2023, 4, 25), date(2023, 5, 25),
                  date(2023, 6, 23), date(2023, 7, 25), date(2023, 8, 25), date(2023, 9, 25), date(2023, 10, 25),
                  date(2023, 11, 22), date(2023, 12, 18)]


def test_the_2023_dates_are_the_offices_published_calendar():
    assert pay_dates(date(2023, 1, 1)) == PUBLISHED_2023


@pytest.mark.parametrize("year", [2019, 2020, 2023])
def test_december_is_paid_on_the_18th_in_the_published_years(year):
    assert pay_date(year, 12) == date(year, 12, 18)


CASES = [
    (2027, 12, date(2027, 12, 17), "December 18 on a Saturday: Friday the 17th"),
    (2022, 12, date(2022, 12, 16), "December 18 on a Sunday: Friday the 16th"),
    (2026, 5, date(2026, 5, 22), "Memorial Day on the 25th, then the weekend: Friday the 22nd"),
    (2027, 11, date(2027, 11, 24), "Thanksgiving on the 25th: Wednesday the 24th"),
    (2022, 11, date(2022, 11, 23), "the day after Thanksgiving on the 25th: Wednesday the 23rd"),
    (2026, 7, date(2026, 7, 24), "the 25th on a Saturday"),
    (2026, 10, date(2026, 10, 23), "the 25th on a Sunday"),
    (2027, 2, date(2027, 2, 25), "a Thursday: the 25th itself"),
    (2028, 2, date(2028, 2, 25), "a leap year's February: the 25th itself"),
]


@pytest.mark.parametrize("year, month, paid, why", CASES, ids=[case[3] for case in CASES])
def test_a_weekend_or_holiday_moves_the_payment_to_the_business_day_before(year, month, paid, why):
    assert pay_date(year, month) == paid


def test_twelve_dates_run_from_the_reds_month_across_the_new_year():
    dates = pay_dates(date(2026, 6, 1))
    assert len(dates) == 12
    assert dates[0] == date(2026, 6, 25) and dates[-1] == date(2027, 5, 25)
    assert dates[6] == date(2026, 12, 18)
    assert [d.month for d in dates] == [6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("on,expected", [
    (date(2023, 11, 10), date(2023, 11, 22)),  # before this month's (moved for Thanksgiving): this month's
    (date(2023, 11, 22), date(2023, 11, 22)),  # on the pay date itself
    (date(2023, 11, 23), date(2023, 12, 18)),  # after it: next month's, December's on the 18th
    (date(2023, 12, 20), date(2024, 1, 25)),  # past December's: January's, across the year
])
def test_the_next_pay_date_is_the_first_on_or_after_the_day(on, expected):
    assert next_pay_date(on) == expected
