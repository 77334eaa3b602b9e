"""A full estimate: provision choice, structures, employment types, order of operations (RULES §1–§7, §13)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from pensions.engine.eligibility import Provision
from pensions.engine.money import cents
from pensions.engine.option_factors import OptionName

from .members import MPSERS_MEMBER, MR_MAC, run

C = Decimal("0.01")


def option(result, name):
    return next(o for o in result.options if o.option is OptionName[name])


def test_where_several_provisions_apply_the_largest_pension_wins():
    """ARCHITECTURE: covered provisions (with the supplemental) beat 55-with-30 for a covered member."""
    result = run(MR_MAC, employment_type="COVERED", yos="30", covered_yos="25")
    assert result.provision is Provision.COVERED_51_25


def test_equal_pensions_go_to_the_first_provision_in_the_list():
    """ARCHITECTURE: ties → first in the list (FULL_60_10 before FULL_55_30)."""
    result = run(MR_MAC, retirement_effective_date="2005-10-01", yos="31")
    assert result.provision is Provision.FULL_60_10


def test_a_full_provision_beats_early_reduced():
    """RULES §3: a full pension is larger than an early reduced one."""
    result = run(MR_MAC, employment_type="CONSERVATION_OFFICER", yos="25", conservation_officer_yos="25",
                 hire_date="1978-03-06")
    assert result.provision is Provision.CONSERVATION_OFFICER_25


def test_the_supplemental_ends_at_62():
    """RULES §5: the covered supplemental is paid until 62 — none when retiring at 62 or older."""
    result = run(MR_MAC, employment_type="COVERED", yos="30", covered_yos="25", retirement_effective_date="2008-01-01")
    assert result.supplemental is None


def test_an_early_reduced_pension_gets_no_supplemental():
    """RULES §5: the supplemental is not available with an early reduced pension [002]."""
    result = run(MR_MAC, employment_type="COVERED", yos="20", covered_yos="5", retirement_effective_date="2002-01-01")
    assert result.provision is Provision.EARLY_REDUCED
    assert result.supplemental is None


def test_survivor_options_start_from_the_early_reduced_amount():
    """RULES §6: straight life → early reduction → survivor factor."""
    result = run(MR_MAC, yos="25", beneficiary_birth_date="1951-10-01", option_factors="published")
    assert cents(result.early_reduced_monthly) == Decimal("1112.31")
    assert option(result, "SURVIVOR_100").monthly == result.early_reduced_monthly * Decimal("0.84")


def test_the_survivor_receives_the_option_share_of_the_retirees_pension():
    """RULES §6: the survivor receives 100 / 75 / 50% of the retiree's reduced pension."""
    result = run(MR_MAC, beneficiary_birth_date="1951-10-01", option_factors="published")
    fifty = option(result, "SURVIVOR_50")
    assert fifty.survivor_monthly == fifty.monthly / 2


def test_survivors_of_a_75_percent_option_get_75_percent_of_the_increase():
    """RULES §7: 75% / 50% survivors receive 75% / 50% of the increase."""
    result = run(MR_MAC, beneficiary_birth_date="1951-10-01", option_factors="published")
    seventy_five = option(result, "SURVIVOR_75")
    assert seventy_five.survivor_cola_increase_monthly == seventy_five.cola_increase_monthly * Decimal("0.75")


def test_without_a_beneficiary_only_straight_life_is_offered():
    """RULES §6: survivor options need the beneficiary's age."""
    assert [o.option for o in run(MR_MAC).options] == [OptionName.STRAIGHT_LIFE]


def test_the_cola_of_an_early_reduced_pension_is_based_on_the_reduced_amount():
    """RULES §7: based on the early reduced amount [002]."""
    result = run(MR_MAC, yos="25", fac="12000")
    assert result.cola[0].monthly - result.early_reduced_monthly == result.early_reduced_monthly * Decimal("0.03")


def test_db_30_counts_service_up_to_30_years_in_the_pension():
    """RULES §1: DB 30, 1.5% × YOS as of the switch (at 30 YOS) [002]."""
    result = run(MR_MAC, structure="DB_30", yos="34")
    assert result.service.pension_yos == Decimal(30)
    assert result.service.credited_yos == Decimal(34)


def test_db_dc_blend_counts_service_before_2012_04_01():
    """RULES §1: DB/DC Blend, 1.5% × YOS as of 2012-03-31; yos_after_dc_switch (ARCHITECTURE)."""
    result = run(MR_MAC, structure="DB_DC_BLEND", yos="28", yos_after_dc_switch="3",
                 birth_date="1958-01-01", retirement_effective_date="2015-01-01")
    assert result.service.pension_yos == Decimal(25)
    assert result.provision is Provision.EARLY_REDUCED  # eligibility counts all 28 years


