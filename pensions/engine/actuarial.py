"""Actuarial present values on the fitted basis: survivor-option factors, annuities, service-purchase cost.

RULES.md §6 (payment options, equated plan) and §2 ("actuarial cost" of purchased service). Pure Python: stdlib and
`Decimal` only — no Django, no numpy, no pymort at run time.

The basis
---------
`data/actuarial_basis.json`, written by `scripts/fit_option_factors.py` (see `docs/actuarial-fit.md`): the
mortality of the retiree and of the beneficiary (Society of Actuaries tables, blended and set back as fitted,
given as q_x for whole ages 0–120), the interest rate and the monthly-payment method, chosen as the basis that best
reproduces the published survivor-option table (`data/survivor_option_factors.csv`) under that table's own
rounding, and the published equated-plan example. Every function here uses that one basis; nothing is retyped.

Units and conventions
---------------------
* Ages and periods are in completed months (``int``).
* Annuity values are for 1 a **year** paid in twelve monthly instalments of 1/12 at the start of each month
  (an annuity-due, ä⁽¹²⁾). Multiply by an annual amount — or by 12 × a monthly amount — to get a present value.
* Between whole ages, l_x is linear (uniform distribution of deaths, UDD), the assumption the fit used; the
  single-life annuities below are therefore exact monthly sums at the member's age in months.
* Survivor-option factors are the pop-up form of RULES §6, F = ä_xy / (ä_xy + k·(ä_y − ä_xy)), which depends on
  the ages only through r = ä_xy / ä_y: F = r / (r + k·(1 − r)). r is computed exactly at whole ages and
  interpolated **bilinearly in the two ages in months** between them (so it is exact on every whole-age pair,
  continuous, and stays monotone in each age because the whole-age grid is); the factor then follows from r.
  (The published table gives whole ages only, so this convention is not fitted. A direct UDD computation at the
  fractional ages differs from it by up to about 0.0004 in r for retirees under 85 — UDD's within-year pattern
  of the force of mortality — and by up to about 0.005 at ages over 90.)
* Ages go up to 119 years 11 months. The tables end (q = 1) at their last age; an age beyond the oldest age a
  life can reach on the basis (109 for a table ending at 110 set forward one year) is valued at that age.
* Results are full-precision `Decimal`s, except `survivor_option_factor`, which is rounded half-up to three
  decimals as modern estimates show it (RULES §6 [002]).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache
from pathlib import Path

BASIS_FILE = Path(__file__).resolve().parent / "data" / "actuarial_basis.json"

MONTHS = 12
MAX_AGE_YEARS = 120  # q is given for whole ages 0..120 and q(120) = 1: nobody reaches 121
MAX_AGE_MONTHS = MAX_AGE_YEARS * MONTHS  # ages must be below this (in completed months)
RETIREE = "retiree"
BENEFICIARY = "beneficiary"
_LIVES = (RETIREE, BENEFICIARY)
_CTX = Context(prec=34, rounding=ROUND_HALF_EVEN)  # working precision of every actuarial sum
_ZERO, _ONE = Decimal(0), Decimal(1)
_THOUSANDTH = Decimal("0.001")


# ---------------------------------------------------------------------------------------------------------------
# The basis


@lru_cache(maxsize=1)
def basis() -> dict:
    """The fitted basis as stored (table ids and names with their SOA sources, weights, setbacks, interest rate,
    payment frequency and monthly method, q_x, and the fit figures)."""
    with BASIS_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if int(data["payment_frequency"]) != MONTHS:
        raise ValueError("the actuarial basis must be for monthly payments")
    if data["monthly_method_key"] not in ("udd", "woolhouse"):
        raise ValueError(f"unknown monthly method {data['monthly_method_key']!r}")
    for life in _LIVES:
        if len(data[f"q_{life}"]) != MAX_AGE_YEARS + 1:
            raise ValueError(f"q_{life} must give q for ages 0..{MAX_AGE_YEARS}")
    return data


def reload_basis() -> None:
    """Forget the cached basis and everything computed from it (after `data/actuarial_basis.json` changes)."""
    for cached in (basis, _v_monthly, _v_year, _l_whole, _oldest_age, _l_monthly, _udd_constants, _commutation,
                   _ratio_whole):
        getattr(cached, "cache_clear", lambda: None)()


def interest_rate() -> Decimal:
    return Decimal(basis()["interest_rate"])


def basis_summary() -> str:
    """One line naming the basis, for an estimate's footnote."""
    b = basis()

    def life(key: str) -> str:
        d = b[key]
        tables = " + ".join(f"{t['weight']:g} × {t['name']}" for t in d["tables"])
        sb = d["setback_years"]
        age = "" if sb == 0 else (f", set back {sb} y" if sb > 0 else f", set forward {-sb} y")
        return f"{tables}{age}"

    return (f"{b['family']['name']}: retiree {life(RETIREE)}; beneficiary {life(BENEFICIARY)}; "
            f"interest {Decimal(b['interest_rate']) * 100:f}%; monthly annuities-due")


