"""The equated plan: Social Security at 65 and the equated advance on the fitted basis (RULES §6)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pensions.engine import actuarial, equated

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def at_65(fra_amount, birth_date):
    return equated.social_security_at_65(fra_amount=Decimal(fra_amount), birth_date=birth_date)


def reduced(amount, months_early):
    """SSA: 5/9 of 1% a month for the first 36 months early, 5/12 of 1% beyond (exact, as a Fraction)."""
    first = min(months_early, 36)
    return Fraction(amount) * (1 - Fraction(5, 900) * first - Fraction(5, 1200) * (months_early - first))


def assert_close(value, expected):
    assert abs(Fraction(value) - expected) < Fraction(1, 10 ** 20)


# --- full retirement age by year of birth (SSA) -----------------------------------------------------------------------


@pytest.mark.parametrize("birth, fra_months", [
    (date(1937, 6, 15), 65 * 12),
    (date(1938, 6, 15), 65 * 12 + 2),
    (date(1942, 6, 15), 65 * 12 + 10),
    (date(1943, 6, 15), 66 * 12),
    (date(1954, 6, 15), 66 * 12),
    (date(1955, 6, 15), 66 * 12 + 2),
    (date(1959, 6, 15), 66 * 12 + 10),
    (date(1960, 6, 15), 67 * 12),
    (date(1975, 6, 15), 67 * 12),
])
def test_the_full_retirement_age_follows_the_year_of_birth(birth, fra_months):
    """RULES §6 / SSA: 65 to 1937, +2 months a year 1938–1942, 66 for 1943–1954, +2 months 1955–1959, 67 from 1960."""
    assert equated.full_retirement_age_months(birth) == fra_months


@pytest.mark.parametrize("birth, uses_year", [
    (date(1938, 1, 1), 1937),
    (date(1943, 1, 1), 1942),
    (date(1955, 1, 1), 1954),
    (date(1960, 1, 1), 1959),
    (date(1960, 1, 2), 1960),
    (date(1959, 12, 31), 1959),
])
def test_people_born_on_january_1_use_the_previous_year(birth, uses_year):
    """RULES §6 / SSA: "If you were born on January 1st, you should refer to the previous year"."""
    assert equated.social_security_birth_year(birth) == uses_year


# --- Social Security converted to age 65 ----------------------------------------------------------------------------


def test_someone_born_in_1937_gets_the_full_amount_at_65():
    """SSA: full retirement age 65 for 1937 and earlier — no reduction at 65."""
    assert at_65("1533", date(1937, 12, 31)) == Decimal("1533")


def test_someone_born_in_1938_is_reduced_for_2_months():
    """SSA: FRA 65 and 2 months; 2 × 5/9 of 1%."""
    assert_close(at_65("1600", date(1938, 7, 1)), reduced(1600, 2))


def test_someone_born_on_1_january_1938_is_treated_as_born_in_1937():
    """SSA January 1 rule at the 1937/1938 boundary."""
    assert at_65("1600", date(1938, 1, 1)) == Decimal("1600")


def test_someone_born_in_1943_is_reduced_for_12_months():
    """SSA: FRA 66 for 1943–1954."""
    assert_close(at_65("1800", date(1943, 3, 10)), reduced(1800, 12))


def test_someone_born_on_1_january_1943_uses_the_1942_full_retirement_age():
    """SSA January 1 rule at the 1942/1943 boundary: 65 and 10 months."""
    assert_close(at_65("1800", date(1943, 1, 1)), reduced(1800, 10))


def test_someone_born_in_1954_and_in_1955_differ_by_two_months():
    """SSA: 66 for 1954, 66 and 2 months for 1955."""
    assert_close(at_65("2000", date(1954, 12, 31)), reduced(2000, 12))
    assert_close(at_65("2000", date(1955, 1, 2)), reduced(2000, 14))
    assert_close(at_65("2000", date(1955, 1, 1)), reduced(2000, 12))


def test_someone_born_in_1960_is_reduced_for_24_months():
    """SSA: FRA 67 from 1960: 24 × 5/9 of 1% = 13⅓%."""
    assert_close(at_65("2400", date(1960, 5, 5)), reduced(2400, 24))
    assert_close(at_65("2400", date(1960, 1, 1)), reduced(2400, 22))


def test_the_reduction_is_five_twelfths_of_a_percent_a_month_beyond_36_months():
    """SSA (20 CFR 404.410): claiming at 62 with FRA 66 costs 25%, with FRA 67 30%."""
    assert equated.early_reduction(48) == Decimal("0.25")
    assert equated.early_reduction(60) == Decimal("0.30")
    assert equated.early_reduction(0) == 0


def test_the_equated_example_born_1948_converts_12_months_early():
    """RULES §6: born 1948 → FRA 66 → the age-65 amount is 93⅓% of the FRA amount."""
    assert_close(at_65("1642.50", date(1948, 4, 1)), reduced(Fraction("1642.50"), 12))


# --- the equated advance -------------------------------------------------------------------------------------------


def advance(social_security, age_months, until=65):
    return equated.equated_advance(social_security_age65=Decimal(social_security), retirement_age_months=age_months,
                                   until_age_years=until)


def test_the_published_example_advance_comes_out_within_2_percent_of_551():
    """RULES §6 / examples.json: retiring at 55 with a $1,533 age-65 estimate, the advance is $551 (±2%)."""
    value = advance("1533", 55 * 12)
    assert abs(value / Decimal(551) - 1) <= Decimal("0.02")


def test_the_stored_fit_records_the_same_example_advance():
    """The basis file records what this basis gives for the example (docs/actuarial-fit.md)."""
    stored = Decimal(str(actuarial.basis()["fit"]["equated_example"]["advance_on_this_basis"]))
    assert abs(advance("1533", 55 * 12) - stored) < Decimal("0.01")


def test_the_advance_is_actuarially_equivalent_to_the_reduction_after_65():
    """RULES §6: pre-65 = pension + A, post-65 = pension + A − S: A·ä_{x:n} = (S − A)·n|ä_x on the basis."""
    s, x = Decimal("1533"), 55 * 12 + 3
    a = advance(s, x)
    n = 65 * 12 - x
    gained = a * actuarial.temporary_annuity_due(age_months=x, term_months=n)
    repaid = (s - a) * actuarial.annuity_due(age_months=x, deferred_months=n)
    assert abs(gained - repaid) < Decimal("1e-20")


def test_no_social_security_means_no_advance():
    """RULES §6: the advance is a portion of the Social Security estimate."""
    assert advance("0", 55 * 12) == 0


@PROPERTIES
@given(st.decimals(min_value=Decimal(1), max_value=Decimal(5000), places=2),
       st.integers(min_value=40 * 12, max_value=65 * 12 - 1))
def test_the_advance_is_a_portion_of_the_social_security_estimate(social_security, age):
    """RULES §6: 0 < advance < the age-65 Social Security amount."""
    assert 0 < advance(social_security, age) < social_security


@PROPERTIES
@given(st.integers(min_value=40 * 12, max_value=65 * 12 - 2), st.integers(min_value=1, max_value=60))
def test_a_later_retirement_gives_a_larger_advance(age, later_by):
    """Fewer months to advance over, so each advance is larger."""
    later = min(age + later_by, 65 * 12 - 1)
    assert advance("1533", age) < advance("1533", later)


def test_the_advance_is_proportional_to_the_social_security_amount():
    """The basis is linear in the amounts."""
    assert abs(advance("3066", 660) - 2 * advance("1533", 660)) < Decimal("1e-20")


def test_mpsers_pays_the_advance_until_62():
    """RULES §6 [003]: MPSERS equated plan pays the advance until 62 — a shorter advance, so a larger one."""
    assert advance("1533", 55 * 12, until=62) > advance("1533", 55 * 12, until=65)


def test_retiring_at_or_after_the_end_of_the_advance_is_refused():
    """RULES §6: there is nothing to advance from 65 on (the plan itself closes at 64 on the RED)."""
    with pytest.raises(ValueError):
        advance("1533", 65 * 12)
