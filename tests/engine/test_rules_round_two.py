"""The rules corrected in round two (issue 14; RULES §1 DB 30, §3, §5, §6): each test is named for the rule it
checks and cites its section. Inputs are the estimate contract's (tests/engine/members.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pensions.engine.eligibility import Provision
from pensions.engine.option_factors import OptionName

from .members import MPSERS_MEMBER, MR_MAC, run

TWO_WEEKS = timedelta(days=14)


def biweekly(first_start: date, count: int, hours: str = "80") -> list[dict]:
    """`count` consecutive biweekly pay periods from `first_start`."""
    return [{"start": (first_start + TWO_WEEKS * n).isoformat(),
             "end": (first_start + TWO_WEEKS * n + timedelta(days=13)).isoformat(),
             "cycle": "BIWEEKLY", "hours": hours} for n in range(count)]


def status(result, provision):
    return next(s for s in result.statuses if s.provision is provision)


# --- RULES §3: early reduced applies only before 60 ------------------------------------------------------------

MIP_AT_60 = {**MPSERS_MEMBER, "structure": "MIP_GRADED", "birth_date": "1960-05-01",
             "retirement_effective_date": "2021-01-01", "yos": "20"}  # age 60 years 8 months


@pytest.mark.parametrize(("structure", "provision"), [("MIP_GRADED", Provision.MIP_60_10),
                                                      ("BASIC", Provision.BASIC_60_10)])
def test_rules_3_an_mpsers_member_of_60_with_15_to_30_yos_is_under_the_60_with_10_provision(structure, provision):
    """RULES §3: "Early reduced applies only before age 60" — MIP_60_10 / BASIC_60_10, never early reduced."""
    result = run(MIP_AT_60, structure=structure)
    assert result.provision is provision
    assert not result.early_reduced and result.reduction == 0
    assert not status(result, Provision.EARLY_REDUCED).eligible


def test_rules_3_a_member_on_the_60th_birthday_is_no_longer_early_reduced():
    """RULES §3: a member born on the 1st is 60 on the birthday itself; the RED on it is a full provision."""
    result = run(MIP_AT_60, retirement_effective_date="2020-05-01")
    assert result.provision is Provision.MIP_60_10


def test_rules_3_a_member_one_month_short_of_60_is_still_early_reduced_by_half_a_percent():
    """RULES §3: 0.5% for each month before 60."""
    result = run(MIP_AT_60, retirement_effective_date="2020-04-01")
    assert result.provision is Provision.EARLY_REDUCED
    assert result.reduction == Decimal("0.005")


def test_rules_3_a_sers_member_of_60_with_20_yos_is_full_60_with_10():
    """RULES §3 SERS: full at 60 with 10; early reduced only before 60."""
    result = run(MR_MAC, birth_date="1940-01-01", yos="20")
    assert result.provision is Provision.FULL_60_10
    assert not status(result, Provision.EARLY_REDUCED).eligible


def test_rules_3_early_reduced_is_never_projected_to_a_date_at_60_or_later():
    """RULES §3: a member who reaches 15 YOS only after 60 is never early reduced (no eligible-from date)."""
    result = run(MIP_AT_60, birth_date="1962-01-01", retirement_effective_date="2020-01-01", yos="10")
    assert status(result, Provision.EARLY_REDUCED).eligible_from is None


# --- RULES §3: a deferred member with 30 YOS waits for 46 (MIP) or 55 (Basic) ------------------------------------

DEFERRED_30 = {**MPSERS_MEMBER, "birth_date": "1980-01-01", "active": False, "yos": "30",
               "retirement_effective_date": "2023-01-01"}  # age 43


def test_rules_3_a_deferred_mip_member_with_30_yos_is_not_eligible_before_46():
    """RULES §3 [003] "age 46 for MIP": deferred MIP with 30 YOS at 43 is not eligible, from 46 it is."""
    result = run(DEFERRED_30)
    assert result.provision is None
    assert status(result, Provision.MIP_30).eligible_from == date(2026, 1, 1)
    assert run(DEFERRED_30, retirement_effective_date="2026-01-01").provision is not None


def test_rules_3_a_deferred_basic_member_with_30_yos_is_not_eligible_before_55():
    """RULES §3 [003] "age 55 for Basic Plan"."""
    assert run(DEFERRED_30, structure="BASIC", retirement_effective_date="2034-12-01").provision is None
    assert run(DEFERRED_30, structure="BASIC", retirement_effective_date="2035-01-01").provision is not None


def test_rules_3_an_active_mip_member_with_30_yos_still_retires_at_any_age():
    """RULES §3 MIP any age with 30 (the age 46 applies to deferred members and universal buy-in only)."""
    assert run(DEFERRED_30, active=True).provision is Provision.MIP_30


# --- RULES §5: projected service is service after 2013-02-01 -----------------------------------------------------

GRADED = {**MPSERS_MEMBER, "structure": "MIP_GRADED", "fac": "60000", "yos": "25", "yos_after_2013_02_01": "5",
          "retirement_effective_date": "2030-01-01", "birth_date": "1968-01-01"}


def test_rules_5_projected_service_earns_1_25_percent_where_the_structure_changed_in_2013():
    """RULES §5 [003] "FAC x 1.25% x YOS on or after February 1, 2013": 3.27 projected years at 1.25%."""
    result = run(GRADED, projected_yos="3.27")
    expected = Decimal(60000) * (Decimal("0.015") * 20 + Decimal("0.0125") * Decimal("8.27"))
    assert result.straight_life_annual == expected
    assert result.service.yos_after_transition == Decimal("8.2700")


def test_rules_5_projected_service_keeps_1_5_percent_where_the_member_kept_it():
    """RULES §1: Basic 4% / MIP 7% kept 1.5% for the whole career; projected service earns 1.5% too."""
    result = run(GRADED, structure="MIP_7", projected_yos="3.27")
    assert result.straight_life_annual == Decimal(60000) * Decimal("0.015") * Decimal("28.27")


@pytest.mark.parametrize("structure", ["MIP_DC_CONVERTED", "BASIC_DC_CONVERTED"])
def test_rules_5_projected_service_never_enters_a_structure_frozen_in_2013(structure):
    """RULES §5: projected service "never enters the pension of a structure frozen at a switch date"."""
    without = run(GRADED, structure=structure, projected_yos="0")
    projected = run(GRADED, structure=structure, projected_yos="3.27")
    assert projected.service.pension_yos == without.service.pension_yos == Decimal(20)
    assert projected.service.credited_yos == Decimal("28.2700")  # it still counts for eligibility


def test_rules_5_projected_service_never_enters_the_db_dc_blend_pension():
    """RULES §1, §5: Blend service after 2012-03-31 (projected service included) is DC service."""
    result = run(MR_MAC, structure="DB_DC_BLEND", yos="25", yos_after_dc_switch="10", projected_yos="2")
    assert result.service.pension_yos == Decimal(15)


# --- RULES §5: estimates project service to the RED by themselves ---------------------------------------------------

SERS_ACTIVE = {**MR_MAC, "yos": None, "birth_date": "1966-05-01", "retirement_effective_date": "2026-07-01"}
CAREER = biweekly(date(2004, 7, 2), 26 * 20)  # 2004-07-02 … 2024-06-06, full time


def test_rules_5_service_is_projected_from_the_last_period_to_the_red_at_the_current_hours():
    """RULES §5: "earned as of <date>" plus "projected" — full time for the two years to the RED."""
    result = run(SERS_ACTIVE, service_records=CAREER)
    service = result.service
    assert service.earned_as_of == date(2024, 6, 6)
    assert service.earned_to_date_yos == Decimal("19.9231")  # 518 periods × 80 h in the first 20 fiscal years
    assert Decimal("2.05") < service.projected_yos < Decimal("2.08")  # 2024-06-07 … 2026-06-30
    assert service.credited_yos == service.earned_to_date_yos + service.projected_yos
    assert not service.projection_overridden


def test_rules_5_a_half_time_member_is_projected_at_half_time():
    """RULES §2, §5: the current hours carry on — 40 h a fortnight earns half a year a year."""
    last_year = CAREER[-27:]  # the periods of the last twelve months
    career = CAREER[:-27] + biweekly(date.fromisoformat(last_year[0]["start"]), 27, hours="40")
    service = run(SERS_ACTIVE, service_records=career, retirement_effective_date="2026-06-01").service
    assert Decimal("0.98") < service.projected_yos < Decimal("1.01")  # two years at half time


def test_rules_5_the_member_may_override_the_projection():
    """RULES §5: "the member may override the projection"."""
    service = run(SERS_ACTIVE, service_records=CAREER, projected_yos="0.5").service
    assert service.projected_yos == Decimal("0.5000")
    assert service.projection_overridden


def test_rules_5_a_member_who_has_left_projects_no_service():
    """RULES §5: projected service is service still to be worked; a deferred member works no more."""
    service = run(SERS_ACTIVE, service_records=CAREER, active=False).service
    assert service.projected_yos == 0


def test_rules_5_projected_school_service_stays_under_the_school_year_cap():
    """RULES §2, §5: projected MPSERS service is capped like earned service: at most 1 YOS a school year."""
    school = {**GRADED, "yos": None, "yos_after_2013_02_01": None, "retirement_effective_date": "2027-07-01"}
    result = run(school, service_records=CAREER)
    assert result.service.projected_yos == Decimal(3)  # school years 2024-25, 2025-26, 2026-27


def test_rules_5_projected_school_service_earns_1_25_percent():
    """RULES §5: the projection is service after 2013-02-01 (1.25% in MIP Graded)."""
    school = {**GRADED, "yos": None, "yos_after_2013_02_01": None, "retirement_effective_date": "2027-07-01"}
    projected = run(school, service_records=CAREER)
    records_only = run(school, service_records=CAREER, projected_yos="0")
    gained = projected.straight_life_annual - records_only.straight_life_annual
    assert gained == Decimal(60000) * Decimal("0.0125") * 3


def test_rules_5_a_covered_member_works_the_projected_service_in_the_covered_position():
    """RULES §3, §5: projected service adds to covered service (and so to the supplemental pension)."""
    covered = {**SERS_ACTIVE, "employment_type": "COVERED", "covered_yos": "19.9231", "birth_date": "1968-01-01",
               "retirement_effective_date": "2026-07-01"}
    result = run(covered, service_records=CAREER)
    assert result.supplemental is not None
    assert result.supplemental.annual == result.fac * Decimal("0.005") * result.service.credited_yos


# --- RULES §1: DB 30 switches when total YOS, purchases included, reaches 30 -----------------------------------------

def test_rules_1_db30_switch_date_counts_completed_purchases():
    """RULES §1 [002]: 28 earned + 2 purchased → the switch (and the frozen FAC) comes at 28 earned years."""
    career = biweekly(date(1990, 1, 5), 26 * 32)  # about 32 years, 1990 … 2021
    pay = [{"start": f"{1990 + n}-01-05", "end": f"{1991 + n}-01-04", "amount": str(30000 + 1000 * n)}
           for n in range(31)]
    member = {**MR_MAC, "structure": "DB_30", "yos": None, "fac": None, "birth_date": "1960-01-01",
              "retirement_effective_date": "2022-01-01", "service_records": career, "compensation": pay}
    without = run(member, projected_yos="0")
    with_purchase = run(member, projected_yos="0", purchased_yos="2")
    assert with_purchase.service.pension_yos == Decimal(30) == without.service.pension_yos
    switch_without = without.fac_result.years[-1].end
    switch_with = with_purchase.fac_result.years[-1].end
    assert date(2017, 12, 1) < switch_with < date(2018, 2, 1)  # about 28 years after 1990-01-05
    assert switch_with < switch_without
    assert with_purchase.fac < without.fac  # frozen two years earlier, on lower pay


def test_rules_6_a_page_factor_is_three_decimal_and_actuarial_for_even_and_odd_beneficiary_ages():
    """RULES §6: "The portal's pages use the three-decimal actuarial factor for every age pair"."""
    factors = []
    for beneficiary_birth in ("1943-10-01", "1942-10-01", "1941-10-01"):  # beneficiary 57, 58, 59 at 60
        result = run(MR_MAC, birth_date="1943-04-01", beneficiary_birth_date=beneficiary_birth,
                     option_factors="actuarial")
        factor = next(o for o in result.options if o.option is OptionName.SURVIVOR_100).factor
        assert factor.as_tuple().exponent == -3
        factors.append(factor)
    assert factors == sorted(factors)
