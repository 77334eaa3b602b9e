"""Federal income tax withheld from the monthly pension: IRS Publication 15-T, Worksheet 1B (periodic pension or
annuity payments, Form W-4P from 2022 or later), with the tax year's annual STANDARD withholding rate schedules as
data (``data/federal_<year>.json``; RULES §11a).

Worksheet 1B, for a monthly payment (Table 3: 12 pay periods a year):

- Step 1, the adjusted annual payment amount: 12 × the monthly taxable amount + Step 4(a) − Step 4(b) − line 1g
  ($12,900 married filing jointly, $8,600 otherwise), never below zero.
- Step 2, the tentative annual withholding: the schedule's tax on (the adjusted amount + the Step 2(b)(iii) income)
  less the schedule's tax on the Step 2(b)(iii) income alone — the pension is withheld on as if it came on top of
  the payee's other jobs and pensions, at their marginal rates; divided by 12.
- Step 3: less the Step 3 credits ÷ 12, not below zero.
- Step 4: plus the Step 4(c) extra withholding for each payment.

Full precision throughout; the amount withheld is rounded to cents, half up (RULES preamble). No W-4P on file:
single with no adjustments (RULES §11a). The payee may elect no withholding.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from applications.rules import tax_tables
from pensions.engine.money import ZERO, cents

PAY_PERIODS_PER_YEAR = Decimal(12)  # Pub. 15-T Table 3 (Worksheet 1B line 1b): monthly payments


class FilingStatus(enum.Enum):
    """Form W-4P Step 1(c)."""

    SINGLE = "SINGLE"  # also married filing separately
    MARRIED_JOINT = "MARRIED_JOINT"  # also qualifying surviving spouse
    HEAD_OF_HOUSEHOLD = "HEAD_OF_HOUSEHOLD"


@dataclass(frozen=True, slots=True)
class W4P:
    """The payee's Form W-4P; amounts are annual except ``step4c_extra`` (per payment)."""

    withhold: bool = True
    filing_status: FilingStatus = FilingStatus.SINGLE
    step2_other_income: Decimal = ZERO  # Step 2(b)(iii): other jobs' and pensions' taxable annual amount
    step3_credits: Decimal = ZERO
    step4a_other_income: Decimal = ZERO
    step4b_deductions: Decimal = ZERO
    step4c_extra: Decimal = ZERO


NO_W4P_ON_FILE = W4P()  # RULES §11a: "No W-4P on file → single with no adjustments"
NO_WITHHOLDING = W4P(withhold=False)


@dataclass(frozen=True, slots=True)
class Bracket:
    over: Decimal  # column A: the amount the row starts at
    base: Decimal  # column C: the tentative withholding at ``over``
    rate: Decimal  # column D: the percentage of the excess over ``over``


@dataclass(frozen=True, slots=True)
class FederalTable:
    tax_year: int
    line_1g: dict[FilingStatus, Decimal]
    schedules: dict[FilingStatus, tuple[Bracket, ...]]


@cache
def table(tax_year: int) -> FederalTable:
    """The Worksheet 1B amounts of ``tax_year``; raises ``tax_tables.TaxYearNotCovered``."""
    raw = tax_tables.load(tax_tables.FEDERAL, tax_year)
    return FederalTable(
        tax_year=tax_year,
        line_1g={FilingStatus(k): Decimal(v) for k, v in raw["worksheet_1b_line_1g"].items()},
        schedules={
            FilingStatus(status): tuple(Bracket(Decimal(r["over"]), Decimal(r["base"]), Decimal(r["rate"]))
                                        for r in rows)
            for status, rows in raw["standard_schedules"].items()
        },
    )


def schedule_tax(brackets: tuple[Bracket, ...], amount: Decimal) -> Decimal:
    """Tentative annual withholding on ``amount``: the row whose column A it is at least, column C + D × excess."""
    row = next(bracket for bracket in reversed(brackets) if amount >= bracket.over)
    return row.base + row.rate * (amount - row.over)


def adjusted_annual_payment(monthly_taxable: Decimal, form: W4P, tax_table: FederalTable) -> Decimal:
    """Worksheet 1B Step 1 (line 1i)."""
    annual = monthly_taxable * PAY_PERIODS_PER_YEAR + form.step4a_other_income
    return max(ZERO, annual - form.step4b_deductions - tax_table.line_1g[form.filing_status])


def monthly_withholding(*, monthly_taxable: Decimal, form: W4P | None, tax_year: int) -> Decimal:
    """The federal income tax to withhold from one monthly payment, in cents."""
    form = NO_W4P_ON_FILE if form is None else form
    if not form.withhold:
        return cents(ZERO)
    tax_table = table(tax_year)
    brackets = tax_table.schedules[form.filing_status]
    adjusted = adjusted_annual_payment(monthly_taxable, form, tax_table)
    other = form.step2_other_income
    annual = schedule_tax(brackets, adjusted + other) - schedule_tax(brackets, other)  # Step 2
    tentative = annual / PAY_PERIODS_PER_YEAR
    after_credits = max(ZERO, tentative - form.step3_credits / PAY_PERIODS_PER_YEAR)  # Step 3
    return cents(after_credits + form.step4c_extra)  # Step 4