def test_blend_service_after_the_switch_comes_from_pay_periods():
    """RULES §1/§2: service in periods ending on or after 2012-04-01 does not count in the Blend pension."""
    start = date(1990, 1, 1)
    periods = [{"start": (start + timedelta(days=14 * n)).isoformat(),
                "end": (start + timedelta(days=14 * n + 13)).isoformat(), "cycle": "BIWEEKLY", "hours": "80"}
               for n in range(26 * 25)]  # 1990 … 2014
    blend = {**MR_MAC, "yos": None, "structure": "DB_DC_BLEND", "birth_date": "1950-01-01",
             "retirement_effective_date": "2015-01-01"}
    result = run(blend, service_records=periods)
    before_switch = run(blend, service_records=[p for p in periods if p["end"] < "2012-04-01"],
                            projected_yos="0")
    assert result.service.pension_yos == before_switch.service.credited_yos
    assert result.service.credited_yos > result.service.pension_yos


def test_mpsers_dc_converted_counts_service_before_2013_02_01():
    """RULES §1: MIP DC Converted, 1.5% × YOS as of 2013-02-01."""
    result = run(MPSERS_MEMBER, structure="MIP_DC_CONVERTED", yos="32", yos_after_2013_02_01="4",
                 retirement_effective_date="2017-01-01")
    assert result.straight_life_annual == Decimal(35000) * Decimal("0.015") * 28
    assert result.provision is Provision.MIP_30


def test_mpsers_split_structure_pays_1_25_percent_on_service_after_2013():
    """RULES §1: MIP Fixed 1.5% before 2013-02-01 and 1.25% after [003]."""
    result = run(MPSERS_MEMBER, yos="30", yos_after_2013_02_01="5", retirement_effective_date="2018-01-01")
    assert result.straight_life_annual == Decimal(35000) * (Decimal("0.015") * 25 + Decimal("0.0125") * 5)


def test_mip_7_with_contributions_stopped_at_30():
    """ARCHITECTURE contributions_stop_at_30: 1.5% up to 30 YOS then 1.25%."""
    result = run(MPSERS_MEMBER, structure="MIP_7", yos="32", contributions_stop_at_30=True,
                 retirement_effective_date="2018-01-01")
    assert result.straight_life_annual == Decimal(35000) * (Decimal("0.015") * 30 + Decimal("0.0125") * 2)


def test_basic_members_fac_from_compensation_averages_five_years():
    """RULES §4: N = 5 for Basic."""
    records = [{"start": f"{2007 + n}-07-01", "end": f"{2008 + n}-06-30", "amount": str(30000 + 1000 * n)}
               for n in range(6)]
    result = run({**MPSERS_MEMBER, "fac": None}, structure="BASIC", compensation=records,
                 retirement_effective_date="2013-08-01", yos="31")
    assert result.fac == Decimal(33000)


def test_mpsers_duty_disability_pays_at_least_10_years():
    """RULES §5: at least 10 YOS in the calculation (MPSERS duty disability) [003]."""
    result = run(MPSERS_MEMBER, yos="4", retirement_type="DUTY_DISABILITY")
    assert result.provision is Provision.DUTY_DISABILITY
    assert result.straight_life_annual == Decimal(35000) * Decimal("0.015") * 10


def test_a_member_not_eligible_gets_reasons():
    """RULES §3: reasons when not eligible."""
    result = run(MR_MAC, yos="8")
    assert result.provision is None
    assert "FULL_60_10: 8.0000 YOS is under 10" in result.reasons


def test_purchased_service_is_added_to_the_pension_service():
    """RULES §2 / ARCHITECTURE: purchased_yos is added; the total is rounded once to four decimals."""
    result = run(MR_MAC, yos="25.12345", purchased_yos="2.00004")
    assert result.service.credited_yos == Decimal("27.1235")


def test_act_88_service_never_counts_in_the_pension():
    """RULES §2: Act 88 service is for eligibility only."""
    result = run(MR_MAC, yos="28", act88_yos="2")
    assert result.provision is Provision.FULL_55_30
    assert result.service.pension_yos == Decimal(28)


