"""The monthly payment after taxes and the member's share of insurance premiums, and what is billed instead
(RULES §10, §11a).

Net = gross − federal − Michigan − premium share, never below zero; the part of the premium share the pension cannot
cover is billed to the member (RULES §10: "when the pension is smaller, the rest is billed"). Taxes come first: a
payer cannot withhold more than the payment, so the taxes are limited to the gross (federal first), and the premium
share is taken from what the taxes leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pensions.engine.money import ZERO, cents


@dataclass(frozen=True, slots=True)
class MonthlyPayment:
    gross: Decimal
    federal: Decimal
    michigan: Decimal
    premium_deducted: Decimal
    net: Decimal
    billed: Decimal


def monthly_payment(*, gross: Decimal, federal: Decimal, michigan: Decimal, premium: Decimal) -> MonthlyPayment:
    """Apply the deductions in order (federal, Michigan, premium share) to one monthly payment; all in cents."""
    federal = min(federal, gross)
    michigan = min(michigan, gross - federal)
    left = gross - federal - michigan
    deducted = min(premium, left)
    return MonthlyPayment(gross=cents(gross), federal=cents(federal), michigan=cents(michigan),
                          premium_deducted=cents(deducted), net=cents(max(ZERO, left - deducted)),
                          billed=cents(premium - deducted))
