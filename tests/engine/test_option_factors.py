"""Published survivor option factors (RULES §6, [004] tables)."""

from datetime import date
from decimal import Decimal

import pytest

from pensions.engine.option_factors import (
    FactorSource,
    OptionName,
    published_factor,
    published_table,
    survivor_factor,
)


def test_the_published_table_has_855_cells():
    """RULES §6: retiree ages 48–66 × beneficiary odd ages 41–69 × three options = 19 × 15 × 3."""
    assert len(published_table()) == 855


@pytest.mark.parametrize(("percent", "factor"), [("1", "0.84"), ("0.75", "0.88"), ("0.5", "0.91")])
def test_mr_mac_at_57_with_a_wife_of_51_reads_the_published_factors(percent, factor):
    """RULES §6, [004]: Mr. Mac 57 / wife 51 → .84 / .88 / .91."""
    assert published_factor(Decimal(percent), 57, 51) == Decimal(factor)


def test_ages_are_read_at_the_last_birthday_on_the_red():
    """ARCHITECTURE: published factors use ages at last birthday on the RED."""
    factor, source = survivor_factor(
        OptionName.SURVIVOR_100,
        source=FactorSource.PUBLISHED,
        retiree_birth_date=date(1945, 10, 1),
        beneficiary_birth_date=date(1951, 10, 2),  # 51 on 2003-04-01
        retirement_effective_date=date(2003, 4, 1),
    )
    assert (factor, source) == (Decimal("0.84"), FactorSource.PUBLISHED)


def test_a_pair_outside_the_table_is_not_published():
    """RULES §6: the table holds only odd beneficiary ages 41–69 and retiree ages 48–66."""
    assert published_factor(Decimal(1), 57, 52) is None
    assert published_factor(Decimal(1), 67, 51) is None
