"""The member's stored record in the engine's terms: enums, pay periods, purchases, and the estimate contract's JSON.

No rule lives here: only which stored field is which engine input. Two decisions the record forces:
- The record keeps no separate count of covered, conservation-officer or closed-facility service, so a member of
  that employment type is taken to have earned all their service in it (the employer reports say no otherwise).
- A member who is not active left on the last day of their last reported pay period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import F

from pensions.engine import plans
from pensions.engine.fac import CompensationKind, CompensationRecord
from pensions.engine.purchases import Purchase, PurchaseType
from pensions.engine.service import PayCycle, PayPeriod
from pensions.models import CreditCategory

ZERO = Decimal(0)
SPECIAL_SERVICE = {
    plans.EmploymentType.COVERED: "covered_yos",
    plans.EmploymentType.CONSERVATION_OFFICER: "conservation_officer_yos",
    plans.EmploymentType.FACILITY_CLOSURE: "facility_yos",
}


def system_of(member) -> plans.System:
    return plans.System(member.system)


def structure_of(member) -> plans.Structure | None:
    """The engine's structure; None for a DC member (no pension: RULES §9)."""
    try:
        return plans.Structure(member.benefit_structure)
    except ValueError:
        return None


def employment_type_of(member) -> plans.EmploymentType:
    return plans.EmploymentType(member.employment_type)


def is_active(member) -> bool:
    return member.status == "ACTIVE"


def pay_period(*, start, end, cycle, regular_hours, plan_a_hours, furlough_hours, banked_leave_hours) -> PayPeriod:
    """A reported period as the engine credits it: Plan A, furlough and banked-leave hours earn full credit."""
    return PayPeriod(start, end, PayCycle(cycle), regular_hours, plan_a_hours + furlough_hours + banked_leave_hours)


def other_credit(entries) -> tuple[Decimal, list[Purchase], Decimal]:
    """(granted years, purchases and transfers for the engine, Act 88 years) from the ledger's other entries."""
    granted, purchases, act88 = ZERO, [], ZERO
    for entry in entries:
        if entry.category == CreditCategory.GRANTED:
            granted += entry.years
        elif entry.category == CreditCategory.ACT_88:
            act88 += entry.years
        else:
            purchases.append(Purchase(PurchaseType(entry.credit_type), entry.years))
    return granted, purchases, act88


def special_service(member, earned_yos: Decimal) -> dict[str, Decimal]:
    field = SPECIAL_SERVICE.get(employment_type_of(member))
    return {field: earned_yos} if field else {}


# --- the estimate contract ------------------------------------------------------------------------------------


def _text(value) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def contract_input(member, *, periods, entries, termination_date: date | None = None, **choices) -> dict:
    """The `manage.py estimate` input object for this member's record plus the choices made on the page.

    `periods` are rows with the pay-period fields (dicts); `entries` the other service credit. Pay periods go in
    whole (`service_records` and `compensation`), so the page and the command credit and average them the same
    way. Wages that count are regular gross, overtime and longevity pay (RULES §4); leave payouts keep their kind.
    The pages give the engine the same records without this round trip through text (:func:`engine_records`).
    """
    service_records, compensation = [], []
    for row in periods:
        start, end = row["period_start"].isoformat(), row["period_end"].isoformat()
        record = {"start": start, "end": end, "cycle": row["pay_cycle"], "hours": _text(row["regular_hours"])}
        for extra in ("plan_a_hours", "furlough_hours", "banked_leave_hours"):
            if row[extra]:
                record[extra] = _text(row[extra])
        service_records.append(record)
        wages = row["gross_wages"] + row["overtime_wages"] + row["longevity_pay"]
        pay = {"start": start, "end": end, "amount": _text(wages)}
        if row["regular_hours"]:
            pay["hours"] = _text(row["regular_hours"])
        if row["plan_a_hours"]:
            pay["plan_a_hours"] = _text(row["plan_a_hours"])
        compensation.append(pay)
        if row["annual_leave_payout"]:
            compensation.append({"start": start, "end": end, "amount": _text(row["annual_leave_payout"]),
                                 "kind": CompensationKind.ANNUAL_LEAVE_PAYOUT.value,
                                 "hours": _text(row["annual_leave_payout_hours"])})
        if row["sick_leave_payout"]:
            compensation.append({"start": start, "end": end, "amount": _text(row["sick_leave_payout"]),
                                 "kind": CompensationKind.SICK_LEAVE_PAYOUT.value})
    return {**contract_fields(member, entries=entries, termination_date=termination_date, **choices),
            "service_records": service_records, "compensation": compensation}


