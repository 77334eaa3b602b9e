"""Michigan withholding from the monthly pension (applications/rules/michigan_withholding.py): Treasury's 2026 pension
formula (Form 446) — [payment - monthly pension deduction - $491.67 x exemptions] x 4.25%, the 2026 deduction
$67,610 single ($5,634.17 a month) / $135,220 joint ($11,268.33 a month), public pensions of recipients born before
1946 exempt."""

from decimal import Decimal

import pytest

from applications.rules.michigan_withholding import (
    MIW4P,
    NO_WITHHOLDING,
    MichiganFilingStatus,
    monthly_amount,
    monthly_withholding,
    table,
)

D = Decimal
SINGLE, JOINT = MichiganFilingStatus.SINGLE, MichiganFilingStatus.MARRIED_JOINT


def withheld(pension, form, tax_year=2026):
    return monthly_withholding(monthly_taxable=D(pension), form=form, tax_year=tax_year)


def test_the_2026_monthly_allowances_are_treasurys_annual_amounts_over_twelve():
    mi = table(2026)
    assert mi.rate == D("0.0425")
    assert monthly_amount(mi.personal_exemption) == D("491.67")
    assert monthly_amount(mi.retirement_deduction[SINGLE]) == D("5634.17")
    assert monthly_amount(mi.retirement_deduction[JOINT]) == D("11268.33")


CASES = [
    ("6000", MIW4P(), "15.55", "(6,000 - 5,634.17) x 4.25% = 15.5478"),
    ("6500", MIW4P(exemptions=1), "15.90", "(6,500 - 5,634.17 - 491.67) x 4.25% = 15.9018"),
    ("13000", MIW4P(filing_status=JOINT, exemptions=2), "31.80", "(13,000 - 11,268.33 - 983.34) x 4.25% = 31.804"),
    ("3000", MIW4P(), "0.00", "under the deduction: nothing"),
    ("3000", MIW4P(additional=D(20)), "20.00", "under the deduction, with an additional amount"),
    ("6000", MIW4P(filing_status=JOINT), "0.00", "under the joint deduction"),
    ("6000", MIW4P(birth_year=1960), "15.55", "born 1960: the full 2026 deduction, as for everyone born from 1946"),
    ("6000", MIW4P(birth_year=1946), "15.55", "born 1946: the first year of the ordinary rule"),
    ("9000", MIW4P(birth_year=1945), "0.00", "born before 1946: a public pension is exempt"),
    ("9000", MIW4P(birth_year=1944, additional=D(15)), "15.00", "born before 1946, asking for an additional 15"),
    ("5700", MIW4P(exemptions=3), "0.00", "exemptions take it below zero: zero, not negative"),
]


@pytest.mark.parametrize("pension, form, expected, why", CASES, ids=[case[3] for case in CASES])
def test_treasurys_pension_formula(pension, form, expected, why):
    assert withheld(pension, form) == D(expected)


def test_no_mi_w4p_on_file_withholds_as_single_with_no_exemptions():
    assert withheld("6000", None) == withheld("6000", MIW4P()) == D("15.55")


def test_the_election_of_no_withholding_withholds_nothing():
    assert withheld("20000", NO_WITHHOLDING) == D("0.00")


@pytest.mark.parametrize("birth_year, expected, why", [
    (1960, "79.96", "born 1946-1966: 75% of $65,897 = $4,118.56 a month; (6,000 - 4,118.56) x 4.25% = 79.9612"),
    (1970, "255.00", "born after 1966: no deduction in 2025; 6,000 x 4.25%"),
    (1944, "0.00", "born before 1946: a public pension is exempt"),
    (None, "255.00", "birth year not given: the smallest share of the year, so never too little withheld"),
])
def test_the_2025_phase_in_depends_on_the_birth_year(birth_year, expected, why):
    assert withheld("6000", MIW4P(birth_year=birth_year), tax_year=2025) == D(expected)