@lru_cache(maxsize=1)
def _v_monthly() -> Decimal:
    """v^(1/12) = (1 + i)^(-1/12)."""
    with localcontext(_CTX):
        return (_ONE + interest_rate()) ** (Decimal(-1) / MONTHS)


@lru_cache(maxsize=1)
def _v_year() -> Decimal:
    with localcontext(_CTX):
        return _ONE / (_ONE + interest_rate())


@lru_cache(maxsize=2)
def _l_whole(life: str) -> tuple[Decimal, ...]:
    """l at whole ages 0..121 (l_0 = 1, l_121 = 0)."""
    if life not in _LIVES:
        raise ValueError(f"life must be {RETIREE!r} or {BENEFICIARY!r}")
    with localcontext(_CTX):
        out = [_ONE]
        for q in basis()[f"q_{life}"]:
            out.append(out[-1] * (_ONE - Decimal(q)))
    out[-1] = _ZERO
    return tuple(out)


@lru_cache(maxsize=2)
def _oldest_age(life: str) -> int:
    """The oldest whole age the basis's table reaches alive (l > 0); older ages are valued at this age."""
    lw = _l_whole(life)
    return max(age for age in range(len(lw)) if lw[age] > 0)


def _clamp(life: str, months: int) -> int:
    return min(months, _oldest_age(life) * MONTHS)


@lru_cache(maxsize=2)
def _l_monthly(life: str) -> tuple[Decimal, ...]:
    """l at every age in months 0..121·12, linear between whole ages (UDD)."""
    lw = _l_whole(life)
    with localcontext(_CTX):
        out = []
        for age in range(MAX_AGE_YEARS + 1):
            a, b = lw[age], lw[age + 1]
            step = (a - b) / MONTHS
            out.extend(a - step * m for m in range(MONTHS))
        out.append(lw[-1])
    return tuple(out)


@lru_cache(maxsize=1)
def _udd_constants() -> tuple[Decimal, Decimal, Decimal]:
    """C_j = (1/12)·Σ_{m=0..11} (m/12)^j · v^(m/12), j = 0, 1, 2: one year of monthly payments under UDD."""
    v = _v_monthly()
    with localcontext(_CTX):
        c = [_ZERO, _ZERO, _ZERO]
        vm = _ONE
        for m in range(MONTHS):
            s = Decimal(m) / MONTHS
            c[0] += vm
            c[1] += s * vm
            c[2] += s * s * vm
            vm *= v
        return tuple(x / MONTHS for x in c)


# ---------------------------------------------------------------------------------------------------------------
# Single-life annuities (exact monthly sums at ages in months)


