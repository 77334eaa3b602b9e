"""Retiree life insurance, SERS only (RULES §10 "Life insurance"; [002] "Life insurance protection"; [004] V).

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from insurance.rules.dependents import (
    CHILD_RELATIONS,
    Candidate,
    Dependent,
    DependentEligibility,
    EligibilityBasis,
    Relation,
    decide,
)
from insurance.rules.subsidy import PERCENT
from pensions.engine.dates import birthday
from pensions.engine.plans import System

# "Your coverage is 25% of the coverage you carried when you left work" [002]; [004] V; RULES §10.
RETIREE_LIFE_PERCENT = Decimal(25)
# "your dependents' policies are capped at $1,000 each" [002]; RULES §10.
DEPENDENT_LIFE_CAP = Decimal("1000")
# "Your unmarried dependent children under age 23." [002]; RULES §10.
LIFE_CHILD_UNDER_AGE = 23
# "Within 30 days of retirement, you may convert the remaining 75% of your active life insurance" [002]; [004] V.
LIFE_CONVERSION_WINDOW_DAYS = 30
# "If you become totally and permanently disabled prior to age 65 ... If you are still ... disabled on your 65th
# birthday, you will be considered retired and your life insurance amount will be reduced to 25%" [002].
LIFE_DISABILITY_FULL_AMOUNT_UNTIL_AGE = 65
# "Any person(s) can be named as beneficiary(ies) for your life insurance. You can also name a trust or your
# estate." [002]; RULES §10.
LIFE_BENEFICIARY_MAY_BE = ("any person", "a trust", "the member's estate")
# "The award letter ... serves as your only proof of your life insurance coverage" [002].
LIFE_PROOF_OF_COVERAGE = "The award letter is the only proof of retiree life insurance coverage; keep it."


@dataclass(frozen=True)
class LifeInsurance:
    eligible: bool
    amount: Decimal
    reason: str


def retiree_life_insurance(
    *,
    active_coverage: Decimal,
    deferred: bool,
    meets_regular_age_and_service: bool,
    birth_date: date,
    on: date,
    disabled_on: date | None = None,
) -> LifeInsurance:
    """The retiree's own group life amount on ``on`` (SERS; RULES §10; [002] "Life insurance protection").

    ``active_coverage`` is the coverage carried when leaving work (for a disability: in force when disabled).
    - deferred members: none, ever ([002]; [004] I and V);
    - totally and permanently disabled before 65: the full amount until the day before the 65th birthday, 25%
      from the 65th birthday; disabled on or after 65: 25%;
    - retirees meeting regular age and service: 25%, at no cost;
    - anyone else: not eligible (the sources continue life insurance only for those two cases).
    """
    if deferred:
        return LifeInsurance(False, Decimal(0), "Deferred members do not get group life insurance ([002]; [004]).")
    reduced = Decimal(active_coverage) * RETIREE_LIFE_PERCENT / PERCENT
    if disabled_on is not None:
        sixty_five = birthday(birth_date, LIFE_DISABILITY_FULL_AMOUNT_UNTIL_AGE)
        if disabled_on < sixty_five and on < sixty_five:
            return LifeInsurance(
                True,
                Decimal(active_coverage),
                f"Disabled before 65: the amount in force when disabled continues until {sixty_five.isoformat()}.",
            )
        return LifeInsurance(True, reduced, "Disabled retiree from age 65: 25% of the coverage in force.")
    if meets_regular_age_and_service:
        return LifeInsurance(True, reduced, "Retiree meeting regular age and service: 25% of active coverage.")
    return LifeInsurance(
        False, Decimal(0), "Retiree life insurance continues only for retirees meeting regular age and service ([002])."
    )


def dependent_life_amount(active_dependent_amount: Decimal) -> Decimal:
    """A dependent's retiree life policy: the active amount capped at $1,000 ([002]; RULES §10)."""
    return min(Decimal(active_dependent_amount), DEPENDENT_LIFE_CAP)


def life_conversion_window_ends(retirement_effective_date: date) -> date:
    """The last day to convert the remaining 75%: 30 days after the retirement effective date, inclusive."""
    return retirement_effective_date + timedelta(days=LIFE_CONVERSION_WINDOW_DAYS)


def life_conversion_offered_until(retirement_effective_date: date, on: date) -> date | None:
    """The last day to convert while it is still ahead on ``on`` (that day included); None once it has passed: a
    conversion date in the past is never offered."""
    ends = life_conversion_window_ends(retirement_effective_date)
    return ends if on <= ends else None


def life_convertible_amount(*, active_coverage: Decimal, active_dependent_amounts: Iterable[Decimal] = ()) -> Decimal:
    """What may be converted: the 75% not continued, plus what each dependent policy lost to the $1,000 cap."""
    own = Decimal(active_coverage) * (PERCENT - RETIREE_LIFE_PERCENT) / PERCENT
    return own + sum((Decimal(a) - dependent_life_amount(a) for a in active_dependent_amounts), Decimal(0))


def life_dependent_eligibility(*, dependent: Dependent, on: date, enrolled_while_active: bool) -> DependentEligibility:
    """Whether ``dependent`` keeps retiree dependent life insurance on ``on`` (SERS; [002]; RULES §10).

    Only dependents enrolled while the member was active; then the spouse; an unmarried child dependent for
    support until the day before the 23rd birthday; an incapacitated (disabled) child who lives with the member
    and depends on them for support, without age limit. Parents are not life dependents.
    """
    d = dependent
    if not enrolled_while_active:
        return DependentEligibility(False, "only dependents enrolled while the member was active continue ([002])")
    if d.relation is Relation.SPOUSE:
        if d.divorce_date is not None and d.divorce_date <= on:
            return DependentEligibility(False, "a former spouse is not a life dependent ([002])")
        return DependentEligibility(True, "spouse ([002])", EligibilityBasis.SPOUSE)
    if d.relation not in CHILD_RELATIONS:
        return DependentEligibility(False, "only a spouse and children can be life dependents ([002])")
    candidates = []
    if d.disabled and d.lives_with_member and d.dependent_for_support:
        candidates.append(
            Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "incapacitated child living with the member and dependent for support ([002])",
                ages_out=False,
            )
        )
    if not d.married and d.dependent_for_support:
        candidates.append(
            Candidate(
                EligibilityBasis.CHILD,
                birthday(d.birth_date, LIFE_CHILD_UNDER_AGE) - timedelta(days=1),
                "unmarried dependent child under 23 ([002])",
            )
        )
    return decide(on, candidates, "a child must be unmarried and dependent for support, or incapacitated ([002])")


# "Life insurance (SERS)" RULES §10; [002] "Life insurance protection"; [003] (MPSERS) describes no retiree group
# life insurance.
LIFE_INSURANCE_SYSTEMS = frozenset({System.SERS})
