"""The shared calendar helpers of the pure rules (pensions/engine/dates.py), as the insurance rules use them."""

from datetime import date

import pytest

from pensions.engine.dates import (
    first_of_nth_month_after,
    fiscal_year,
    fiscal_year_months,
    fiscal_year_start,
    last_of_month,
)


@pytest.mark.parametrize(("day", "last"), [
    (date(2024, 2, 3), date(2024, 2, 29)), (date(2025, 2, 28), date(2025, 2, 28)),
    (date(2026, 12, 1), date(2026, 12, 31)), (date(2026, 4, 30), date(2026, 4, 30)),
])
def test_the_last_of_the_month_is_its_last_calendar_day(day, last):
    assert last_of_month(day) == last


@pytest.mark.parametrize(("day", "n", "first"), [
    (date(2021, 2, 10), 6, date(2021, 8, 1)),  # [002] step 3's worked example
    (date(2026, 11, 30), 1, date(2026, 12, 1)), (date(2026, 12, 31), 2, date(2027, 2, 1)),
    (date(2026, 1, 31), 0, date(2026, 1, 1)),
])
def test_the_first_of_the_nth_month_after_counts_from_the_month_of_the_day(day, n, first):
    assert first_of_nth_month_after(day, n) == first


@pytest.mark.parametrize(("year", "first_month", "start"), [
    (2026, 10, date(2025, 10, 1)),  # SERS state fiscal year 2026 [002]
    (2026, 7, date(2025, 7, 1)),  # MPSERS school fiscal year 2026 [003]
])
def test_a_fiscal_year_starts_in_the_calendar_year_before_the_one_it_is_named_for(year, first_month, start):
    assert fiscal_year_start(year, first_month) == start
    assert fiscal_year(start, first_month) == year


@pytest.mark.parametrize(("first_month", "months"), [(10, (10, 9)), (7, (7, 6)), (1, (1, 12))])
def test_a_fiscal_year_ends_with_the_month_before_its_first(first_month, months):
    assert fiscal_year_months(first_month) == months
