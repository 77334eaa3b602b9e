"""Member contributions, interest crediting and DC vesting (RULES §8, §9)."""

from datetime import date
from decimal import Decimal

import pytest

from pensions.engine.contributions import (
    FiscalYearActivity,
    balance_with_interest,
    interest_credited_for_year,
    member_contribution,
    retiree_healthcare_contribution,
)
from pensions.engine.dc_vesting import employer_vested_share
from pensions.engine.plans import Structure

PAY = Decimal(40000)
BEFORE, AFTER = date(2010, 1, 15), date(2015, 1, 15)


def contribution(structure, paid_on=AFTER, yos="10", **options):
    return member_contribution(structure, PAY, paid_on=paid_on, yos_at_payment=Decimal(yos), **options)


def test_sers_db_classified_members_pay_4_percent():
    """RULES §8: SERS DB Classified 4% [002]."""
    assert contribution(Structure.DB_CLASSIFIED) == Decimal(1600)


def test_db_30_members_stop_paying_at_30_years():
    """RULES §8: DB 30 pays 4% until 30 YOS [002]."""
    assert contribution(Structure.DB_30, yos="29.9") == Decimal(1600)
    assert contribution(Structure.DB_30, yos="30") == Decimal(0)


def test_blend_members_pay_nothing_after_the_2012_switch():
    """RULES §1/§8: DB/DC Blend is in the DC plan from 2012-04-01 [002]."""
    assert contribution(Structure.DB_DC_BLEND, paid_on=date(2012, 4, 1)) == Decimal(0)


def test_mip_fixed_members_pay_3_9_percent():
    """RULES §8: MIP Fixed 3.9% [003]."""
    assert contribution(Structure.MIP_FIXED) == Decimal(1560)


@pytest.mark.parametrize(("pay", "expected"), [("4000", "120"), ("10000", "330"), ("40000", "1585")])
def test_mip_graded_follows_the_chart(pay, expected):
    """RULES §8 graded: 3% of the first $5,000; $150 + 3.6% to $15,000; $510 + 4.3% above [003]."""
    assert member_contribution(Structure.MIP_GRADED, Decimal(pay), paid_on=AFTER, yos_at_payment=Decimal(5)) == (
        Decimal(expected)
    )


def test_mip_plus_charges_6_4_percent_above_15000():
    """RULES §8 plus: $510 + 6.4% above $15,000 [003]."""
    assert contribution(Structure.MIP_PLUS) == Decimal(510) + Decimal(25000) * Decimal("0.064")


def test_mip_7_members_pay_7_percent_from_2013_02_01():
    """RULES §8: MIP 7% from 2013-02-01 [003]."""
    assert contribution(Structure.MIP_7) == Decimal(2800)


def test_mip_7_members_who_reduce_at_30_return_to_their_earlier_rate():
    """RULES §8 / [003]: after 30 YOS, back to the MIP Fixed/Graded/Plus rate."""
    assert contribution(Structure.MIP_7, yos="31", contributions_stop_at_30=True) == Decimal(1560)


def test_basic_4_members_who_stop_at_30_pay_nothing_above_30_years():
    """RULES §8: Basic 4%, none above 30 YOS if the member chose to stop [003]."""
    assert contribution(Structure.BASIC_4) == Decimal(1600)
    assert contribution(Structure.BASIC_4, yos="30", contributions_stop_at_30=True) == Decimal(0)


@pytest.mark.parametrize("structure", [Structure.BASIC, Structure.BASIC_DC_CONVERTED, Structure.MIP_DC_CONVERTED])
def test_structures_without_db_contributions_after_2013(structure):
    """RULES §8: Basic, Basic DC Converted and MIP DC Converted pay no DB contributions [003]."""
    assert contribution(structure) == Decimal(0)


def test_premium_subsidy_members_pay_3_percent_to_the_retiree_healthcare_fund():
    """RULES §8: Retiree Healthcare Fund 3% [003]."""
    assert retiree_healthcare_contribution(PAY) == Decimal(1200)


def test_interest_is_credited_on_the_balance_on_account_for_a_full_year():
    """RULES §8: interest at each fiscal-year end on contributions on account for the full year [003]."""
    years = [FiscalYearActivity(Decimal(1000), Decimal("0.05")), FiscalYearActivity(Decimal(1000), Decimal("0.05"))]
    assert balance_with_interest(years) == Decimal(1000) + Decimal(50) + Decimal(1000)


@pytest.mark.parametrize(("yos", "share"), [("1.99", "0"), ("2", "0.5"), ("3", "0.75"), ("4", "1"), ("10", "1")])
def test_dc_employer_contributions_vest_50_75_100_percent_at_2_3_4_years(yos, share):
    """RULES §9: 50% after 2 YOS, 75% after 3, 100% after 4 [001][002]."""
    assert employer_vested_share(Decimal(yos)) == Decimal(share)


def test_interest_is_not_credited_for_a_fiscal_year_before_it_ends():
    year_ends = date(2026, 9, 30)
    assert not interest_credited_for_year(year_ends=year_ends, on=date(2026, 3, 1))
    assert not interest_credited_for_year(year_ends=year_ends, on=year_ends)
    assert interest_credited_for_year(year_ends=year_ends, on=date(2026, 10, 1))
