"""The fitted actuarial basis: survivor-option factors, annuities and service-purchase cost (RULES §6, §2).

The fit figures are recomputed here from `pensions.engine.actuarial` (not read from docs/actuarial-fit.md).
"""

import csv
import json
import subprocess
import sys
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pensions.engine import actuarial

DATA = Path(actuarial.__file__).resolve().parent / "data"
FRACTIONS = {100: Decimal(1), 75: Decimal("0.75"), 50: Decimal("0.5")}
# RULES §6: the published 100% and 50% columns behave as truncated to two decimals, the 75% column as rounded.
TABLE_ROUNDING = {100: ROUND_DOWN, 75: ROUND_HALF_UP, 50: ROUND_DOWN}
CENT = Decimal("0.01")
PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

retiree_months = st.integers(min_value=18 * 12, max_value=100 * 12)
beneficiary_months = st.integers(min_value=0, max_value=110 * 12)
fractions = st.sampled_from(sorted(FRACTIONS.values()))


def published_cells():
    with (DATA / "survivor_option_factors.csv").open(newline="") as handle:
        return [(int(row["option_percent"]), int(row["retiree_age"]), int(row["beneficiary_age"]),
                 Decimal(row["factor"])) for row in csv.DictReader(handle)]


def exact_factor(percent, retiree_age, beneficiary_age):
    return actuarial.survivor_option_factor_exact(survivor_fraction=FRACTIONS[percent],
                                                  retiree_age_months=retiree_age * 12,
                                                  beneficiary_age_months=beneficiary_age * 12)


def factor(fraction, retiree, beneficiary):
    return actuarial.survivor_option_factor(survivor_fraction=fraction, retiree_age_months=retiree,
                                            beneficiary_age_months=beneficiary)


@pytest.fixture(scope="module")
def computed_cells():
    return [(percent, x, y, published, exact_factor(percent, x, y)) for percent, x, y, published in published_cells()]


# --- the fit (RULES §6) ------------------------------------------------------------------------------------------


def test_the_published_table_has_855_cells():
    """RULES §6: retiree ages 48–66 × beneficiary odd ages 41–69 × 100/75/50%."""
    assert len(published_cells()) == 855


def test_the_basis_reproduces_at_least_95_percent_of_the_published_cells_under_the_tables_rounding(computed_cells):
    """RULES §6 / issue 4: ≥ 95% of the 855 cells reproduced exactly (100% and 50% truncated, 75% rounded)."""
    exact = sum(1 for percent, _, _, published, computed in computed_cells
                if computed.quantize(CENT, rounding=TABLE_ROUNDING[percent]) == published)
    assert exact >= 813  # 95% of 855 = 812.25


def test_every_published_cell_is_within_a_hundredth_of_the_unrounded_computed_factor(computed_cells):
    """RULES §6 / issue 4: every one of the 855 published cells within 0.01 of the computed factor."""
    worst = max(abs(computed - published) for _, _, _, published, computed in computed_cells)
    assert worst < Decimal("0.01")


def test_the_fit_figures_stored_with_the_basis_are_what_the_engine_computes(computed_cells):
    """RULES §6: the report's exact-match count and largest error come from this very basis."""
    fit = actuarial.basis()["fit"]
    exact = sum(1 for percent, _, _, published, computed in computed_cells
                if computed.quantize(CENT, rounding=TABLE_ROUNDING[percent]) == published)
    worst = max(abs(computed - published) for _, _, _, published, computed in computed_cells)
    assert exact == fit["exact_cells"]
    assert abs(worst - Decimal(str(fit["max_abs_error"]))) < Decimal("0.000001")


def test_the_tables_own_rounding_fits_better_than_rounding_every_column(computed_cells):
    """RULES §6: the table follows truncate/round/truncate, not plain rounding."""
    def matches(rounding_of):
        return sum(1 for percent, _, _, published, computed in computed_cells
                   if computed.quantize(CENT, rounding=rounding_of(percent)) == published)

    table_convention = matches(TABLE_ROUNDING.get)
    all_rounded = matches(lambda _: ROUND_HALF_UP)
    all_truncated = matches(lambda _: ROUND_DOWN)
    assert table_convention > all_rounded + 50
    assert table_convention > all_truncated + 50


