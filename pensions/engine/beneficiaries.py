"""Who may be named a beneficiary, and when (RULES §6 survivor beneficiary, §14 designations).

- Survivor pension beneficiary: exactly one eligible **person**, never a legal entity (a person may be named as
  trustee of one). SERS: spouse, child (including adopted), grandchild, sibling, parent [002]. MPSERS: spouse,
  minor child, or an adult child, sibling or parent dependent on the member for at least half of their support [003].
- Refund beneficiaries: one or more, each with a share; the shares add up to 100%.
- A beneficiary must be on file before termination for a deferred member's survivor to get a pension, so a deferred
  member with none on file at termination cannot name one now (§14); the survivor beneficiary can never be changed
  after the retirement effective date (§6).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .dates import age_on
from .plans import System

HUNDRED = Decimal(100)
ADULT_AGE = 18  # a "minor child" is under 18 (age of majority in Michigan)


class Relationship(enum.Enum):
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"  # including adopted
    GRANDCHILD = "GRANDCHILD"
    SIBLING = "SIBLING"
    PARENT = "PARENT"
    OTHER_PERSON = "OTHER_PERSON"
    TRUST = "TRUST"
    ESTATE = "ESTATE"
    ORGANIZATION = "ORGANIZATION"


LEGAL_ENTITIES = frozenset({Relationship.TRUST, Relationship.ESTATE, Relationship.ORGANIZATION})
SERS_SURVIVORS = frozenset({Relationship.SPOUSE, Relationship.CHILD, Relationship.GRANDCHILD, Relationship.SIBLING,
                            Relationship.PARENT})
MPSERS_DEPENDENT_SURVIVORS = frozenset({Relationship.CHILD, Relationship.SIBLING, Relationship.PARENT})

NOT_AN_ENTITY = ("A survivor pension is paid to one person, never to a trust, an estate or an organization. You may "
                 "name a person who is the trustee of a trust.")
SERS_RELATION = "A survivor pension beneficiary must be your spouse, child, grandchild, brother or sister, or parent."
MPSERS_RELATION = ("A survivor pension beneficiary must be your spouse, your minor child, or an adult child, brother or "
                   "sister, or parent who depends on you for at least half of their support.")
SHARES_NOT_100 = "The refund beneficiaries' shares must add up to 100%; they add up to {total}%."
NO_DESIGNATION_AT_TERMINATION = ("No survivor pension beneficiary was on file when you left employment, so one cannot "
                                 "be named now (a deferred member's survivor gets a pension only if named before "
                                 "leaving).")
RETIRED = "Your survivor pension beneficiary cannot be changed after your retirement effective date."


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str


def survivor_refusal(*, system: System, relationship: Relationship, birth_date: date, dependent: bool,
                     today: date) -> Refusal | None:
    """Why this person cannot be the survivor pension beneficiary, or None when they can."""
    if relationship in LEGAL_ENTITIES:
        return Refusal(NOT_AN_ENTITY)
    if system is System.SERS:
        return None if relationship in SERS_SURVIVORS else Refusal(SERS_RELATION)
    if relationship is Relationship.SPOUSE:
        return None
    if relationship is Relationship.CHILD and age_on(birth_date, today).years < ADULT_AGE:
        return None
    if relationship in MPSERS_DEPENDENT_SURVIVORS and dependent:
        return None
    return Refusal(MPSERS_RELATION)


def shares_refusal(shares: list[Decimal]) -> Refusal | None:
    """Refund beneficiaries' shares must add up to exactly 100%."""
    total = sum(shares, Decimal(0))
    if total != HUNDRED:
        return Refusal(SHARES_NOT_100.format(total=format(total.normalize(), "f")))
    return None


def designation_refusal(*, status: str, had_survivor_at_termination: bool) -> Refusal | None:
    """Whether the member may name (or change) a survivor pension beneficiary now (RULES §6, §14)."""
    if status == "RETIRED":
        return Refusal(RETIRED)
    if status == "DEFERRED" and not had_survivor_at_termination:
        return Refusal(NO_DESIGNATION_AT_TERMINATION)
    return None
