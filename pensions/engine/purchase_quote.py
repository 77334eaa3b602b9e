"""Service-credit purchase: which types a member may buy now and why not the others, the years left under the
limits, the cost, the pension increase it buys and how many years of retirement recover the cost (RULES §2).

- A purchase must be initiated while an active DB member, and not after switching to DC [002][003][004]; MPSERS
  members must have earned 2 YOS with some in the immediately preceding fiscal year (the wage base) [003].
- Limits per type and per group are `purchases.PURCHASE_RULES` / `GROUP_LIMITS`; service already bought counts.
- Cost: the actuarial cost (present value of the extra pension, `actuarial.service_purchase_cost`) for universal
  buy-in, maternity/paternity/child rearing, Michigan local government, other state or federal service, parental
  leave and nonpublic educational service; 5% of the highest previous fiscal-year salary a year for nonintervening
  military service, out-of-system public educational service after 1974 and sabbaticals after 1981; no charge for
  intervening military service. Other types are priced by staff (repayment of a refund: contributions plus
  interest; transfers) and are not quoted online.
- The extra pension is the structure's formula with and without the years (RULES §5); it starts at 60, or now if
  the member is older (the age of a full pension with 10 years, RULES §3).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import formula
from .actuarial import service_purchase_cost
from .dates import age_on
from .plans import Structure, System, facts
from .purchases import GROUP_LIMITS, PURCHASE_RULES, PurchaseType

ZERO = Decimal(0)
FIVE_PERCENT = Decimal("0.05")  # RULES §2: 5% of the highest previous fiscal-year salary per year
PENSION_START_AGE = 60  # RULES §3: full pension at 60 (with 10 YOS), deferred payable from 60
MPSERS_MIN_EARNED_YOS = Decimal(2)  # RULES §2 MPSERS: must have earned 2 YOS

ACTUARIAL = frozenset({PurchaseType.UNIVERSAL_BUY_IN, PurchaseType.MATERNITY_PATERNITY_CHILD_REARING,
                       PurchaseType.MICHIGAN_LOCAL_GOVERNMENT, PurchaseType.OTHER_STATE_OR_FEDERAL,
                       PurchaseType.PARENTAL_LEAVE, PurchaseType.NONPUBLIC_EDUCATIONAL})
FIVE_PERCENT_OF_SALARY = frozenset({PurchaseType.MILITARY_NONINTERVENING, PurchaseType.OUT_OF_SYSTEM_PUBLIC_POST_1974,
                                    PurchaseType.SABBATICAL_POST_1981})
NO_CHARGE = frozenset({PurchaseType.MILITARY_INTERVENING})
QUOTED_ONLINE = ACTUARIAL | FIVE_PERCENT_OF_SALARY | NO_CHARGE


class CostBasis(enum.Enum):
    ACTUARIAL = "ACTUARIAL"
    FIVE_PERCENT_OF_SALARY = "FIVE_PERCENT_OF_SALARY"
    NO_CHARGE = "NO_CHARGE"


NOT_ACTIVE = "You can start a purchase only while you are an active member."
SWITCHED_TO_DC = "Your service after the switch to the defined contribution plan cannot be bought."
MPSERS_WAGE_BASE = ("You need 2 years of service earned in MPSERS, with some in the last fiscal year, before you can "
                    "buy service.")
NOT_QUOTED_ONLINE = "We price this type ourselves: write to us on the Message board for a billing statement."
NO_ROOM = "You have used the whole limit for this type of service."
BEYOND_LIMIT = "You can buy at most {left} more years of this type."


@dataclass(frozen=True, slots=True)
class TypeStatus:
    type: PurchaseType
    allowed: bool
    reason: str | None
    years_left: Decimal | None  # None: no limit


@dataclass(frozen=True, slots=True)
class MemberForPurchase:
    system: System
    structure: Structure
    birth_date: date
    active: bool
    earned_yos: Decimal
    credited_yos: Decimal  # the pension's YOS now (earned + credited purchases)
    yos_after_transition: Decimal
    fac: Decimal
    highest_fiscal_year_salary: Decimal
    earned_in_last_fiscal_year: bool
    purchased: dict  # PurchaseType → years already bought


@dataclass(frozen=True, slots=True)
class Quote:
    type: PurchaseType
    years: Decimal
    basis: CostBasis
    cost: Decimal
    annual_pension_increase: Decimal
    monthly_pension_increase: Decimal
    years_to_recover: Decimal | None
    pension_starts_at_age: int


class PurchaseRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _member_refusal(member: MemberForPurchase) -> str | None:
    if not member.active:
        return NOT_ACTIVE
    if member.system is System.MPSERS and (member.earned_yos < MPSERS_MIN_EARNED_YOS
                                           or not member.earned_in_last_fiscal_year):
        return MPSERS_WAGE_BASE
    return None


def type_statuses(member: MemberForPurchase) -> list[TypeStatus]:
    """Every purchase type of the member's system: may it be bought now, why not, and the years left."""
    rules = PURCHASE_RULES[member.system]
    groups = GROUP_LIMITS[member.system]
    used_by_group: dict[str, Decimal] = {}
    for kind, years in member.purchased.items():
        group = rules[kind].group if kind in rules else None
        if group:
            used_by_group[group] = used_by_group.get(group, ZERO) + years
    refusal = _member_refusal(member)
    statuses = []
    for kind, rule in rules.items():
        if kind is PurchaseType.PURCHASED:
            continue
        left = None
        if rule.limit_years is not None:
            left = rule.limit_years - member.purchased.get(kind, ZERO)
        if rule.group is not None:
            group_left = groups[rule.group] - used_by_group.get(rule.group, ZERO)
            left = group_left if left is None else min(left, group_left)
        if left is not None:
            left = max(left, ZERO)
        reason = refusal
        if reason is None and facts(member.structure).switches_to_dc and kind is not PurchaseType.MILITARY_INTERVENING:
            reason = SWITCHED_TO_DC
        if reason is None and kind not in QUOTED_ONLINE:
            reason = NOT_QUOTED_ONLINE
        if reason is None and left is not None and left <= ZERO:
            reason = NO_ROOM
        statuses.append(TypeStatus(kind, reason is None, reason, left))
    return statuses


