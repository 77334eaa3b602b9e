"""Federal withholding from the monthly pension (applications/rules/federal_withholding.py): IRS Pub. 15-T Worksheet
1B with the 2026 annual STANDARD schedules (RULES §11a). Each expected figure is worked by hand beside it."""

from decimal import Decimal

import pytest

from applications.rules.federal_withholding import NO_WITHHOLDING, W4P, FilingStatus, monthly_withholding

D = Decimal
SINGLE, MFJ, HOH = FilingStatus.SINGLE, FilingStatus.MARRIED_JOINT, FilingStatus.HEAD_OF_HOUSEHOLD


def withheld(pension, form, tax_year=2026):
    return monthly_withholding(monthly_taxable=D(pension), form=form, tax_year=tax_year)


CASES = [
    # pension, form, withheld, the worksheet by hand
    ("3000", W4P(filing_status=SINGLE), "178.33", "36,000 - 8,600 = 27,400: 1,240 + 12% x 7,500 = 2,140 / 12"),
    ("5000", W4P(filing_status=MFJ), "236.67", "60,000 - 12,900 = 47,100: 2,480 + 12% x 3,000 = 2,840 / 12"),
    ("4000", W4P(filing_status=HOH), "209.00", "48,000 - 8,600 = 39,400: 1,770 + 12% x 6,150 = 2,508 / 12"),
    ("3000", W4P(filing_status=SINGLE, step2_other_income=D(30000)), "274.00",
     "tax(27,400 + 30,000) 5,740 - tax(30,000) 2,452 = 3,288 / 12"),
    ("5000", W4P(filing_status=MFJ, step2_other_income=D(50000)), "471.00",
     "tax(47,100 + 50,000) 8,840 - tax(50,000) 3,188 = 5,652 / 12"),
    ("4000", W4P(filing_status=HOH, step2_other_income=D(100000)), "752.58",
     "tax(39,400 + 100,000) 20,511 - tax(100,000) 11,480 = 9,031 / 12"),
    ("5000", W4P(filing_status=MFJ, step3_credits=D(2400)), "36.67", "236.666... - 2,400 / 12"),
    ("5000", W4P(filing_status=MFJ, step3_credits=D(6000)), "0.00", "credits above the tax: zero, not negative"),
    ("5000", W4P(filing_status=MFJ, step3_credits=D(6000), step4c_extra=D(40)), "40.00",
     "credits never eat the extra withholding"),
    ("3000", W4P(filing_status=SINGLE, step4a_other_income=D(12000)), "298.33",
     "36,000 + 12,000 - 8,600 = 39,400: 1,240 + 12% x 19,500 = 3,580 / 12"),
    ("3000", W4P(filing_status=SINGLE, step4b_deductions=D(10000)), "82.50",
     "36,000 - 10,000 - 8,600 = 17,400: 10% x 9,900 = 990 / 12"),
    ("3000", W4P(filing_status=SINGLE, step4b_deductions=D(40000)), "0.00", "deductions above the pension: zero"),
    ("3000", W4P(filing_status=SINGLE, step4c_extra=D(50)), "228.33", "178.33 + 50"),
    ("1000", W4P(filing_status=SINGLE, step4c_extra=D(25)), "25.00", "3,400 is under 7,500: only the extra"),
    ("60000", W4P(filing_status=SINGLE), "18033.35",
     "720,000 - 8,600 = 711,400: 192,979.25 + 37% x 63,300 = 216,400.25 / 12"),
    ("2375", W4P(filing_status=SINGLE), "103.33", "exactly 19,900, the start of the 12% row: 1,240 / 12"),
    ("2412.50", W4P(filing_status=MFJ), "0.00", "28,950 - 12,900 = 16,050, under 19,300 (ARCHITECTURE example)"),
    ("6000", W4P(filing_status=HOH, step2_other_income=D(20000), step3_credits=D(1200), step4a_other_income=D(5000),
                 step4b_deductions=D(3000), step4c_extra=D(10)), "561.92",
     "72,000 + 5,000 - 3,000 - 8,600 = 65,400; tax(85,400) 8,268 - tax(20,000) 445 = 7,823; 651.917 - 100 + 10"),
]


@pytest.mark.parametrize("pension, form, expected, why", CASES, ids=[case[3] for case in CASES])
def test_worksheet_1b(pension, form, expected, why):
    assert withheld(pension, form) == D(expected)


def test_no_w4p_on_file_withholds_as_single_with_no_adjustments():
    assert withheld("3000", None) == withheld("3000", W4P()) == D("178.33")


def test_the_election_of_no_withholding_withholds_nothing():
    assert withheld("60000", NO_WITHHOLDING) == D("0.00")


def test_filing_status_changes_the_amount():
    amounts = {status: withheld("6000", W4P(filing_status=status)) for status in FilingStatus}
    # 72,000: single 63,400 -> 5,800 + 22% x 5,500 = 7,010; MFJ 59,100 -> 2,480 + 12% x 15,000 = 4,280;
    # head of household 63,400 -> 1,770 + 12% x 30,150 = 5,388.
    assert amounts == {SINGLE: D("584.17"), MFJ: D("356.67"), HOH: D("449.00")}


def test_each_tax_year_uses_its_own_schedule():
    # 2025: 36,000 - 8,600 = 27,400 -> 1,192.50 + 12% x 9,075 = 2,281.50 / 12 = 190.125; 2026: 178.33.
    assert withheld("3000", W4P(), tax_year=2025) == D("190.13")
    assert withheld("3000", W4P(), tax_year=2026) == D("178.33")
