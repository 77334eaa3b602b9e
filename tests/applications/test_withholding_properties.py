"""Properties of the withholding rules (RULES §11a): never negative, and never less for a larger pension (monotone,
non-decreasing), whatever the W-4P or MI W-4P says; and the monthly payment always adds up."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from applications.rules import federal_withholding, michigan_withholding, tax_tables
from applications.rules.federal_withholding import W4P, FilingStatus
from applications.rules.michigan_withholding import MIW4P, MichiganFilingStatus
from applications.rules.net_pay import monthly_payment

money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)
annual = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)

w4p = st.builds(W4P, withhold=st.booleans(), filing_status=st.sampled_from(FilingStatus), step2_other_income=annual,
                step3_credits=annual, step4a_other_income=annual, step4b_deductions=annual,
                step4c_extra=st.decimals(min_value=0, max_value=5_000, places=2))
years = st.sampled_from(tax_tables.covered_years(tax_tables.FEDERAL))
mi_w4p = st.builds(MIW4P, withhold=st.booleans(), filing_status=st.sampled_from(MichiganFilingStatus),
                   exemptions=st.integers(0, 12), additional=st.decimals(min_value=0, max_value=500, places=2),
                   birth_year=st.none() | st.integers(1930, 2000))


def federal(pension, form, year):
    return federal_withholding.monthly_withholding(monthly_taxable=pension, form=form, tax_year=year)


def michigan(pension, form, year):
    return michigan_withholding.monthly_withholding(monthly_taxable=pension, form=form, tax_year=year)


@given(w4p | st.none(), years, money, money)
def test_federal_withholding_is_never_negative_and_never_falls_as_the_pension_rises(form, year, a, b):
    low, high = sorted((a, b))
    assert Decimal(0) <= federal(low, form, year) <= federal(high, form, year)


@given(mi_w4p | st.none(), years, money, money)
def test_michigan_withholding_is_never_negative_and_never_falls_as_the_pension_rises(form, year, a, b):
    low, high = sorted((a, b))
    assert Decimal(0) <= michigan(low, form, year) <= michigan(high, form, year)


@given(money, money, money, money)
def test_the_payment_adds_up_and_nothing_is_negative(gross, fed, mi, premium):
    paid = monthly_payment(gross=gross, federal=fed, michigan=mi, premium=premium)
    assert min(paid.federal, paid.michigan, paid.net, paid.billed, paid.premium_deducted) >= 0
    assert paid.federal + paid.michigan + paid.premium_deducted + paid.net == gross
    assert paid.premium_deducted + paid.billed == premium