def test_mr_mac_at_57_with_a_51_year_old_beneficiary_gets_the_published_factors():
    """RULES §6: Mr. Mac 57/51 — published .84 / .88 / .91, computed ≈ 0.8485 / 0.8819 / 0.9181."""
    computed = {percent: exact_factor(percent, 57, 51) for percent in FRACTIONS}
    assert [computed[p].quantize(CENT, rounding=TABLE_ROUNDING[p]) for p in (100, 75, 50)] == [
        Decimal("0.84"), Decimal("0.88"), Decimal("0.91")]
    for percent, quoted in ((100, "0.8485"), (75, "0.8819"), (50, "0.9181")):
        assert abs(computed[percent] - Decimal(quoted)) < Decimal("0.001")


def test_mr_mac_three_decimal_factors_are_rounded_half_up():
    """RULES §6 [002]: modern estimates show factors to three decimals."""
    assert [factor(FRACTIONS[p], 57 * 12, 51 * 12) for p in (100, 75, 50)] == [
        Decimal("0.848"), Decimal("0.882"), Decimal("0.918")]


def test_a_three_decimal_factor_is_the_exact_factor_rounded_half_up():
    """RULES §6: three decimals, half-up."""
    exact = actuarial.survivor_option_factor_exact(survivor_fraction=Decimal("0.75"), retiree_age_months=700,
                                                   beneficiary_age_months=650)
    assert factor(Decimal("0.75"), 700, 650) == exact.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    assert factor(Decimal("0.75"), 700, 650).as_tuple().exponent == -3


# --- the basis as data -------------------------------------------------------------------------------------------


def test_the_basis_file_names_its_society_of_actuaries_tables_and_the_interest_rate():
    """RULES §6: a documented mortality table and interest rate."""
    data = json.loads((DATA / "actuarial_basis.json").read_text(encoding="utf-8"))
    for life in ("retiree", "beneficiary"):
        assert data[life]["tables"] and all(t["id"] and t["name"] and t["reference"] for t in data[life]["tables"])
        assert sum(Decimal(str(t["weight"])) for t in data[life]["tables"]) == 1
        assert len(data[f"q_{life}"]) == 121
    assert Decimal("0.05") <= Decimal(data["interest_rate"]) <= Decimal("0.09")
    assert data["payment_frequency"] == 12