def contract_fields(member, *, entries, termination_date: date | None = None, **choices) -> dict:
    """The estimate contract's fields other than the pay records: the member, their other credit, the choices."""
    granted, purchases, act88 = other_credit(entries)
    data = {
        "system": member.system,
        "structure": member.benefit_structure,
        "employment_type": member.employment_type,
        "active": is_active(member),
        "birth_date": member.date_of_birth.isoformat(),
        "hire_date": member.hire_date.isoformat(),
        "option_factors": "actuarial",  # RULES §6: the pages use the three-decimal factor for every age pair
    }
    if termination_date is not None and not is_active(member):
        data["termination_date"] = termination_date.isoformat()
    extra_purchases = choices.pop("purchases", None) or []
    if purchases or extra_purchases:
        data["purchases"] = [{"type": p.type.value, "years": _text(p.years)} for p in purchases] + extra_purchases
    if act88:
        data["act88_yos"] = _text(act88)
    if granted:
        data["granted_yos"] = _text(granted)
    for key, value in choices.items():
        if value is None:
            continue
        data[key] = value.isoformat() if isinstance(value, date) else _text(value) if isinstance(value, Decimal) \
            else value
    return data


# --- the pay records as the engine takes them -------------------------------------------------------------------

# A pay period as :func:`engine_records` reads it (`values_list`), the sums done by the database: start, end, cycle,
# regular hours, Plan A hours, full-credit hours (Plan A, furlough, banked leave), wages that count (regular gross,
# overtime, longevity: RULES §4), annual-leave payout and its hours, sick-leave payout.
RECORD_ROW = ("period_start", "period_end", "pay_cycle", "regular_hours", "plan_a_hours", "full_credit_hours",
              "wages", "annual_leave_payout", "annual_leave_payout_hours", "sick_leave_payout")
RECORD_ROW_SUMS = {
    "full_credit_hours": F("plan_a_hours") + F("furlough_hours") + F("banked_leave_hours"),
    "wages": F("gross_wages") + F("overtime_wages") + F("longevity_pay"),
}


def engine_records(rows) -> tuple[tuple[PayPeriod, ...], tuple[CompensationRecord, ...]]:
    """The engine's pay periods and pay records from rows of RECORD_ROW, oldest first — the same records, in the same
    order, as `contract_input`'s text gives the command (the tests compare the two faces' results)."""
    periods, pay = [], []
    cycles = PayCycle._value2member_map_
    for start, end, cycle, hours, plan_a, full_credit, wages, annual_leave, annual_hours, sick_leave in rows:
        periods.append(PayPeriod(start, end, cycles[cycle], hours, full_credit))
        pay.append(CompensationRecord(start, end, wages, WAGES, hours or None, plan_a))
        if annual_leave:
            pay.append(CompensationRecord(start, end, annual_leave, ANNUAL_LEAVE, annual_hours))
        if sick_leave:
            pay.append(CompensationRecord(start, end, sick_leave, SICK_LEAVE))
    return tuple(periods), tuple(pay)


WAGES = CompensationKind.WAGES
ANNUAL_LEAVE = CompensationKind.ANNUAL_LEAVE_PAYOUT
SICK_LEAVE = CompensationKind.SICK_LEAVE_PAYOUT
