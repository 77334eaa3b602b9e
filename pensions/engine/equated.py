"""Equated plan: the age-65 Social Security amount and the equated advance (RULES.md §6).

Pure Python (stdlib and `Decimal`). The advance uses the fitted actuarial basis of `actuarial` — the same basis as
the survivor-option factors and service-purchase costs (issue 4, items 6–7).

The plan (RULES §6, [002][004]): the pension is raised by an advance A from the retirement effective date and, from
the month the member reaches `until_age_years` (65 for SERS, 62 for MPSERS [003]), permanently lowered by the
age-65 Social Security estimate S: pre-65 = P + A, post-65 = P + A − S (Mr. Mac: 1,570 + 551 = 2,121 before 65,
2,121 − 1,533 = 588 after). Actuarial equivalence with the plain pension P — the usual Social Security leveling
option — gives

    A · ä⁽¹²⁾_x = S · ₙ|ä⁽¹²⁾_x,   so   A = S · ₙ|ä⁽¹²⁾_x / ä⁽¹²⁾_x,

x the age at retirement in months, n the months from then until `until_age_years`, ä⁽¹²⁾ monthly life
annuities-due on the member's (retiree's) mortality of the basis. Equivalently A·ä_{x:n} = (S − A)·ₙ|ä_x: what is
advanced before 65 is repaid by the net reduction S − A after 65. On the fitted basis the published example (55 at
the RED, S = $1,533) gives A ≈ $542.06 against the published $551 (−1.6%).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext

from . import actuarial

# --- Social Security's own early-claiming reduction ----------------------------------------------------------------
# Source: Social Security Administration, "Retirement benefits: full retirement age" and "Benefit reduction for
# early retirement" (ssa.gov/benefits/retirement/planner/agereduction.html); Social Security Act §216(l) and
# 20 CFR 404.409 (full retirement age by year of birth), §202(q) and 20 CFR 404.410 (reduction 5/9 of 1% a month for
# the first 36 months before full retirement age, 5/12 of 1% a month for each further month). People born on
# January 1 use the previous year's full retirement age (SSA: "If you were born on January 1st, you should refer to
# the previous year").
FRA_65_LAST_BIRTH_YEAR = 1937  # born 1937 or earlier: full retirement age 65
FRA_STEP_1_YEARS = range(1938, 1943)  # 65 and 2, 4, 6, 8, 10 months
FRA_66_BIRTH_YEARS = range(1943, 1955)  # 66
FRA_STEP_2_YEARS = range(1955, 1960)  # 66 and 2, 4, 6, 8, 10 months
FRA_67_FIRST_BIRTH_YEAR = 1960  # 1960 or later: 67
FRA_STEP_MONTHS = 2
REDUCTION_FIRST_MONTHS = 36
REDUCTION_PER_MONTH_FIRST = Decimal(5) / Decimal(900)  # 5/9 of 1% a month, first 36 months early
REDUCTION_PER_MONTH_AFTER = Decimal(5) / Decimal(1200)  # 5/12 of 1% a month beyond 36 months
SOCIAL_SECURITY_REFERENCE_AGE_MONTHS = 65 * 12  # the plan converts the estimate to the age-65 amount [004]


def social_security_birth_year(birth_date: date) -> int:
    """The year of birth SSA uses for the full retirement age: the previous year for people born on January 1."""
    return birth_date.year - 1 if (birth_date.month, birth_date.day) == (1, 1) else birth_date.year


def full_retirement_age_months(birth_date: date) -> int:
    """Social Security full retirement age in months, by year of birth (SSA; 20 CFR 404.409)."""
    year = social_security_birth_year(birth_date)
    if year <= FRA_65_LAST_BIRTH_YEAR:
        return 65 * 12
    if year in FRA_STEP_1_YEARS:
        return 65 * 12 + FRA_STEP_MONTHS * (year - FRA_STEP_1_YEARS.start + 1)
    if year in FRA_66_BIRTH_YEARS:
        return 66 * 12
    if year in FRA_STEP_2_YEARS:
        return 66 * 12 + FRA_STEP_MONTHS * (year - FRA_STEP_2_YEARS.start + 1)
    return 67 * 12


def early_reduction(months_early: int) -> Decimal:
    """SSA's reduction of the full-retirement-age benefit for claiming `months_early` months early
    (20 CFR 404.410): 5/9 of 1% a month for the first 36 months, 5/12 of 1% a month after that."""
    if months_early <= 0:
        return Decimal(0)
    first = min(months_early, REDUCTION_FIRST_MONTHS)
    return first * REDUCTION_PER_MONTH_FIRST + (months_early - first) * REDUCTION_PER_MONTH_AFTER


def social_security_at_65(*, fra_amount: Decimal, birth_date: date) -> Decimal:
    """RULES §6 / [004]: the member's full-retirement-age Social Security estimate converted to the amount payable
    at 65 with Social Security's own early-claiming reduction for the member's year of birth. Full precision (SSA's
    own rounding of benefits down to the dime is not applied: this is an estimate; round for display)."""
    if not isinstance(fra_amount, Decimal):
        raise TypeError("fra_amount must be a Decimal")
    if fra_amount < 0:
        raise ValueError("fra_amount must not be negative")
    months_early = full_retirement_age_months(birth_date) - SOCIAL_SECURITY_REFERENCE_AGE_MONTHS
    with localcontext() as ctx:
        ctx.prec = 34
        return fra_amount * (Decimal(1) - early_reduction(months_early))


def equated_advance(*, social_security_age65: Decimal, retirement_age_months: int, until_age_years: int) -> Decimal:
    """RULES §6: the monthly advance A paid from the retirement age (completed months) on top of the pension, such
    that lowering the pension by `social_security_age65` a month from age `until_age_years` on is actuarially
    equivalent on the fitted basis: A = S · ₙ|ä⁽¹²⁾_x / ä⁽¹²⁾_x (see the module docstring). Full precision."""
    if not isinstance(social_security_age65, Decimal):
        raise TypeError("social_security_age65 must be a Decimal")
    if social_security_age65 < 0:
        raise ValueError("social_security_age65 must not be negative")
    if isinstance(until_age_years, bool) or not isinstance(until_age_years, int):
        raise TypeError("until_age_years must be an int")
    if isinstance(retirement_age_months, bool) or not isinstance(retirement_age_months, int):
        raise TypeError("retirement_age_months must be an int number of completed months")
    term = until_age_years * 12 - retirement_age_months
    if term <= 0:
        raise ValueError("the retirement age must be before until_age_years")
    whole = actuarial.annuity_due(age_months=retirement_age_months)
    deferred = actuarial.annuity_due(age_months=retirement_age_months, deferred_months=term)
    with localcontext() as ctx:
        ctx.prec = 34
        return social_security_age65 * deferred / whole