def test_the_actuarial_modules_import_neither_pymort_nor_numpy_nor_django():
    """Issue 4: the engine is pure Python; only the fit script uses pymort (and numpy)."""
    code = ("import sys; from pensions.engine import actuarial, equated; "
            "actuarial.survivor_option_factor(survivor_fraction=actuarial.Decimal(1), retiree_age_months=700, "
            "beneficiary_age_months=650); "
            "print(sorted(m for m in ('pymort', 'numpy', 'pandas', 'django') if m in sys.modules))")
    root = Path(actuarial.__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- properties of the factor (RULES §6; issue 4 "Done when") -----------------------------------------------------


@PROPERTIES
@given(retiree_months, beneficiary_months, fractions)
def test_every_factor_is_in_the_unit_interval(retiree, beneficiary, fraction):
    """Issue 4: factors in (0, 1], for any plausible ages."""
    assert Decimal(0) < factor(fraction, retiree, beneficiary) <= Decimal(1)


@PROPERTIES
@given(retiree_months, beneficiary_months)
def test_the_100_percent_factor_is_at_most_the_75_percent_factor_which_is_at_most_the_50_percent_factor(
        retiree, beneficiary):
    """Issue 4: 100% ≤ 75% ≤ 50% factors for the same ages."""
    f100, f75, f50 = (factor(FRACTIONS[p], retiree, beneficiary) for p in (100, 75, 50))
    assert f100 <= f75 <= f50


@PROPERTIES
@given(retiree_months, beneficiary_months, st.integers(min_value=1, max_value=240), fractions)
def test_an_older_beneficiary_never_gives_a_smaller_factor(retiree, beneficiary, older_by, fraction):
    """RULES §6: the older the beneficiary, the cheaper the survivor cover, the larger the factor."""
    older = min(beneficiary + older_by, 110 * 12)
    assert factor(fraction, retiree, beneficiary) <= factor(fraction, retiree, older)


@PROPERTIES
@given(retiree_months, beneficiary_months, st.integers(min_value=1, max_value=240), fractions)
def test_an_older_retiree_never_gives_a_larger_factor(retiree, beneficiary, older_by, fraction):
    """RULES §6: the older the retiree, the more the survivor cover costs, the smaller the factor."""
    older = min(retiree + older_by, 100 * 12)
    assert factor(fraction, retiree, beneficiary) >= factor(fraction, older, beneficiary)


def test_factors_are_strictly_monotone_in_both_ages_on_every_whole_age_pair():
    """RULES §6: checked exhaustively on the whole-age grid the interpolation rests on (retiree 18–100,
    beneficiary 0–109)."""
    ratio = actuarial._ratio
    for x in range(18, 101):
        row = [ratio(x * 12, y * 12) for y in range(0, 110)]
        assert all(a < b for a, b in zip(row, row[1:])), x
    for y in range(0, 110):
        column = [ratio(x * 12, y * 12) for x in range(18, 101)]
        assert all(a > b for a, b in zip(column, column[1:])), y


@PROPERTIES
@given(st.integers(min_value=18 * 12, max_value=100 * 12 - 1), st.integers(min_value=0, max_value=108 * 12),
       fractions)
def test_a_factor_between_whole_ages_lies_between_the_factors_at_the_surrounding_whole_ages(retiree, beneficiary,
                                                                                            fraction):
    """Documented interpolation: exact at whole ages, bilinear in the ages (in months) between them."""
    x, y = retiree // 12 * 12, beneficiary // 12 * 12
    corners = [actuarial.survivor_option_factor_exact(survivor_fraction=fraction, retiree_age_months=a,
                                                      beneficiary_age_months=b)
               for a in (x, x + 12) for b in (y, y + 12)]
    value = actuarial.survivor_option_factor_exact(survivor_fraction=fraction, retiree_age_months=retiree,
                                                   beneficiary_age_months=beneficiary)
    assert min(corners) <= value <= max(corners)


def _direct_monthly_ratio(retiree_months_, beneficiary_months_):
    """ä⁽¹²⁾_xy / ä⁽¹²⁾_y by brute force, month by month, from the basis file (floats; UDD between whole ages)."""
    data = actuarial.basis()
    v = (1 + float(data["interest_rate"])) ** (-1 / 12)

    def l_of(qs):
        out = [1.0]
        for q in qs:
            out.append(out[-1] * (1 - float(q)))
        out[-1] = 0.0
        return out

    lr, lb = l_of(data["q_retiree"]), l_of(data["q_beneficiary"])

    def at(l, months):
        age, m = divmod(months, 12)
        return 0.0 if age >= len(l) - 1 else l[age] + (l[age + 1] - l[age]) * m / 12

    joint = single = 0.0
    for m in range(12 * 121):
        pb = at(lb, beneficiary_months_ + m) / at(lb, beneficiary_months_)
        pr = at(lr, retiree_months_ + m) / at(lr, retiree_months_)
        joint += v ** m * pr * pb
        single += v ** m * pb
    return joint / single


@pytest.mark.parametrize("retiree_age, beneficiary_age", [(48, 41), (57, 51), (66, 69), (30, 2), (95, 60)])
def test_at_whole_ages_the_factor_is_the_exact_monthly_annuity_ratio(retiree_age, beneficiary_age):
    """RULES §6: ä are monthly annuities-due; the closed form equals the month-by-month sum at whole ages."""
    ratio = actuarial._ratio(retiree_age * 12, beneficiary_age * 12)
    assert abs(float(ratio) - _direct_monthly_ratio(retiree_age * 12, beneficiary_age * 12)) < 1e-12


def test_the_pop_up_form_gives_the_factor_from_the_annuity_ratio():
    """RULES §6: F = ä_xy / (ä_xy + k(ä_y − ä_xy)) = r / (r + k(1 − r))."""
    r = actuarial._ratio(60 * 12, 55 * 12)
    for fraction in FRACTIONS.values():
        exact = actuarial.survivor_option_factor_exact(survivor_fraction=fraction, retiree_age_months=720,
                                                       beneficiary_age_months=660)
        assert abs(exact - r / (r + fraction * (1 - r))) < Decimal("1e-25")


@pytest.mark.parametrize("beneficiary", [0, 110 * 12, 119 * 12 + 11])
def test_factors_exist_for_ages_far_outside_the_published_table(beneficiary):
    """RULES §6: outside the tables the factor is computed actuarially (newborn to very old beneficiaries)."""
    assert Decimal(0) < factor(Decimal(1), 18 * 12, beneficiary) <= Decimal(1)
    assert Decimal(0) < factor(Decimal(1), 100 * 12, beneficiary) <= Decimal(1)


@pytest.mark.parametrize("fraction", [Decimal(0), Decimal("1.01"), Decimal(-1)])
def test_a_survivor_fraction_outside_zero_to_one_is_refused(fraction):
    """RULES §6: survivor fractions are shares of the retiree's pension."""
    with pytest.raises(ValueError):
        factor(fraction, 700, 650)


def test_ages_must_be_whole_months_in_range():
    """The engine passes ages in completed months."""
    with pytest.raises(TypeError):
        factor(Decimal(1), 700.5, 650)
    with pytest.raises(ValueError):
        factor(Decimal(1), -1, 650)
    with pytest.raises(ValueError):
        factor(Decimal(1), 700, 120 * 12)


# --- annuities and the service-purchase cost (RULES §2) ------------------------------------------------------------


def test_a_whole_life_annuity_is_its_temporary_part_plus_its_deferred_part():
    """Annuity identities: ä_x = ä_{x:n} + n|ä_x."""
    whole = actuarial.annuity_due(age_months=661)
    temporary = actuarial.temporary_annuity_due(age_months=661, term_months=119)
    deferred = actuarial.annuity_due(age_months=661, deferred_months=119)
    assert abs(whole - temporary - deferred) < Decimal("1e-25")


def test_a_one_month_annuity_is_the_single_payment_due_now():
    """Unit: 1 a year paid 1/12 a month in advance."""
    assert abs(actuarial.temporary_annuity_due(age_months=600, term_months=1) - Decimal(1) / 12) < Decimal("1e-25")


def test_a_life_annuity_is_worth_less_than_the_same_payments_certain():
    """Mortality and interest both reduce the value."""
    i = actuarial.interest_rate()
    v = (1 + i) ** (Decimal(-1) / 12)
    certain_10_years = sum(v ** m for m in range(120)) / 12
    assert actuarial.temporary_annuity_due(age_months=55 * 12, term_months=120) < certain_10_years
    assert actuarial.annuity_due(age_months=55 * 12) > actuarial.annuity_due(age_months=65 * 12)


def test_the_single_life_annuity_at_a_whole_age_is_the_month_by_month_sum():
    """Monthly annuity-due, UDD between whole ages, same as the fit."""
    data = actuarial.basis()
    v = (1 + float(data["interest_rate"])) ** (-1 / 12)
    l = [1.0]
    for q in data["q_retiree"]:
        l.append(l[-1] * (1 - float(q)))
    l[-1] = 0.0
    at = lambda months: l[months // 12] + (l[months // 12 + 1] - l[months // 12]) * (months % 12) / 12  # noqa: E731
    age = 62 * 12 + 5
    brute = sum(v ** m * at(age + m) / at(age) for m in range(121 * 12 - age)) / 12
    assert abs(float(actuarial.annuity_due(age_months=age)) - brute) < 1e-12


@PROPERTIES
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50000), places=2),
       st.integers(min_value=25 * 12, max_value=64 * 12), st.integers(min_value=0, max_value=30 * 12))
