"""Purchased, granted and transferred service; vesting (RULES §2 [002][003][004])."""

from decimal import Decimal

from pensions.engine.plans import EmploymentType, System
from pensions.engine.purchases import Purchase, PurchaseType, credit_purchases, vesting_requirement

TEN = Decimal(10)


def credit(system, purchases, earned="12", act88="0"):
    return credit_purchases(
        [Purchase(kind, Decimal(years)) for kind, years in purchases],
        system=system,
        earned_yos=Decimal(earned),
        act88_yos=Decimal(act88),
        vesting_required=TEN,
    )


def test_purchased_service_is_credited_only_once_vested():
    """RULES §2: most purchased service is credited only once vested."""
    assert credit(System.SERS, [(PurchaseType.UNIVERSAL_BUY_IN, "3")], earned="8").credited == Decimal(0)
    assert credit(System.SERS, [(PurchaseType.UNIVERSAL_BUY_IN, "3")], earned="10").credited == Decimal(3)


def test_purchased_service_does_not_count_toward_vesting():
    """RULES §2: purchased service does not count toward the vesting minimum."""
    assert credit(System.SERS, [(PurchaseType.UNIVERSAL_BUY_IN, "5")], earned="6").credited == Decimal(0)


def test_sers_each_purchase_type_is_limited_to_5_years():
    """RULES §2 SERS: each type at most 5 years [004]."""
    assert credit(System.SERS, [(PurchaseType.UNIVERSAL_BUY_IN, "7")]).credited == Decimal(5)


def test_sers_ubi_and_other_government_service_together_are_limited_to_10_years():
    """RULES §2 SERS: at most 10 years in total of UBI + maternity + local + other state/federal [004]."""
    result = credit(
        System.SERS,
        [(PurchaseType.UNIVERSAL_BUY_IN, "5"), (PurchaseType.MICHIGAN_LOCAL_GOVERNMENT, "5"),
         (PurchaseType.OTHER_STATE_OR_FEDERAL, "3")],
    )
    assert result.credited == TEN
    assert result.not_credited == Decimal(3)


def test_repaying_a_refund_restores_earned_service():
    """RULES §2: repayment of refunded contributions restores prior service (counts toward vesting)."""
    result = credit(System.SERS, [(PurchaseType.REFUND_REPAYMENT, "4")], earned="7")
    assert result.credited == Decimal(4)
    assert result.earned_equivalent == Decimal(4)


def test_out_of_system_educational_service_is_credited_only_as_matched():
    """RULES §2 MPSERS: 15 years on a matching basis [003]."""
    result = credit(System.MPSERS, [(PurchaseType.OUT_OF_SYSTEM_PUBLIC_POST_1974, "14")], earned="12")
    assert result.credited == Decimal(12)


def test_mpsers_military_service_is_limited_to_6_years_combined():
    """RULES §2 MPSERS: military intervening / nonintervening, 6 years combined (5 nonintervening) [003]."""
    result = credit(
        System.MPSERS,
        [(PurchaseType.MILITARY_NONINTERVENING, "6"), (PurchaseType.MILITARY_INTERVENING, "3")],
    )
    assert result.credited == Decimal(6)


def test_a_post_1981_sabbatical_credits_at_most_one_year_per_leave():
    """RULES §2 MPSERS: sabbatical post-1981, max 1 year per leave [003]."""
    assert credit(System.MPSERS, [(PurchaseType.SABBATICAL_POST_1981, "1.5")]).credited == Decimal(1)


def test_ubi_purchase_is_recorded_for_the_age_46_rule():
    """RULES §3 MIP any age with 30: at least 46 if universal buy-in was purchased."""
    assert credit(System.MPSERS, [(PurchaseType.UNIVERSAL_BUY_IN, "1")]).universal_buy_in


def test_unclassified_sers_members_vest_after_5_years():
    """RULES §2: SERS unclassified and facility-closure members vest at 5 YOS [004]."""
    assert vesting_requirement(System.SERS, EmploymentType.UNCLASSIFIED) == Decimal(5)
    assert vesting_requirement(System.SERS, EmploymentType.REGULAR) == TEN
