"""Michigan income tax withheld from the monthly pension (Form 4924, MI W-4P), by the Michigan Treasury's pension
withholding rules of the tax year, kept as data with their source (``data/michigan_<year>.json``; RULES §11a).

Treasury's formula (Form 446, "Withholding Formula" for pension and retirement payments):

    withholding = [payment subject to federal income tax − monthly pension deduction
                   − allowance per exemption × number of exemptions] × rate

with the monthly amounts Treasury publishes (the annual amounts ÷ 12, in cents), never below zero, plus any
additional amount the recipient asks for. The pension deduction is the year's maximum retirement-benefit deduction
for the filing status (single or married filing separately / married filing jointly) times the share the
recipient's birth year allows (the 2023 PA 4 phase-in: complete from 2026). A recipient born before 1946 is not
taxed on benefits from a public source at all — SERS and MPSERS are Michigan public systems — so nothing is
withheld unless they ask for an additional amount.

No MI W-4P on file: Treasury has payers withhold on the taxable distribution; we take single with no exemptions and
the deduction of a recipient born after 1945. A birth year that is not given is treated the same way (and, in a
year whose phase-in still differed by birth year, with the smallest share — more withheld, never less).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from applications.rules import tax_tables
from pensions.engine.money import ZERO, cents

MONTHS_PER_YEAR = Decimal(12)


class MichiganFilingStatus(enum.Enum):
    SINGLE = "SINGLE"  # also married filing separately
    MARRIED_JOINT = "MARRIED_JOINT"


@dataclass(frozen=True, slots=True)
class MIW4P:
    """The recipient's MI W-4P choices."""

    withhold: bool = True
    filing_status: MichiganFilingStatus = MichiganFilingStatus.SINGLE
    exemptions: int = 0
    additional: Decimal = ZERO  # per payment
    birth_year: int | None = None


NO_MI_W4P_ON_FILE = MIW4P()
NO_WITHHOLDING = MIW4P(withhold=False)


@dataclass(frozen=True, slots=True)
class DeductionShare:
    born_from: int | None
    born_through: int | None
    share: Decimal

    def covers(self, birth_year: int) -> bool:
        return ((self.born_from is None or birth_year >= self.born_from)
                and (self.born_through is None or birth_year <= self.born_through))


@dataclass(frozen=True, slots=True)
class MichiganTable:
    tax_year: int
    rate: Decimal
    personal_exemption: Decimal
    retirement_deduction: dict[MichiganFilingStatus, Decimal]
    public_benefits_exempt_if_born_before: int
    deduction_shares: tuple[DeductionShare, ...]

    def deduction_share(self, birth_year: int | None) -> Decimal:
        """The share of the maximum deduction for a recipient born in ``birth_year`` (none in no band)."""
        if birth_year is None:
            return min(band.share for band in self.deduction_shares)
        return next((band.share for band in self.deduction_shares if band.covers(birth_year)), ZERO)


@cache
def table(tax_year: int) -> MichiganTable:
    """Treasury's pension withholding amounts for ``tax_year``; raises ``tax_tables.TaxYearNotCovered``."""
    raw = tax_tables.load(tax_tables.MICHIGAN, tax_year)
    return MichiganTable(
        tax_year=tax_year,
        rate=Decimal(raw["rate"]),
        personal_exemption=Decimal(raw["personal_exemption"]),
        retirement_deduction={MichiganFilingStatus(k): Decimal(v) for k, v in raw["retirement_deduction"].items()},
        public_benefits_exempt_if_born_before=int(raw["public_benefits_exempt_if_born_before"]),
        deduction_shares=tuple(DeductionShare(band["born_from"], band["born_through"], Decimal(band["share"]))
                               for band in raw["deduction_share_by_birth_year"]),
    )


def monthly_amount(annual: Decimal) -> Decimal:
    """A monthly allowance as Treasury publishes it: the annual amount ÷ 12 in cents."""
    return cents(annual / MONTHS_PER_YEAR)


def monthly_withholding(*, monthly_taxable: Decimal, form: MIW4P | None, tax_year: int) -> Decimal:
    """The Michigan income tax to withhold from one monthly payment of a public pension, in cents."""
    form = NO_MI_W4P_ON_FILE if form is None else form
    if not form.withhold:
        return cents(ZERO)
    mi = table(tax_year)
    if form.birth_year is not None and form.birth_year < mi.public_benefits_exempt_if_born_before:
        return cents(form.additional)
    deduction = monthly_amount(mi.retirement_deduction[form.filing_status] * mi.deduction_share(form.birth_year))
    exemptions = monthly_amount(mi.personal_exemption) * form.exemptions
    taxable = max(ZERO, monthly_taxable - deduction - exemptions)
    return cents(taxable * mi.rate + form.additional)