@lru_cache(maxsize=2)
def _commutation(life: str) -> tuple[tuple[Decimal, ...], tuple[Decimal, ...]]:
    """Monthly commutation columns: D(m) = v^(m/12)·l(m) and N(m) = Σ_{n≥m} D(n) (UDD) — or, for a Woolhouse
    basis, N(m) = Σ_{t≥0} D(m + 12t), the annual-payment sum from age m."""
    lm = _l_monthly(life)
    v = _v_monthly()
    with localcontext(_CTX):
        D = []
        vm = _ONE
        for l in lm:
            D.append(vm * l)
            vm *= v
        N = [_ZERO] * (len(D) + MONTHS)
        step = 1 if basis()["monthly_method_key"] == "udd" else MONTHS
        for m in range(len(D) - 1, -1, -1):
            N[m] = D[m] + N[m + step]
    return tuple(D), tuple(N[: len(D)])


def _check_age(name: str, months: int) -> None:
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"{name} must be an int number of completed months")
    if not 0 <= months < MAX_AGE_MONTHS:
        raise ValueError(f"{name} must be between 0 and {MAX_AGE_MONTHS - 1} months")


def _check_period(name: str, months: int) -> None:
    if isinstance(months, bool) or not isinstance(months, int):
        raise TypeError(f"{name} must be an int number of months")
    if months < 0:
        raise ValueError(f"{name} must not be negative")


def _whole_life_from(life: str, age: int) -> Decimal:
    """Σ over the payments from age `age` (months) of v^t·l, i.e. D(age)·ä⁽¹²⁾(age), in the basis's method."""
    D, N = _commutation(life)
    if age >= len(D):
        return _ZERO
    with localcontext(_CTX):
        if basis()["monthly_method_key"] == "udd":
            return N[age] / MONTHS
        # Woolhouse: ä⁽¹²⁾ = ä − 11/24 with ä the annual-payment annuity-due
        return N[age] - Decimal(11) / 24 * D[age]


def annuity_due(*, age_months: int, deferred_months: int = 0, life: str = RETIREE) -> Decimal:
    """Present value at age `age_months` of 1 a year paid monthly in advance (1/12 a month) for life, starting
    `deferred_months` from now (payments only while alive; mortality applies during the deferral too)."""
    _check_age("age_months", age_months)
    _check_period("deferred_months", deferred_months)
    D, _ = _commutation(life)
    age = _clamp(life, age_months)
    with localcontext(_CTX):
        return _whole_life_from(life, age + deferred_months) / D[age]


def temporary_annuity_due(*, age_months: int, term_months: int, life: str = RETIREE) -> Decimal:
    """Present value at age `age_months` of 1 a year paid monthly in advance for at most `term_months` months
    (while alive)."""
    _check_age("age_months", age_months)
    _check_period("term_months", term_months)
    with localcontext(_CTX):
        return (annuity_due(age_months=age_months, life=life)
                - annuity_due(age_months=age_months, deferred_months=term_months, life=life))


def service_purchase_cost(*, annual_pension_increase: Decimal, age_months: int,
                          pension_start_age_months: int) -> Decimal:
    """RULES §2 "actuarial cost": the present value, at the member's current age, of the extra straight-life
    pension the purchase buys — `annual_pension_increase` a year, paid monthly in advance for life from
    `pension_start_age_months`, on the fitted basis (member = retiree mortality, with mortality before the
    pension starts). Full precision; round for display."""
    if not isinstance(annual_pension_increase, Decimal):
        raise TypeError("annual_pension_increase must be a Decimal")
    if annual_pension_increase < 0:
        raise ValueError("annual_pension_increase must not be negative")
    _check_age("age_months", age_months)
    _check_age("pension_start_age_months", pension_start_age_months)
    if pension_start_age_months < age_months:
        raise ValueError("pension_start_age_months must not be before age_months")
    with localcontext(_CTX):
        return annual_pension_increase * annuity_due(
            age_months=age_months, deferred_months=pension_start_age_months - age_months)


# ---------------------------------------------------------------------------------------------------------------
# Survivor-option factors


