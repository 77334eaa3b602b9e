"""Rounding for display: the engine keeps full precision and rounds only what it shows.

RULES preamble: "carry full precision through a calculation and round each displayed amount to cents,
half-up"; "years of service (YOS) are shown to four decimals (e.g. 29.8240)".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
YOS_PLACES = Decimal("0.0001")  # RULES preamble: YOS to four decimals
RATE_PLACES = Decimal("0.0001")  # reductions shown as 0.1500 (ARCHITECTURE output contract)
MONTHS_PER_YEAR = Decimal(12)


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def four_places(value: Decimal) -> Decimal:
    return value.quantize(YOS_PLACES, rounding=ROUND_HALF_UP)


def plain(value: Decimal) -> str:
    """A decimal as a string without exponent or trailing zeros ("30", "30.4516", "0.84")."""
    text = format(value.normalize(), "f")
    return text
