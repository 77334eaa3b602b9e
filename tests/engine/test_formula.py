"""Straight-life formulas per structure and employment type (RULES §1, §5)."""

from decimal import Decimal

import pytest

from pensions.engine.formula import (
    PensionService,
    conservation_officer_annual,
    covered_supplemental_annual,
    regular_annual,
    with_duty_disability_minimum,
)
from pensions.engine.plans import Structure

FAC = Decimal(35000)


def test_sers_regular_is_fac_times_1_5_percent_times_yos():
    """RULES §5 SERS regular: FAC × 1.5% × YOS; Mr. Mac 41,875.37 × 1.5% × 31 = 19,472.05 [004]."""
    annual = regular_annual(Structure.DB_CLASSIFIED, Decimal("41875.37"), PensionService(Decimal(31)))
    assert annual.quantize(Decimal("0.01")) == Decimal("19472.05")


@pytest.mark.parametrize("structure", [Structure.BASIC, Structure.MIP_FIXED, Structure.MIP_GRADED, Structure.MIP_PLUS])
def test_mpsers_service_from_2013_02_01_earns_1_25_percent(structure):
    """RULES §1: 1.5% before 2013-02-01, 1.25% after (Basic, MIP Fixed/Graded/Plus) [003]."""
    service = PensionService(Decimal(30), yos_after_transition=Decimal(10))
    assert regular_annual(structure, FAC, service) == FAC * (Decimal("0.015") * 20 + Decimal("0.0125") * 10)


@pytest.mark.parametrize("structure", [Structure.BASIC_4, Structure.MIP_7])
def test_members_who_kept_1_5_percent_earn_it_for_the_whole_career(structure):
    """RULES §1: Basic 4% / MIP 7% keep 1.5% for the whole career [003]."""
    service = PensionService(Decimal(35), yos_after_transition=Decimal(10))
    assert regular_annual(structure, FAC, service) == FAC * Decimal("0.015") * 35


@pytest.mark.parametrize("structure", [Structure.BASIC_4, Structure.MIP_7])
def test_members_who_stepped_down_at_30_earn_1_25_percent_above_30_years(structure):
    """RULES §1 / ARCHITECTURE contributions_stop_at_30: 1.5% up to 30 YOS, then 1.25% [003]."""
    service = PensionService(Decimal(35), contributions_stop_at_30=True)
    assert regular_annual(structure, FAC, service) == FAC * (Decimal("0.015") * 30 + Decimal("0.0125") * 5)


@pytest.mark.parametrize("structure", [Structure.BASIC_DC_CONVERTED, Structure.MIP_DC_CONVERTED])
def test_dc_converted_members_earn_1_5_percent_on_their_service_at_the_switch(structure):
    """RULES §1: DC Converted, 1.5% × YOS as of 2013-02-01 (the caller passes that service)."""
    assert regular_annual(structure, FAC, PensionService(Decimal(20))) == FAC * Decimal("0.015") * 20


def test_conservation_officers_get_60_percent_of_a_two_year_fac():
    """RULES §5: 2-year FAC × 60%; Mr. Mac 42,190.85 → 25,314.51 [004]."""
    assert conservation_officer_annual(Decimal("42190.85")) == Decimal("25314.5100")


def test_the_covered_supplement_is_half_a_percent_per_covered_year():
    """RULES §5: FAC × 0.5% × covered YOS; Mr. Mac 41,875.37 × 0.5% × 25 = 5,234.42 [002]."""
    assert covered_supplemental_annual(Decimal("41875.37"), Decimal(25)).quantize(Decimal("0.01")) == Decimal(
        "5234.42"
    )


def test_mpsers_duty_disability_counts_at_least_10_years():
    """RULES §5: at least 10 YOS in the calculation for duty disability (MPSERS) [003]."""
    service = with_duty_disability_minimum(PensionService(Decimal(3)), after_transition=False)
    assert service.pension_yos == Decimal(10)


def test_duty_disability_keeps_longer_service_as_it_is():
    """RULES §5: the 10-YOS minimum never lowers the service counted."""
    service = with_duty_disability_minimum(PensionService(Decimal(12)), after_transition=True)
    assert service == PensionService(Decimal(12))