def test_a_service_purchase_costs_something_positive(increase, age, wait):
    """RULES §2: the actuarial cost is the present value of the extra pension."""
    assert actuarial.service_purchase_cost(annual_pension_increase=increase, age_months=age,
                                           pension_start_age_months=age + wait) > 0


@PROPERTIES
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50000), places=2),
       st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2),
       st.integers(min_value=25 * 12, max_value=64 * 12), st.integers(min_value=0, max_value=30 * 12))
def test_a_larger_pension_increase_costs_more(increase, more, age, wait):
    """RULES §2: cost grows with the pension the service buys."""
    def cost(amount):
        return actuarial.service_purchase_cost(annual_pension_increase=amount, age_months=age,
                                               pension_start_age_months=age + wait)

    assert cost(increase + more) > cost(increase)


def test_the_service_purchase_cost_is_the_increase_times_the_deferred_annuity():
    """RULES §2: present value at today's age of the extra pension from its start."""
    cost = actuarial.service_purchase_cost(annual_pension_increase=Decimal(1200), age_months=50 * 12,
                                           pension_start_age_months=60 * 12)
    assert abs(cost - Decimal(1200) * actuarial.annuity_due(age_months=600, deferred_months=120)) < Decimal("1e-20")
    assert cost < Decimal(1200) * actuarial.annuity_due(age_months=720)  # waiting ten years makes it cheaper


