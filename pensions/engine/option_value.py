"""What a survivor option costs and when it pays back (RULES §6, §13; [003] asks the portal to help members weigh
the options).

Choosing a survivor option lowers the retiree's pension by (straight life − option amount) a month for as long as
the retiree lives; the beneficiary who outlives the retiree then receives the survivor amount each month. For each
year the retiree lives in retirement, the beneficiary must outlive the retiree by 12 × cost ÷ survivor amount months
for the option to pay back what it cost. (Increases apply to both in proportion, so they leave the ratio alone.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)
TWELVE = Decimal(12)


@dataclass(frozen=True, slots=True)
class Payback:
    monthly_cost: Decimal  # straight life − the option's amount, a month
    months_per_year_retired: Decimal | None  # months the beneficiary must outlive the retiree per year retired


def survivor_payback(*, straight_monthly: Decimal, option_monthly: Decimal, survivor_monthly: Decimal) -> Payback:
    cost = straight_monthly - option_monthly
    if cost < ZERO:
        cost = ZERO
    months = TWELVE * cost / survivor_monthly if survivor_monthly > ZERO else None
    return Payback(cost, months)