@lru_cache(maxsize=None)
def _ratio_whole(x: int, y: int) -> Decimal:
    """r = ä⁽¹²⁾_xy / ä⁽¹²⁾_y at whole ages x (retiree) and y (beneficiary), exact monthly sums under the basis's
    method: UDD in closed form year by year (ä⁽¹²⁾_xy = Σ_t v^t [C0·a·b − C1·(a·db + da·b) + C2·da·db], with
    a = ₜp_x, da = ₜp_x − ₜ₊₁p_x, likewise b for y), or Woolhouse (ä − 11/24)."""
    lx, ly = _l_whole(RETIREE), _l_whole(BENEFICIARY)
    v = _v_year()
    udd = basis()["monthly_method_key"] == "udd"
    c0, c1, c2 = _udd_constants()
    with localcontext(_CTX):
        joint = single = _ZERO
        vt = _ONE
        lx0, ly0 = lx[x], ly[y]
        for t in range(len(ly) - 1 - y):
            b = ly[y + t] / ly0
            db = b - ly[y + t + 1] / ly0
            if x + t < len(lx) - 1:
                a = lx[x + t] / lx0
                da = a - lx[x + t + 1] / lx0
            else:
                a = da = _ZERO
            if udd:
                joint += vt * (c0 * a * b - c1 * (a * db + da * b) + c2 * da * db)
                single += vt * (c0 * b - c1 * db)
            else:
                joint += vt * a * b
                single += vt * b
            vt *= v
        if not udd:
            joint -= Decimal(11) / 24
            single -= Decimal(11) / 24
        return joint / single


def _ratio(retiree_age_months: int, beneficiary_age_months: int) -> Decimal:
    """r at ages in months: exact at whole ages, bilinear in the two ages between them."""
    x, fx = divmod(_clamp(RETIREE, retiree_age_months), MONTHS)
    y, fy = divmod(_clamp(BENEFICIARY, beneficiary_age_months), MONTHS)
    with localcontext(_CTX):
        r00 = _ratio_whole(x, y)
        if fx == 0 and fy == 0:
            return r00
        u, w = Decimal(fx) / MONTHS, Decimal(fy) / MONTHS
        r10 = _ratio_whole(x + 1, y) if fx else r00
        r01 = _ratio_whole(x, y + 1) if fy else r00
        r11 = _ratio_whole(x + 1, y + 1) if fx and fy else (r10 if fx else r01)
        return ((_ONE - u) * (_ONE - w) * r00 + u * (_ONE - w) * r10
                + (_ONE - u) * w * r01 + u * w * r11)


def _check_fraction(survivor_fraction: Decimal) -> None:
    if not isinstance(survivor_fraction, Decimal):
        raise TypeError("survivor_fraction must be a Decimal")
    if not _ZERO < survivor_fraction <= _ONE:
        raise ValueError("survivor_fraction must be in (0, 1]")


def survivor_option_factor_exact(*, survivor_fraction: Decimal, retiree_age_months: int,
                                 beneficiary_age_months: int) -> Decimal:
    """The unrounded pop-up factor F = r / (r + k·(1 − r)) on the fitted basis (see the module docstring)."""
    _check_fraction(survivor_fraction)
    _check_age("retiree_age_months", retiree_age_months)
    _check_age("beneficiary_age_months", beneficiary_age_months)
    r = _ratio(retiree_age_months, beneficiary_age_months)
    with localcontext(_CTX):
        return r / (r + survivor_fraction * (_ONE - r))


def survivor_option_factor(*, survivor_fraction: Decimal, retiree_age_months: int,
                           beneficiary_age_months: int) -> Decimal:
    """RULES §6: the survivor-option (pop-up) factor for a survivor fraction (1, 0.75, 0.5 — any k in (0, 1] is
    accepted) and the retiree's and beneficiary's ages in completed months, on the fitted basis, rounded half-up
    to three decimals. Any ages from 0 to 119 years 11 months."""
    exact = survivor_option_factor_exact(survivor_fraction=survivor_fraction,
                                         retiree_age_months=retiree_age_months,
                                         beneficiary_age_months=beneficiary_age_months)
    return exact.quantize(_THOUSANDTH, rounding=ROUND_HALF_UP)