def test_the_red_follows_termination_application_and_eligibility():
    """RULES §3 RED: a deferred member who left at 52 is paid from 60."""
    result = run({**MR_MAC, "retirement_effective_date": None}, termination_date="1998-02-20", active=False,
                 yos="15")
    assert result.retirement_effective_date == date(2005, 10, 1)
    assert result.provision is Provision.DEFERRED


def test_an_active_members_red_is_the_month_after_termination():
    """RULES §3 RED: Mr. Mac's last day 2003-03-05 → RED 2003-04-01 [004]."""
    result = run({**MR_MAC, "retirement_effective_date": None}, termination_date="2003-03-05")
    assert result.retirement_effective_date == date(2003, 4, 1)


@pytest.mark.parametrize("structure", ["BASIC", "BASIC_4", "BASIC_DC_CONVERTED"])
def test_basic_structures_have_no_cola(structure):
    """RULES §7: MPSERS Basic — no scheduled increase."""
    assert run(MPSERS_MEMBER, structure=structure, yos="31").cola == []


def test_a_member_who_terminates_before_55_is_deferred_not_early_reduced():
    """RULES §3: no early reduced pension for deferred members — leaving at 54 means waiting for 60."""
    result = run({**MR_MAC, "retirement_effective_date": None}, termination_date="2000-06-30", yos="20")
    assert result.provision is Provision.DEFERRED
    assert result.retirement_effective_date == date(2005, 10, 1)


def test_pay_is_projected_to_the_red_at_the_projected_wage_increase():
    """RULES §13: estimates take a projected annual wage increase (%): $40,000 a year, 5% a year for 3 years."""
    records = [{"start": f"{2000 + n}-01-01", "end": f"{2000 + n}-12-31", "amount": "40000"} for n in range(3)]
    result = run({**MR_MAC, "fac": None}, compensation=records, retirement_effective_date="2006-01-01",
                 birth_date="1946-01-01", projected_wage_increase="5")
    expected = (Decimal(40000) * (Decimal("1.05") ** 1 + Decimal("1.05") ** 2 + Decimal("1.05") ** 3)) / 3
    assert abs(result.fac - expected) < Decimal("0.000001")


def test_db_30_pay_after_reaching_30_years_does_not_count_in_the_fac():
    """RULES §4: DB 30 FAC is determined as of the DC switch — 32 YOS at 2015-01-01 puts it at 2013-01-01."""
    records = [{"start": f"{2008 + n}-01-01", "end": f"{2008 + n}-12-31", "amount": str(amount)}
               for n, amount in enumerate([50000, 50000, 50000, 50000, 50000, 90000, 90000])]
    result = run({**MR_MAC, "fac": None}, structure="DB_30", compensation=records, yos="32",
                 birth_date="1955-01-01", retirement_effective_date="2015-01-01")
    assert result.fac == Decimal(50000)


def _biweekly(first: date, count: int, hours: str = "80", skip: tuple[date, date] | None = None) -> list[dict]:
    periods = []
    for n in range(count):
        start, end = first + timedelta(days=14 * n), first + timedelta(days=14 * n + 13)
        if skip and skip[0] <= end and start <= skip[1]:
            continue
        periods.append({"start": start.isoformat(), "end": end.isoformat(), "cycle": "BIWEEKLY", "hours": hours})
    return periods


def test_pay_periods_show_whether_the_member_worked_in_the_month_of_the_55th_birthday():
    """RULES §3 SERS early reduced: must work in the month of the 55th birthday [002] — from pay periods."""
    worked = _biweekly(date(1980, 1, 7), 26 * 23)  # to late 2002, across October 2000 (55th birthday)
    away = _biweekly(date(1980, 1, 7), 26 * 23, skip=(date(2000, 10, 1), date(2000, 10, 31)))
    base = {**MR_MAC, "yos": None}
    assert run(base, service_records=worked).provision is Provision.EARLY_REDUCED
    assert run(base, service_records=away).provision is None


def test_mpsers_service_after_2013_from_pay_periods_earns_1_25_percent():
    """RULES §1: the MPSERS 1.25% service is the service in periods ending on or after 2013-02-01."""
    periods = [p | {"hours": "60"} for p in _biweekly(date(1985, 7, 1), 26 * 31)]  # to mid 2016
    result = run({**MPSERS_MEMBER, "yos": None}, service_records=periods, retirement_effective_date="2016-08-01")
    assert Decimal(3) < result.service.yos_after_transition < Decimal(4)
    assert result.straight_life_annual == Decimal(35000) * (
        Decimal("0.015") * (result.service.credited_yos - result.service.yos_after_transition)
        + Decimal("0.0125") * result.service.yos_after_transition
    )
