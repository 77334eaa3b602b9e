"""What a survivor option costs and when it pays back (pensions.engine.option_value, RULES §6)."""

from decimal import Decimal

from pensions.engine.option_value import survivor_payback


def test_the_cost_is_the_monthly_difference_from_straight_life():
    payback = survivor_payback(straight_monthly=Decimal("1308.61"), option_monthly=Decimal("1099.23"),
                               survivor_monthly=Decimal("1099.23"))
    assert payback.monthly_cost == Decimal("209.38")


def test_a_100_percent_survivor_must_outlive_the_retiree_by_cost_share_of_each_year():
    """12 × 200 ÷ 1,000 = 2.4 months for each year the retiree lives."""
    payback = survivor_payback(straight_monthly=Decimal(1200), option_monthly=Decimal(1000),
                               survivor_monthly=Decimal(1000))
    assert payback.months_per_year_retired == Decimal("2.4")


def test_a_50_percent_survivor_must_outlive_twice_as_long_for_the_same_cost():
    payback = survivor_payback(straight_monthly=Decimal(1200), option_monthly=Decimal(1000),
                               survivor_monthly=Decimal(500))
    assert payback.months_per_year_retired == Decimal("4.8")


def test_no_survivor_amount_has_no_payback():
    assert survivor_payback(straight_monthly=Decimal(1), option_monthly=Decimal(1),
                            survivor_monthly=Decimal(0)).months_per_year_retired is None
