"""The monthly payment after taxes and premiums, and the billed remainder (applications/rules/net_pay.py, RULES §10,
§11a)."""

from decimal import Decimal

from applications.rules.net_pay import monthly_payment

D = Decimal


def test_taxes_and_premium_come_off_the_gross():
    paid = monthly_payment(gross=D("3000.00"), federal=D("178.33"), michigan=D("0.00"), premium=D("183.40"))
    assert (paid.net, paid.billed, paid.premium_deducted) == (D("2638.27"), D("0.00"), D("183.40"))


def test_a_premium_larger_than_the_pension_leaves_nothing_and_bills_the_rest():
    paid = monthly_payment(gross=D("300.00"), federal=D("0.00"), michigan=D("0.00"), premium=D("450.75"))
    assert (paid.net, paid.premium_deducted, paid.billed) == (D("0.00"), D("300.00"), D("150.75"))


def test_taxes_are_withheld_before_the_premium_and_what_is_left_is_billed():
    paid = monthly_payment(gross=D("1000.00"), federal=D("50.00"), michigan=D("10.00"), premium=D("1000.00"))
    assert (paid.federal, paid.michigan, paid.net, paid.billed) == (D("50.00"), D("10.00"), D("0.00"), D("60.00"))


def test_withholding_never_exceeds_the_payment():
    paid = monthly_payment(gross=D("100.00"), federal=D("150.00"), michigan=D("10.00"), premium=D("20.00"))
    assert (paid.federal, paid.michigan, paid.net, paid.billed) == (D("100.00"), D("0.00"), D("0.00"), D("20.00"))


def test_no_premium_no_taxes_pays_the_gross():
    paid = monthly_payment(gross=D("2412.50"), federal=D("0.00"), michigan=D("0.00"), premium=D("0"))
    assert (paid.net, paid.billed) == (D("2412.50"), D("0.00"))
