"""Purchased, granted and transferred service, Act 88 service and vesting (RULES §2).

- Most purchased service is credited only once the member is vested and never counts toward the vesting
  minimum [002][003][004]; a repayment of refunded contributions restores earned service, and MPSERS treats
  transferred State of Michigan DB service as earned in the system [003] section V.
- Limits per type and per group: SERS at most 10 years in total of universal buy-in, maternity/paternity/child
  rearing, Michigan local government and other state or federal service, each at most 5 years [004] section VI;
  MPSERS limits of the "service credit costs and limits" table [003] section V, out-of-system public
  educational service only as matched by service earned in the system.
- Act 88 (Reciprocal Retirement Act) service counts toward vesting and eligibility only, never in the pension
  amount [003][004].

Over-limit years are not credited (the billing statement would not offer them) and a note says so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from .plans import EmploymentType, System

ZERO = Decimal(0)

# RULES §2 Vesting: 10 YOS of full-time-equivalent employment; SERS unclassified and facility-closure members 5
# [004] section II; MPSERS MIP retiring under 60 with 5: 5 YOS [003] Appendix B.
VESTING_YOS = Decimal(10)
SHORT_VESTING_YOS = Decimal(5)


class PurchaseType(enum.Enum):
    PURCHASED = "PURCHASED"  # unspecified purchase (the contract's `purchased_yos`)
    UNIVERSAL_BUY_IN = "UNIVERSAL_BUY_IN"
    MATERNITY_PATERNITY_CHILD_REARING = "MATERNITY_PATERNITY_CHILD_REARING"
    MICHIGAN_LOCAL_GOVERNMENT = "MICHIGAN_LOCAL_GOVERNMENT"
    OTHER_STATE_OR_FEDERAL = "OTHER_STATE_OR_FEDERAL"
    MILITARY_INTERVENING = "MILITARY_INTERVENING"
    MILITARY_NONINTERVENING = "MILITARY_NONINTERVENING"
    REFUND_REPAYMENT = "REFUND_REPAYMENT"
    PARENTAL_LEAVE = "PARENTAL_LEAVE"
    NONPUBLIC_EDUCATIONAL = "NONPUBLIC_EDUCATIONAL"
    OUT_OF_SYSTEM_PUBLIC_PRE_1974 = "OUT_OF_SYSTEM_PUBLIC_PRE_1974"
    OUT_OF_SYSTEM_PUBLIC_POST_1974 = "OUT_OF_SYSTEM_PUBLIC_POST_1974"
    SABBATICAL_PRE_1981 = "SABBATICAL_PRE_1981"
    SABBATICAL_POST_1981 = "SABBATICAL_POST_1981"
    STATE_DB_TRANSFER = "STATE_DB_TRANSFER"
    STATE_DC_TRANSFER = "STATE_DC_TRANSFER"
    WEEKLY_WORKERS_COMPENSATION = "WEEKLY_WORKERS_COMPENSATION"
    CETA = "CETA"
    OTHER_NO_LIMIT = "OTHER_NO_LIMIT"  # the [004] §VI table's no-limit types (university, court of record, …)


@dataclass(frozen=True, slots=True)
class PurchaseRule:
    limit_years: Decimal | None  # per purchase type; None: no limit
    group: str | None = None  # combined limit group
    needs_vesting: bool = True  # credited only once vested
    counts_as_earned: bool = False  # counts toward vesting and the 15 earned years
    matching: bool = False  # credited only as matched by service earned in the system
    per_item_limit: Decimal | None = None  # e.g. sabbatical: 1 year per leave


FIVE = Decimal(5)
# [004] section VI "Service credit costs and limits" (SERS).
SERS_GROUP_LIMITS = {"SERS_UBI_AND_OTHER_GOVERNMENT": Decimal(10), "SERS_MILITARY": FIVE}
SERS_PURCHASES: dict[PurchaseType, PurchaseRule] = {
    PurchaseType.PURCHASED: PurchaseRule(None),
    PurchaseType.UNIVERSAL_BUY_IN: PurchaseRule(FIVE, "SERS_UBI_AND_OTHER_GOVERNMENT"),
    PurchaseType.MATERNITY_PATERNITY_CHILD_REARING: PurchaseRule(FIVE, "SERS_UBI_AND_OTHER_GOVERNMENT"),
    PurchaseType.MICHIGAN_LOCAL_GOVERNMENT: PurchaseRule(FIVE, "SERS_UBI_AND_OTHER_GOVERNMENT"),
    PurchaseType.OTHER_STATE_OR_FEDERAL: PurchaseRule(FIVE, "SERS_UBI_AND_OTHER_GOVERNMENT"),
    PurchaseType.MILITARY_INTERVENING: PurchaseRule(FIVE, "SERS_MILITARY"),
    PurchaseType.MILITARY_NONINTERVENING: PurchaseRule(FIVE, "SERS_MILITARY"),
    PurchaseType.REFUND_REPAYMENT: PurchaseRule(None, needs_vesting=False, counts_as_earned=True),
    PurchaseType.CETA: PurchaseRule(None),
    PurchaseType.OTHER_NO_LIMIT: PurchaseRule(None),
}

# [003] section V "Service credit costs and limits" (MPSERS).
MPSERS_GROUP_LIMITS = {"MPSERS_MILITARY": Decimal(6), "MPSERS_OUT_OF_SYSTEM": Decimal(15)}
MPSERS_PURCHASES: dict[PurchaseType, PurchaseRule] = {
    PurchaseType.PURCHASED: PurchaseRule(None),
    PurchaseType.UNIVERSAL_BUY_IN: PurchaseRule(FIVE),
    PurchaseType.PARENTAL_LEAVE: PurchaseRule(FIVE),
    PurchaseType.NONPUBLIC_EDUCATIONAL: PurchaseRule(FIVE),
    PurchaseType.OUT_OF_SYSTEM_PUBLIC_PRE_1974: PurchaseRule(Decimal(15), "MPSERS_OUT_OF_SYSTEM", matching=True),
    PurchaseType.OUT_OF_SYSTEM_PUBLIC_POST_1974: PurchaseRule(
        Decimal(15), "MPSERS_OUT_OF_SYSTEM", matching=True
    ),
    PurchaseType.MILITARY_INTERVENING: PurchaseRule(Decimal(6), "MPSERS_MILITARY"),
    PurchaseType.MILITARY_NONINTERVENING: PurchaseRule(FIVE, "MPSERS_MILITARY"),
    PurchaseType.SABBATICAL_PRE_1981: PurchaseRule(None),
    PurchaseType.SABBATICAL_POST_1981: PurchaseRule(None, per_item_limit=Decimal(1)),
    PurchaseType.STATE_DB_TRANSFER: PurchaseRule(None, needs_vesting=False, counts_as_earned=True),
    PurchaseType.STATE_DC_TRANSFER: PurchaseRule(None),
    PurchaseType.WEEKLY_WORKERS_COMPENSATION: PurchaseRule(None),
    PurchaseType.CETA: PurchaseRule(None),
    PurchaseType.REFUND_REPAYMENT: PurchaseRule(None, needs_vesting=False, counts_as_earned=True),
}

PURCHASE_RULES = {System.SERS: SERS_PURCHASES, System.MPSERS: MPSERS_PURCHASES}
GROUP_LIMITS = {System.SERS: SERS_GROUP_LIMITS, System.MPSERS: MPSERS_GROUP_LIMITS}


@dataclass(frozen=True, slots=True)
class Purchase:
    type: PurchaseType
    years: Decimal


@dataclass(slots=True)
class CreditedPurchases:
    credited: Decimal = ZERO  # counts in the pension and for eligibility
    earned_equivalent: Decimal = ZERO  # part of `credited` treated as earned service
    not_credited: Decimal = ZERO
    universal_buy_in: bool = False
    notes: list[str] = field(default_factory=list)


def vesting_requirement(system: System, employment_type: EmploymentType) -> Decimal:
    """Years needed to be vested (RULES §2 Vesting)."""
    if system is System.SERS and employment_type in (
        EmploymentType.UNCLASSIFIED,
        EmploymentType.FACILITY_CLOSURE,
    ):
        return SHORT_VESTING_YOS
    return VESTING_YOS


def is_purchase_allowed(system: System, purchase_type: PurchaseType) -> bool:
    return purchase_type in PURCHASE_RULES[system]


def credit_purchases(
    purchases: list[Purchase],
    *,
    system: System,
    earned_yos: Decimal,
    act88_yos: Decimal,
    vesting_required: Decimal,
) -> CreditedPurchases:
    """Apply the limits, matching and vesting rules to a list of purchases (RULES §2)."""
    rules = PURCHASE_RULES[system]
    group_limits = GROUP_LIMITS[system]
    result = CreditedPurchases()
    used_by_type: dict[PurchaseType, Decimal] = {}
    used_by_group: dict[str, Decimal] = {}
    accepted: list[tuple[PurchaseRule, Decimal]] = []

    for purchase in purchases:
        rule = rules[purchase.type]
        years = purchase.years
        if purchase.type is PurchaseType.UNIVERSAL_BUY_IN and years > ZERO:
            result.universal_buy_in = True
        if rule.per_item_limit is not None and years > rule.per_item_limit:
            result.notes.append(
                f"{purchase.type.value}: at most {rule.per_item_limit} year per leave is creditable"
            )
            years = rule.per_item_limit
        if rule.limit_years is not None:
            room = rule.limit_years - used_by_type.get(purchase.type, ZERO)
            if years > room:
                result.notes.append(f"{purchase.type.value}: limited to {rule.limit_years} years")
                years = max(room, ZERO)
        if rule.group is not None:
            room = group_limits[rule.group] - used_by_group.get(rule.group, ZERO)
            if years > room:
                result.notes.append(f"{purchase.type.value}: combined limit {group_limits[rule.group]} years")
                years = max(room, ZERO)
            used_by_group[rule.group] = used_by_group.get(rule.group, ZERO) + years
        used_by_type[purchase.type] = used_by_type.get(purchase.type, ZERO) + years
        result.not_credited += purchase.years - years
        accepted.append((rule, years))

    earned_equivalent = sum((years for rule, years in accepted if rule.counts_as_earned), ZERO)
    vested = earned_yos + earned_equivalent + act88_yos >= vesting_required
    matched_room = earned_yos + earned_equivalent
    for rule, years in accepted:
        if rule.counts_as_earned:
            result.credited += years
            result.earned_equivalent += years
            continue
        if rule.needs_vesting and not vested:
            result.not_credited += years
            continue
        if rule.matching:
            if years > matched_room:
                result.notes.append(
                    "out-of-system educational service is credited only as matched by service earned here"
                )
                result.not_credited += years - matched_room
                years = matched_room
            matched_room -= years
        result.credited += years
    if not vested and any(rule.needs_vesting and years > ZERO for rule, years in accepted):
        result.notes.append("purchased service is credited only once vested (RULES §2)")
    return result
