"""Vesting in employer contributions to the Defined Contribution plan (RULES §9 [001][002]).

Own contributions vest immediately; employer contributions 50% after 2 YOS, 75% after 3, 100% after 4, a YOS
being 2,080 hours.
"""

from __future__ import annotations

from decimal import Decimal

# RULES §9: (years of service, vested share of employer contributions), highest first.
EMPLOYER_VESTING_SCHEDULE = (
    (Decimal(4), Decimal(1)),
    (Decimal(3), Decimal("0.75")),
    (Decimal(2), Decimal("0.5")),
)
OWN_CONTRIBUTIONS_VESTED_SHARE = Decimal(1)


def employer_vested_share(yos: Decimal) -> Decimal:
    for years, share in EMPLOYER_VESTING_SCHEDULE:
        if yos >= years:
            return share
    return Decimal(0)
