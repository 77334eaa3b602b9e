"""Survivor option factors: the published table, or the actuarial basis (RULES §6).

- Published: `data/survivor_option_factors.csv`, a byte-identical copy of the table transcribed from [004]
  section IV (retiree ages 48–66, beneficiary odd ages 41–69, two decimals), read with both ages at their last
  birthday on the RED (Mr. Mac: 57 and 51 [004]). A pair the table does not hold ("if the table doesn't
  include the age ranges required for your situation, use the online calculator" [004]) falls back to the
  actuarial factor.
- Actuarial (the default, three decimals as newer estimates show [002]): the pop-up factor on the fitted
  actuarial basis, computed by `actuarial.survivor_option_factor` (owned by the actuarial module) from ages in
  completed months on the RED.
"""

from __future__ import annotations

import csv
import enum
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from .dates import age_on

PUBLISHED_TABLE_FILE = Path(__file__).resolve().parent / "data" / "survivor_option_factors.csv"


class OptionName(enum.Enum):
    STRAIGHT_LIFE = "STRAIGHT_LIFE"
    SURVIVOR_100 = "SURVIVOR_100"
    SURVIVOR_75 = "SURVIVOR_75"
    SURVIVOR_50 = "SURVIVOR_50"


# RULES §6: the survivor receives 100 / 75 / 50% of the retiree's reduced pension.
SURVIVOR_FRACTIONS: dict[OptionName, Decimal] = {
    OptionName.SURVIVOR_100: Decimal(1),
    OptionName.SURVIVOR_75: Decimal("0.75"),
    OptionName.SURVIVOR_50: Decimal("0.5"),
}
SURVIVOR_OPTIONS = tuple(SURVIVOR_FRACTIONS)


class FactorSource(enum.Enum):
    PUBLISHED = "published"
    ACTUARIAL = "actuarial"


class ActuarialBasisUnavailable(RuntimeError):
    """The actuarial module is not installed yet, so no factor outside the published table can be given."""


@cache
def published_table() -> dict[tuple[int, int, int], Decimal]:
    """(option percent, retiree age, beneficiary age) → factor, read from the published table."""
    with PUBLISHED_TABLE_FILE.open(newline="", encoding="utf-8") as handle:
        return {
            (int(row["option_percent"]), int(row["retiree_age"]), int(row["beneficiary_age"])): Decimal(
                row["factor"]
            )
            for row in csv.DictReader(handle)
        }


def published_factor(fraction: Decimal, retiree_age: int, beneficiary_age: int) -> Decimal | None:
    return published_table().get((int(fraction * 100), retiree_age, beneficiary_age))


@lru_cache(maxsize=65536)
def actuarial_factor(fraction: Decimal, retiree_age_months: int, beneficiary_age_months: int) -> Decimal:
    try:
        from . import actuarial
    except ImportError as error:  # pragma: no cover - only while the actuarial module is being written
        raise ActuarialBasisUnavailable("the actuarial basis (pensions/engine/actuarial.py) is missing") from error
    return actuarial.survivor_option_factor(
        survivor_fraction=fraction,
        retiree_age_months=retiree_age_months,
        beneficiary_age_months=beneficiary_age_months,
    )


def survivor_factors(
    *,
    source: FactorSource,
    retiree_birth_date: date,
    beneficiary_birth_date: date,
    retirement_effective_date: date,
) -> dict[OptionName, tuple[Decimal, FactorSource]]:
    """The factor of each survivor option and the source it actually came from."""
    retiree_age = age_on(retiree_birth_date, retirement_effective_date)
    beneficiary_age = age_on(beneficiary_birth_date, retirement_effective_date)
    factors = {}
    for option, fraction in SURVIVOR_FRACTIONS.items():
        factor = None
        if source is FactorSource.PUBLISHED:
            factor = published_factor(fraction, retiree_age.years, beneficiary_age.years)
        if factor is not None:
            factors[option] = (factor, FactorSource.PUBLISHED)
        else:
            months = (retiree_age.whole_months, beneficiary_age.whole_months)
            factors[option] = (actuarial_factor(fraction, *months), FactorSource.ACTUARIAL)
    return factors


def survivor_factor(option: OptionName, **ages) -> tuple[Decimal, FactorSource]:
    """The factor for one survivor option (keyword arguments as `survivor_factors`)."""
    return survivor_factors(**ages)[option]