def test_a_pension_that_starts_before_today_is_refused():
    """RULES §2: the cost is computed at the member's current age for a pension that starts now or later."""
    with pytest.raises(ValueError):
        actuarial.service_purchase_cost(annual_pension_increase=Decimal(100), age_months=720,
                                        pension_start_age_months=719)


# --- a basis fitted with Woolhouse's approximation (the fit script may choose it on a re-run) ----------------------


@pytest.fixture
def woolhouse_basis(monkeypatch):
    data = {**actuarial.basis(), "monthly_method_key": "woolhouse"}
    monkeypatch.setattr(actuarial, "basis", lambda: data)
    actuarial.reload_basis()
    yield data
    monkeypatch.undo()
    actuarial.reload_basis()


def _annual_sums(data, retiree_age, beneficiary_age):
    v = 1 / (1 + float(data["interest_rate"]))

    def l_of(qs):
        out = [1.0]
        for q in qs:
            out.append(out[-1] * (1 - float(q)))
        return out

    lr, lb = l_of(data["q_retiree"]), l_of(data["q_beneficiary"])
    single_x = sum(v ** t * lr[retiree_age + t] / lr[retiree_age] for t in range(121 - retiree_age))
    single_y = sum(v ** t * lb[beneficiary_age + t] / lb[beneficiary_age] for t in range(121 - beneficiary_age))
    joint = sum(v ** t * lr[retiree_age + t] / lr[retiree_age] * lb[beneficiary_age + t] / lb[beneficiary_age]
                for t in range(121 - max(retiree_age, beneficiary_age)))
    return single_x, single_y, joint


def test_on_a_woolhouse_basis_a_monthly_annuity_is_the_annual_one_less_eleven_24ths(woolhouse_basis):
    """RULES §6 monthly annuities-due, Woolhouse: ä⁽¹²⁾ = ä − 11/24."""
    single_x, _, _ = _annual_sums(woolhouse_basis, 60, 55)
    assert abs(float(actuarial.annuity_due(age_months=720)) - (single_x - 11 / 24)) < 1e-12


def test_on_a_woolhouse_basis_the_factor_uses_woolhouse_joint_and_single_annuities(woolhouse_basis):
    """RULES §6 pop-up factor on ä⁽¹²⁾ = ä − 11/24."""
    _, single_y, joint = _annual_sums(woolhouse_basis, 60, 55)
    r = (joint - 11 / 24) / (single_y - 11 / 24)
    assert abs(float(actuarial._ratio(720, 660)) - r) < 1e-12
