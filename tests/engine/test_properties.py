"""Properties that must hold for every member (issue #4 "Done when"; RULES §3, §5, §6)."""

import importlib.util
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pensions.engine.dates import add_months, age_on
from pensions.engine.estimate import estimate
from pensions.engine.option_factors import SURVIVOR_FRACTIONS, OptionName, actuarial_factor, published_table

from .members import request

STRUCTURES = {
    "SERS": ["DB_CLASSIFIED", "DB_30", "DB_DC_BLEND"],
    "MPSERS": ["BASIC", "BASIC_4", "BASIC_DC_CONVERTED", "MIP_FIXED", "MIP_GRADED", "MIP_PLUS", "MIP_7",
               "MIP_DC_CONVERTED"],
}
EMPLOYMENT_TYPES = ["REGULAR", "COVERED", "CONSERVATION_OFFICER", "UNCLASSIFIED", "FACILITY_CLOSURE"]
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

birth_dates = st.dates(min_value=date(1935, 1, 1), max_value=date(1975, 12, 31))
ages_in_months = st.integers(min_value=40 * 12, max_value=70 * 12)
money = st.decimals(min_value=Decimal(5000), max_value=Decimal(250000), places=2)
years = st.decimals(min_value=Decimal(0), max_value=Decimal(45), places=4)


@st.composite
def members(draw):
    system = draw(st.sampled_from(["SERS", "MPSERS"]))
    birth = draw(birth_dates)
    red = add_months(date(birth.year, birth.month, 1), draw(ages_in_months) + 1)
    member = {
        "system": system,
        "structure": draw(st.sampled_from(STRUCTURES[system])),
        "employment_type": draw(st.sampled_from(EMPLOYMENT_TYPES)) if system == "SERS" else "REGULAR",
        "active": draw(st.booleans()),
        "birth_date": birth.isoformat(),
        "retirement_effective_date": red.isoformat(),
        "fac": str(draw(money)),
        "hire_date": date(birth.year + 20, 1, 1).isoformat(),
        "contributions_stop_at_30": draw(st.booleans()),
    }
    return member


def monthly_pension(member: dict, yos: Decimal, **changes) -> Decimal:
    """The initial monthly pension the member would get (zero when not eligible)."""
    result = estimate(request(member, yos=str(yos), **changes))
    if result.provision is None:
        return Decimal(0)
    return result.options[0].monthly + (result.supplemental.monthly if result.supplemental else Decimal(0))


@PROPERTY_SETTINGS
@given(members(), years, years, st.decimals(min_value=Decimal(0), max_value=Decimal(1), places=2))
def test_more_service_never_lowers_a_pension(member, first, second, share):
    """Issue #4: more service never lowers a pension (RULES §3, §5)."""
    fewer, more = sorted((first, second))
    special = {"covered_yos": str(fewer * share), "conservation_officer_yos": str(fewer * share),
               "facility_yos": str(fewer * share), "yos_after_2013_02_01": str(fewer * share / 2),
               "yos_after_dc_switch": str(fewer * share / 2)}
    assert monthly_pension(member, fewer, **special) <= monthly_pension(member, more, **special)


