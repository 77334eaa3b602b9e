"""The member's election on the application: option and survivor beneficiary, whether the spouse must waive, and the
proofs the application itself requires (RULES §6, §11, §11a [002][003][004]).

Dependents' proofs come from the insurance rules (RULES §10) and join these on the checklist.
"""

from __future__ import annotations

import enum

from pensions.engine.beneficiaries import MPSERS_DEPENDENT_SURVIVORS, SERS_SURVIVORS, Relationship
from pensions.engine.option_factors import OptionName
from pensions.engine.plans import System

# RULES §6: SERS — spouse, child, grandchild, sibling, parent [002][004]; MPSERS — spouse, minor child, or an adult
# child, sibling or parent dependent on the member [003] (the dependency is checked where the person is named).
SURVIVOR_RELATIONS = {
    System.SERS: SERS_SURVIVORS,
    System.MPSERS: frozenset({Relationship.SPOUSE}) | MPSERS_DEPENDENT_SURVIVORS,
}

NO_BENEFICIARY_WITH_STRAIGHT_LIFE = "Straight life pays nothing to a survivor, so no survivor beneficiary is named."
BENEFICIARY_NEEDED = "A survivor option needs a survivor beneficiary."
NOT_A_SURVIVOR_RELATION = "A {system} survivor beneficiary must be one of: {allowed}."
SPOUSE_BUT_NOT_MARRIED = "A spouse can be the beneficiary only of a member who is married."


class Proof(enum.Enum):
    """The application's own proofs (RULES §11 [004], §11a)."""

    BENEFICIARY_AGE = "BENEFICIARY_AGE"
    MARRIAGE = "MARRIAGE"
    MEMBER_AGE = "MEMBER_AGE"
    SOCIAL_SECURITY_STATEMENT = "SOCIAL_SECURITY_STATEMENT"
    SPOUSAL_WAIVER = "SPOUSAL_WAIVER"


def beneficiary_refusal(*, system: System, option: OptionName, relationship: Relationship | None,
                        married: bool) -> str | None:
    """Why this option and beneficiary cannot go together, or None when they can."""
    if option is OptionName.STRAIGHT_LIFE:
        return NO_BENEFICIARY_WITH_STRAIGHT_LIFE if relationship is not None else None
    if relationship is None:
        return BENEFICIARY_NEEDED
    allowed = SURVIVOR_RELATIONS[system]
    if relationship not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        return NOT_A_SURVIVOR_RELATION.format(system=system.value, allowed=names)
    if relationship is Relationship.SPOUSE and not married:
        return SPOUSE_BUT_NOT_MARRIED
    return None


def spousal_waiver_required(*, married: bool, option: OptionName, relationship: Relationship | None) -> bool:
    """RULES §6, §11a [002][004]: a married member needs the spouse's notarised waiver unless the spouse is the
    beneficiary of the 100% survivor option (straight life included)."""
    spouse_gets_full_survivor = option is OptionName.SURVIVOR_100 and relationship is Relationship.SPOUSE
    return married and not spouse_gets_full_survivor


def required_proofs(*, married: bool, option: OptionName, equated: bool, waiver_required: bool) -> list[Proof]:
    """RULES §11a: member's age always; beneficiary's age with a survivor option; marriage when married; the Social
    Security statement with an equated plan; the spousal waiver when required. In name order."""
    proofs = {Proof.MEMBER_AGE}
    if option is not OptionName.STRAIGHT_LIFE:
        proofs.add(Proof.BENEFICIARY_AGE)
    if married:
        proofs.add(Proof.MARRIAGE)
    if equated:
        proofs.add(Proof.SOCIAL_SECURITY_STATEMENT)
    if waiver_required:
        proofs.add(Proof.SPOUSAL_WAIVER)
    return sorted(proofs, key=lambda proof: proof.value)
