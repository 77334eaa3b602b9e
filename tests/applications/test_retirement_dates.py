"""The retirement effective date and the date to apply by (applications/rules/dates.py, RULES §3, §11a)."""

from datetime import date

import pytest

from applications.rules.dates import recommended_apply_by, retirement_effective_date

CASES = [
    # eligible on, terminated on, submitted on, RED, why
    (date(2024, 8, 14), date(2026, 5, 29), date(2026, 2, 10), date(2026, 6, 1), "termination is the latest"),
    (date(2024, 8, 14), date(2026, 1, 31), date(2026, 1, 5), date(2026, 2, 1), "the last day of January"),
    (date(2024, 8, 14), date(2026, 2, 28), date(2026, 1, 5), date(2026, 3, 1), "the last day of a common February"),
    (date(2020, 1, 1), date(2028, 2, 29), date(2027, 11, 30), date(2028, 3, 1), "a leap day's termination"),
    (date(2028, 2, 29), date(2027, 12, 31), date(2027, 11, 1), date(2028, 3, 1), "eligible on a leap day"),
    (date(2027, 2, 28), date(2026, 12, 31), date(2026, 10, 1), date(2027, 3, 1), "eligible on the last of Feb"),
    (date(2024, 8, 14), date(2026, 3, 13), date(2026, 6, 30), date(2026, 7, 1), "applied after leaving (deferred)"),
    (date(2026, 9, 14), date(2026, 5, 29), date(2026, 2, 10), date(2026, 10, 1), "eligibility comes last"),
    (date(2024, 8, 14), date(2026, 12, 31), date(2026, 9, 1), date(2027, 1, 1), "December: next January"),
    (date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 1), date(2027, 1, 1), "all on the 1st of December"),
]


@pytest.mark.parametrize("eligible, terminated, submitted, red, why", CASES, ids=[case[4] for case in CASES])
def test_the_red_is_the_first_of_the_month_after_the_latest_of_the_three(eligible, terminated, submitted, red, why):
    assert retirement_effective_date(eligible_on=eligible, terminated_on=terminated, submitted_on=submitted) == red


def test_eligibility_reached_on_the_first_of_a_month_is_already_a_red():
    # Born 1966-07-01: 60 on 2026-07-01 itself (RULES §3), the date the engine gives for FULL_60_10.
    red = retirement_effective_date(eligible_on=date(2026, 7, 1), terminated_on=date(2026, 5, 29),
                                    submitted_on=date(2026, 3, 2))
    assert red == date(2026, 7, 1)


def test_eligibility_reached_on_the_second_waits_for_the_next_month():
    red = retirement_effective_date(eligible_on=date(2026, 7, 2), terminated_on=date(2026, 5, 29),
                                    submitted_on=date(2026, 3, 2))
    assert red == date(2026, 8, 1)


@pytest.mark.parametrize("red, apply_by", [
    (date(2026, 6, 1), date(2026, 3, 1)),
    (date(2026, 3, 1), date(2025, 12, 1)),
    (date(2027, 1, 1), date(2026, 10, 1)),
    (date(2028, 5, 1), date(2028, 2, 1)),
])
def test_apply_by_is_three_months_before_the_red(red, apply_by):
    assert recommended_apply_by(red) == apply_by