# Early reduced applies only between 55 and 60 (RULES §3), so most drawn members are filtered out.
@settings(PROPERTY_SETTINGS, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(members(), st.decimals(min_value=Decimal(15), max_value=Decimal("29.9999"), places=4),
       st.integers(min_value=1, max_value=72))
def test_a_later_retirement_date_never_lowers_an_early_reduced_pension(member, yos, months_later):
    """Issue #4 / RULES §3: the reduction shrinks as the RED moves toward 60."""
    member = {**member, "active": True, "employment_type": "REGULAR"}
    first = estimate(request(member, yos=str(yos)))
    assume(first.early_reduced)
    later_red = add_months(first.retirement_effective_date, months_later).isoformat()
    later = estimate(request(member, yos=str(yos), retirement_effective_date=later_red))
    later_monthly = later.options[0].monthly + (later.supplemental.monthly if later.supplemental else 0)
    assert first.early_reduced_monthly <= later_monthly


@PROPERTY_SETTINGS
@given(members(), years, st.integers(min_value=48, max_value=66), st.sampled_from(range(41, 70, 2)))
def test_survivor_amount_is_at_most_the_retirees_which_is_at_most_straight_life(member, yos, retiree, beneficiary):
    """Issue #4 / RULES §6: survivor ≤ retiree ≤ straight life (published factors)."""
    birth = date.fromisoformat(member["birth_date"])
    red = date(birth.year + retiree, birth.month, 1) if birth.day == 1 else date(birth.year + retiree, birth.month, 28)
    red = add_months(date(red.year, red.month, 1), 1)
    beneficiary_birth = date(red.year - beneficiary, red.month, 1).isoformat()
    result = estimate(request(member, yos=str(yos), retirement_effective_date=red.isoformat(),
                              beneficiary_birth_date=beneficiary_birth, option_factors="published"))
    straight = result.options[0]
    assert straight.option is OptionName.STRAIGHT_LIFE
    for option in result.options[1:]:
        assert option.survivor_monthly <= option.monthly <= straight.monthly


def test_every_published_factor_is_in_the_unit_interval():
    """Issue #4: factors in (0, 1] (all 855 published cells)."""
    assert all(Decimal(0) < factor <= Decimal(1) for factor in published_table().values())


def test_published_factors_rise_as_the_survivor_share_falls():
    """Issue #4: 100% ≤ 75% ≤ 50% factors for the same ages (all 285 published age pairs)."""
    table = published_table()
    pairs = {(retiree, beneficiary) for _, retiree, beneficiary in table}
    assert len(pairs) == 285
    for retiree, beneficiary in pairs:
        hundred, seventy_five, fifty = (table[(share, retiree, beneficiary)] for share in (100, 75, 50))
        assert hundred <= seventy_five <= fifty


def test_the_survivor_fractions_are_the_three_options():
    """RULES §6: 100 / 75 / 50% survivor options."""
    assert sorted(SURVIVOR_FRACTIONS.values()) == [Decimal("0.5"), Decimal("0.75"), Decimal(1)]


needs_actuarial_basis = pytest.mark.skipif(
    importlib.util.find_spec("pensions.engine.actuarial") is None,
    reason="pensions/engine/actuarial.py (the fitted basis) is not installed",
)


@needs_actuarial_basis
@PROPERTY_SETTINGS
@given(st.integers(min_value=40 * 12, max_value=80 * 12), st.integers(min_value=20 * 12, max_value=90 * 12),
       st.sampled_from(sorted(SURVIVOR_FRACTIONS.values())))
def test_every_actuarial_factor_is_in_the_unit_interval(retiree_months, beneficiary_months, fraction):
    """Issue #4: factors in (0, 1] — on the actuarial basis, for any ages."""
    from pensions.engine.option_factors import actuarial_factor

    assert Decimal(0) < actuarial_factor(fraction, retiree_months, beneficiary_months) <= Decimal(1)


@needs_actuarial_basis
@PROPERTY_SETTINGS
@given(st.integers(min_value=40 * 12, max_value=80 * 12), st.integers(min_value=20 * 12, max_value=90 * 12))
def test_actuarial_factors_rise_as_the_survivor_share_falls(retiree_months, beneficiary_months):
    """Issue #4: 100% ≤ 75% ≤ 50% factors for the same ages — on the actuarial basis."""
    from pensions.engine.option_factors import actuarial_factor

    factors = [actuarial_factor(Decimal(share), retiree_months, beneficiary_months) for share in ("1", "0.75", "0.5")]
    assert factors[0] <= factors[1] <= factors[2]


# --- issue 14 (RULES §3, §5, §6) ------------------------------------------------------------------------------------

retiree_months = st.integers(min_value=40 * 12, max_value=80 * 12)
beneficiary_months = st.integers(min_value=18 * 12, max_value=100 * 12)


@PROPERTY_SETTINGS
@given(retiree_months, beneficiary_months, beneficiary_months, st.sampled_from(list(SURVIVOR_FRACTIONS.values())))
def test_rules_6_a_factor_never_falls_as_the_beneficiary_gets_older(retiree, first, second, fraction):
    """RULES §6: for a fixed retiree age the (three-decimal, actuarial) factor never falls as the beneficiary's
    age rises."""
    younger, older = sorted((first, second))
    assert actuarial_factor(fraction, retiree, younger) <= actuarial_factor(fraction, retiree, older)


@PROPERTY_SETTINGS
@given(retiree_months, beneficiary_months)
def test_rules_6_the_100_percent_factor_is_below_the_75_which_is_below_the_50(retiree, beneficiary):
    """RULES §6: a larger survivor share costs more. At three decimals factors within a thousandth of 1 (a
    beneficiary over 50 years older than the retiree) can round equal, so there the order is not strict."""
    f100, f75, f50 = (actuarial_factor(SURVIVOR_FRACTIONS[option], retiree, beneficiary)
                      for option in (OptionName.SURVIVOR_100, OptionName.SURVIVOR_75, OptionName.SURVIVOR_50))
    assert Decimal(0) < f100 <= f75 <= f50 <= Decimal(1)
    if beneficiary - retiree <= 40 * 12:
        assert f100 < f75 < f50


@PROPERTY_SETTINGS
@given(members(), years)
def test_rules_3_early_reduced_implies_an_age_under_60(member, yos):
    """RULES §3: "Early reduced applies only before age 60"."""
    result = estimate(request(member, yos=str(yos)))
    if result.early_reduced:
        assert result.age.years < 60
        assert Decimal(0) < result.reduction <= Decimal("0.025") * 12  # at most 60 months before 60
    for status in result.statuses:
        if status.provision.value == "EARLY_REDUCED" and status.eligible_from is not None:
            assert age_on(date.fromisoformat(member["birth_date"]), status.eligible_from).years < 60


@PROPERTY_SETTINGS
@given(members(), st.integers(min_value=2, max_value=30), st.integers(min_value=1, max_value=8 * 26),
       st.sampled_from(["40", "60", "80"]))
def test_rules_5_projected_service_never_earns_more_than_earned_service_of_the_same_dates(member, years_worked,
                                                                                         periods_ahead, hours):
    """RULES §5: service projected from the pay periods to the RED never earns more (service or pension) than the
    same periods reported as earned."""
    red = date.fromisoformat(member["retirement_effective_date"])
    worked = [{"start": (red - timedelta(days=14 * (n + 1))).isoformat(),
               "end": (red - timedelta(days=14 * n + 1)).isoformat(), "cycle": "BIWEEKLY", "hours": hours}
              for n in range(26 * years_worked)][::-1]
    reported, still_to_work = worked[:-periods_ahead], worked[-periods_ahead:]
    assume(reported)
    base = {**member, "active": True}
    projected = estimate(request(base, service_records=reported))
    earned = estimate(request(base, service_records=reported + still_to_work, projected_yos="0"))
    assert projected.service.credited_yos <= earned.service.credited_yos
    assert projected.straight_life_annual <= earned.straight_life_annual
