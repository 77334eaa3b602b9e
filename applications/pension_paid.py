"""A retiree's pension as the portal holds it, for their dashboard: the monthly amount and retirement effective date
staff keep on the member's insurance profile, the insurance premium share deducted from it (insurance selectors,
RULES §10) and the next pay date (RULES §11a).

The portal has no pension-payroll record yet: tax withholding and other payroll deductions are not known here, and
the page says so rather than guessing them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from applications.rules.pay_dates import next_pay_date
from insurance import selectors as insurance_selectors


@dataclass(frozen=True)
class RetireePension:
    retirement_effective_date: date | None
    monthly_pension: Decimal | None  # before deductions; None until staff record the award
    insured: bool  # insurance coverage in force today
    insurance_deduction: Decimal | None  # the premium share taken from the pension; None when not yet known
    insurance_billed: Decimal | None  # the rest of the share, billed monthly when the pension is smaller
    next_pay_date: date

    @property
    def after_insurance(self) -> Decimal | None:
        """The monthly pension less the insurance deduction (before tax withholding, which the portal lacks)."""
        if self.monthly_pension is None:
            return None
        if not self.insured:
            return self.monthly_pension
        return None if self.insurance_deduction is None else self.monthly_pension - self.insurance_deduction


def retiree_pension_for_member(*, member, today: date) -> RetireePension:
    """The retiree's pension, deduction and next pay date on ``today`` (the insurance profile and coverage reads)."""
    profile = insurance_selectors.profile_for_member(member=member)
    coverage = insurance_selectors.coverage_summary_for_member(member=member, on=today, profile=profile)
    red = profile.retirement_effective_date
    collection = coverage.collection
    return RetireePension(
        retirement_effective_date=red,
        monthly_pension=profile.monthly_pension,
        insured=coverage.enrolment is not None,
        insurance_deduction=collection.deducted_from_pension if collection else None,
        insurance_billed=collection.billed_monthly if collection else None,
        next_pay_date=next_pay_date(max(today, red) if red else today),
    )
