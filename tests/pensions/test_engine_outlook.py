"""A member's standing today (pensions.engine.outlook): credited YOS, vesting and each provision's date."""

from datetime import date
from decimal import Decimal

from pensions.engine import eligibility
from pensions.engine.outlook import earliest_red, member_outlook
from pensions.engine.plans import EmploymentType, Structure, System
from pensions.engine.purchases import Purchase, PurchaseType

TODAY = date(2026, 11, 23)


def outlook(**overrides):
    facts = dict(system=System.SERS, structure=Structure.DB_CLASSIFIED, employment_type=EmploymentType.REGULAR,
                 birth_date=date(1970, 5, 10), active=True, termination_date=None, earned_yos=Decimal("12.5"),
                 purchases=[], act88_yos=Decimal(0), today=TODAY)
    return member_outlook(**{**facts, **overrides})


def test_the_earliest_red_is_the_first_of_next_month_and_after_termination():
    """RULES §3: a RED is a first of the month after the month of termination."""
    assert earliest_red(today=TODAY, termination_date=None) == date(2026, 12, 1)
    assert earliest_red(today=TODAY, termination_date=date(2027, 3, 15)) == date(2027, 4, 1)


def test_credited_yos_adds_credited_purchases_and_rounds_once_to_four_places():
    result = outlook(earned_yos=Decimal("12.33335"), purchases=[Purchase(PurchaseType.UNIVERSAL_BUY_IN, Decimal(2))])
    assert result.credited_yos == Decimal("14.3334")
    assert result.purchased_yos_credited == Decimal("2.0000")


def test_act88_service_counts_toward_vesting_but_never_in_the_pension_yos():
    """RULES §2 Vesting: Act 88 service counts for vesting/eligibility only."""
    result = outlook(earned_yos=Decimal(8), act88_yos=Decimal(3))
    assert result.credited_yos == Decimal("8.0000")
    assert result.vesting_yos == Decimal("11.0000") and result.vested


def test_purchased_service_does_not_count_toward_vesting_and_waits_for_it():
    """RULES §2: most purchased service is credited only once vested and does not count toward the minimum."""
    result = outlook(earned_yos=Decimal(6), purchases=[Purchase(PurchaseType.UNIVERSAL_BUY_IN, Decimal(5))])
    assert not result.vested
    assert result.vesting_yos == Decimal("6.0000")
    assert result.vesting_yos_remaining == Decimal("4.0000")
    assert result.purchased_yos_credited == Decimal("0.0000")
    assert result.vesting_share == Decimal("0.6")


def test_unclassified_members_vest_with_five_years():
    """RULES §2 Vesting: SERS unclassified members, 5 YOS."""
    assert outlook(employment_type=EmploymentType.UNCLASSIFIED).vesting_yos_required == Decimal(5)


def test_each_provisions_date_is_the_eligibility_engines():
    """RULES §3: age 60 with 10 YOS on the first RED after the 60th birthday; 55/30 once 30 years are reached."""
    result = outlook()
    dates = {status.provision: status.eligible_from for status in result.provisions}
    assert dates[eligibility.Provision.FULL_60_10] == date(2030, 6, 1)
    # 12.5 years now (December 2026 RED): 17.5 more years → 30 years in June 2044, when the member is 74
    assert dates[eligibility.Provision.FULL_55_30] == date(2044, 6, 1)
    assert dates[eligibility.Provision.EARLY_REDUCED] == date(2029, 6, 1)  # 15 years in June 2029, age 59


def test_a_deferred_member_accrues_nothing_and_has_the_deferred_provision():
    """RULES §3 deferred: vested, left before eligible; payable from 60."""
    result = outlook(active=False, termination_date=date(2020, 1, 10), earned_yos=Decimal(12))
    by = {status.provision: status for status in result.provisions}
    assert by[eligibility.Provision.DEFERRED].eligible_from == date(2030, 6, 1)
    assert by[eligibility.Provision.FULL_55_30].eligible_from is None
