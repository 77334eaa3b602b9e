"""A retiree's pension as the portal holds it, for their dashboard: the monthly amount and retirement effective date
on the member's insurance profile (written from the award when the member became a retiree, applications.retiring,
or kept by staff), the insurance premium share deducted from it (insurance selectors, RULES §10), the federal and
Michigan withholding of the award letter (RULES §11a), the net payment (rules.net_pay) and the next pay date.

Without an award letter (a retiree from before the portal's awards) the withholding is not known here, and the
page says so rather than guessing it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from applications.models import Application, AwardLetter
from applications.rules import net_pay
from applications.rules.pay_dates import next_pay_date
from insurance import selectors as insurance_selectors
from pensions.engine.money import ZERO


@dataclass(frozen=True)
class RetireePension:
    retirement_effective_date: date | None
    monthly_pension: Decimal | None  # before deductions; None until staff record the award
    insured: bool  # insurance coverage in force today
    insurance_deduction: Decimal | None  # the premium share taken from the pension; None when not yet known
    insurance_billed: Decimal | None  # the rest of the share, billed monthly when the pension is smaller
    next_pay_date: date
    federal: Decimal | None = None  # the award letter's withholding; None without one
    michigan: Decimal | None = None

    @property
    def after_insurance(self) -> Decimal | None:
        """The monthly pension less the insurance deduction (before tax withholding)."""
        if self.monthly_pension is None:
            return None
        if not self.insured:
            return self.monthly_pension
        return None if self.insurance_deduction is None else self.monthly_pension - self.insurance_deduction

    @property
    def payment(self) -> net_pay.MonthlyPayment | None:
        """Gross, taxes, premium share and net (RULES §11a), when the award's withholding and the premium are known."""
        if self.monthly_pension is None or self.federal is None or (self.insured and self.insurance_deduction is None):
            return None
        premium = (self.insurance_deduction or ZERO) + (self.insurance_billed or ZERO) if self.insured else ZERO
        return net_pay.monthly_payment(gross=self.monthly_pension, federal=self.federal, michigan=self.michigan,
                                       premium=premium)


def _awarded_withholding(member):
    """The monthly withholding of the member's award letter (the latest approved version), or (None, None)."""
    content = (AwardLetter.objects.filter(calculation__application__member=member,
                                          calculation__application__state=Application.State.AWARDED)
               .order_by("-calculation__version").values_list("content", flat=True).first())
    if content is None:
        return None, None
    return Decimal(content["monthly"]["federal"]), Decimal(content["monthly"]["michigan"])


def retiree_pension_for_member(*, member, today: date) -> RetireePension:
    """The retiree's pension, deductions and next pay date on ``today`` (the insurance profile and coverage reads)."""
    profile = insurance_selectors.profile_for_member(member=member)
    coverage = insurance_selectors.coverage_summary_for_member(member=member, on=today, profile=profile)
    red = profile.retirement_effective_date
    collection = coverage.collection
    federal, michigan = _awarded_withholding(member)
    return RetireePension(
        retirement_effective_date=red,
        monthly_pension=profile.monthly_pension,
        insured=coverage.enrolment is not None,
        insurance_deduction=collection.deducted_from_pension if collection else None,
        insurance_billed=collection.billed_monthly if collection else None,
        next_pay_date=next_pay_date(max(today, red) if red else today),
        federal=federal,
        michigan=michigan,
    )
