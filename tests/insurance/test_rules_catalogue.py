"""The catalogue and change rules added for the pages (insurance/rules/catalogue.py; RULES §10; [002] step 3)."""

from datetime import date

import pytest

from insurance.rules.catalogue import (
    OTHER_COVERAGE_ANSWER_DAYS,
    CoverageTier,
    MedicareMix,
    ServiceArea,
    cancellation_coverage_ends,
    coverage_ends_without_verification,
    coverage_tier,
    fiscal_year,
    fiscal_year_starts,
    has_medicare,
    medicare_mix,
    plan_offered,
    verification_answer_due,
    verification_requested_on,
)


@pytest.mark.parametrize(("day", "year"), [
    (date(2026, 9, 30), 2026), (date(2026, 10, 1), 2027), (date(2026, 12, 31), 2027), (date(2027, 1, 1), 2027),
])
def test_the_rates_of_a_new_fiscal_year_apply_from_october_first(day, year):
    assert fiscal_year(day) == year


def test_a_fiscal_year_starts_on_the_first_of_october_of_the_year_before():
    assert fiscal_year_starts(2027) == date(2026, 10, 1)
    assert fiscal_year(fiscal_year_starts(2027)) == 2027


@pytest.mark.parametrize(("people", "tier"), [(1, CoverageTier.ONE_PERSON), (2, CoverageTier.TWO_PEOPLE),
                                              (3, CoverageTier.FAMILY), (7, CoverageTier.FAMILY)])
def test_the_tier_counts_everyone_covered(people, tier):
    assert coverage_tier(people) is tier


def test_nobody_covered_is_not_a_tier():
    with pytest.raises(ValueError):
        coverage_tier(0)


def test_medicare_means_both_part_a_and_part_b():
    assert has_medicare(part_a_effective=date(2020, 1, 1), part_b_effective=date(2020, 1, 1))
    assert not has_medicare(part_a_effective=date(2020, 1, 1), part_b_effective=None)
    assert not has_medicare(part_a_effective=None, part_b_effective=date(2020, 1, 1))


@pytest.mark.parametrize(("flags", "mix"), [([False], MedicareMix.NONE), ([True], MedicareMix.ALL),
                                            ([True, False], MedicareMix.SOME), ([True, True, True], MedicareMix.ALL),
                                            ([], MedicareMix.NONE)])
def test_the_medicare_mix_of_the_people_covered(flags, mix):
    assert medicare_mix(flags) is mix


@pytest.mark.parametrize(("area", "state", "postal_code", "offered"), [
    (ServiceArea.NATIONWIDE, "FL", "33101", True),
    (ServiceArea.MICHIGAN, "FL", "33101", False),
    (ServiceArea.REGIONAL, "OH", "48933", False),  # a Michigan-looking ZIP does not make Ohio Michigan
    (ServiceArea.MICHIGAN, "MI", "49855", True),
    (ServiceArea.REGIONAL, "MI", "48933", True),
    (ServiceArea.REGIONAL, "MI", "49855", False),
    (ServiceArea.REGIONAL, "mi", "48101", True),
])
def test_outside_michigan_only_a_nationwide_plan_is_offered(area, state, postal_code, offered):
    assert plan_offered(service_area=area, zip_prefixes=["481", "489"], state=state,
                        postal_code=postal_code) is offered


def test_without_an_address_no_plan_is_excluded():
    assert plan_offered(service_area=ServiceArea.REGIONAL, zip_prefixes=["481"], state=None, postal_code=None)


@pytest.mark.parametrize(("reported", "ends"), [
    (date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 11, 30), date(2026, 11, 30)),
    (date(2028, 2, 3), date(2028, 2, 29)), (date(2026, 12, 31), date(2026, 12, 31)),
])
def test_cancelled_coverage_runs_to_the_end_of_the_month_it_was_reported(reported, ends):
    assert cancellation_coverage_ends(reported) == ends


@pytest.mark.parametrize(("begins", "on", "requested"), [
    (date(2024, 3, 1), date(2025, 2, 28), None),
    (date(2024, 3, 1), date(2025, 3, 1), date(2025, 3, 1)),
    (date(2024, 3, 1), date(2027, 2, 28), date(2026, 3, 1)),
    (date(2024, 2, 29), date(2025, 2, 28), date(2025, 2, 28)),
    (date(2024, 2, 29), date(2025, 2, 27), None),
])
def test_other_coverage_is_verified_on_each_anniversary_of_the_coverage(begins, on, requested):
    assert verification_requested_on(coverage_begins=begins, on=on) == requested


def test_the_answer_is_due_thirty_days_after_the_request_and_coverage_ends_with_that_month():
    due = verification_answer_due(date(2026, 3, 1))
    assert OTHER_COVERAGE_ANSWER_DAYS == 30 and due == date(2026, 3, 31)
    assert coverage_ends_without_verification(due) == date(2026, 3, 31)
    assert coverage_ends_without_verification(verification_answer_due(date(2026, 3, 2))) == date(2026, 4, 30)


def test_the_month_numbers_read_as_words():
    from insurance.rules.effective_dates import ordinal

    assert [ordinal(n) for n in (1, 2, 6, 4)] == ["first", "second", "sixth", "4th"]