def beyond_limit(member: MemberForPurchase, kind: PurchaseType, years: Decimal) -> str | None:
    """Why ``years`` of ``kind`` cannot be bought: more than the type's or its group's years left, or than the
    per-leave limit (RULES §2). The purchase page and the estimate refuse with it alike; None when within."""
    status = next((s for s in type_statuses(member) if s.type is kind), None)
    rule = PURCHASE_RULES[member.system].get(kind)
    for limit in (status.years_left if status else None, rule.per_item_limit if rule else None):
        if limit is not None and years > limit:
            return BEYOND_LIMIT.format(left=limit)
    return None


def quote(member: MemberForPurchase, kind: PurchaseType, years: Decimal, *, today: date) -> Quote:
    """The cost and the pension it buys; PurchaseRefused with the reason when it may not be bought."""
    status = next((s for s in type_statuses(member) if s.type is kind), None)
    if status is None:
        raise PurchaseRefused(f"{kind.value} is not a {member.system.value} service credit type.")
    if not status.allowed:
        raise PurchaseRefused(status.reason)
    if years <= ZERO:
        raise PurchaseRefused("Give the years you want to buy.")
    if (beyond := beyond_limit(member, kind, years)) is not None:
        raise PurchaseRefused(beyond)

    before = formula.regular_annual(member.structure, member.fac,
                                    formula.PensionService(member.credited_yos, member.yos_after_transition))
    after = formula.regular_annual(member.structure, member.fac,
                                   formula.PensionService(member.credited_yos + years, member.yos_after_transition))
    increase = after - before
    age = age_on(member.birth_date, today)
    start_age = max(PENSION_START_AGE, age.years)
    if kind in NO_CHARGE:
        basis, cost = CostBasis.NO_CHARGE, ZERO
    elif kind in FIVE_PERCENT_OF_SALARY:
        basis, cost = CostBasis.FIVE_PERCENT_OF_SALARY, member.highest_fiscal_year_salary * FIVE_PERCENT * years
    else:
        basis = CostBasis.ACTUARIAL
        cost = service_purchase_cost(annual_pension_increase=increase, age_months=age.whole_months,
                                     pension_start_age_months=max(start_age * 12, age.whole_months))
    recover = cost / increase if increase > ZERO else None
    return Quote(kind, years, basis, cost, increase, increase / 12, recover, start_age)
