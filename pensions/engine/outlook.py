"""A member's standing today, for the record pages: credited service, vesting progress and, for each provision of
RULES §3, the first retirement effective date on which it is met if the member keeps working.

Pure glue over `purchases` (RULES §2: what purchased service is credited, Act 88 for eligibility only, vesting)
and `eligibility` (RULES §3). Service is earned service (the sum of the ledger's credited hours, converted once),
service granted as earned (military and workers'-compensation leave, RULES §2), purchases and transfers by type,
and Act 88 years. The total is rounded once, to four decimals (RULES preamble).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import eligibility
from .dates import first_of_next_month
from .eligibility import MemberFacts, ProvisionStatus
from .money import four_places
from .plans import EmploymentType, RetirementType, Structure, System, facts
from .purchases import Purchase, credit_purchases, vesting_requirement

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Outlook:
    earned_yos: Decimal  # earned + granted, four decimals
    purchased_yos_credited: Decimal
    purchased_yos_not_credited: Decimal
    act88_yos: Decimal  # counts for vesting and eligibility only
    credited_yos: Decimal  # earned + credited purchases: the YOS of the pension, four decimals
    vesting_yos_required: Decimal
    vesting_yos: Decimal  # service that counts toward vesting (earned, earned-equivalent transfers, Act 88)
    vested: bool
    vesting_share: Decimal  # 0 … 1, for a progress bar
    vesting_yos_remaining: Decimal  # years still needed to vest (0 once vested)
    evaluated_on: date  # the earliest retirement effective date the provisions are assessed on
    provisions: tuple[ProvisionStatus, ...]
    notes: tuple[str, ...]


def earliest_red(*, today: date, termination_date: date | None) -> date:
    """The first RED a member could still have: the first of next month, and never before the month after
    termination (RULES §3)."""
    red = first_of_next_month(today)
    if termination_date is not None:
        red = max(red, first_of_next_month(termination_date))
    return red


def member_outlook(
    *,
    system: System,
    structure: Structure,
    employment_type: EmploymentType,
    birth_date: date,
    active: bool,
    termination_date: date | None,
    earned_yos: Decimal,
    purchases: list[Purchase],
    act88_yos: Decimal,
    today: date,
    covered_yos: Decimal = ZERO,
    conservation_officer_yos: Decimal = ZERO,
    facility_yos: Decimal = ZERO,
    hire_date: date | None = None,
) -> Outlook:
    required = vesting_requirement(system, employment_type)
    credit = credit_purchases(
        purchases, system=system, earned_yos=earned_yos, act88_yos=act88_yos, vesting_required=required
    )
    credited = earned_yos + credit.credited
    vesting_yos = earned_yos + credit.earned_equivalent + act88_yos  # RULES §2: purchases never count toward it
    red = earliest_red(today=today, termination_date=None if active else termination_date)
    member = MemberFacts(
        system=system,
        family=facts(structure).family,
        employment_type=employment_type,
        retirement_type=RetirementType.SERVICE,
        birth_date=birth_date,
        retirement_effective_date=red,
        active=active,
        termination_date=None if active else termination_date,
        credited_yos=credited,
        earned_yos=earned_yos + credit.earned_equivalent,
        act88_yos=act88_yos,
        vesting_yos_required=required,
        covered_yos=covered_yos,
        conservation_officer_yos=conservation_officer_yos,
        facility_yos=facility_yos,
        hire_date=hire_date,
        universal_buy_in=credit.universal_buy_in,
    )
    share = min(vesting_yos / required, ONE) if required else ONE
    return Outlook(
        earned_yos=four_places(earned_yos),
        purchased_yos_credited=four_places(credit.credited),
        purchased_yos_not_credited=four_places(credit.not_credited),
        act88_yos=four_places(act88_yos),
        credited_yos=four_places(credited),
        vesting_yos_required=required,
        vesting_yos=four_places(vesting_yos),
        vested=vesting_yos >= required,
        vesting_share=share,
        vesting_yos_remaining=four_places(max(required - vesting_yos, ZERO)),
        evaluated_on=red,
        provisions=tuple(eligibility.evaluate(member)),
        notes=tuple(credit.notes),
    )
