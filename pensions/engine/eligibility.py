"""Eligibility for a pension: every provision of RULES §3, with reasons and the date it would be met.

Age is the attained age on the retirement effective date (RED, always a first of the month); "YOS" includes
credited purchased service and, for eligibility only, Act 88 service (RULES §2). For each provision the engine
reports whether it is met on the RED, why not, and the first RED on which it would be met if the member keeps
working full time (service grows by 1/12 year a month; covered, conservation-officer and facility service grow
with it in those positions). A member who is not active, or whose termination date is known, accrues nothing
more, so only age can still change.

Provisions that require the member to be working (SERS full and special provisions, early reduced, MIP 60 with 5)
are also met by an inactive member who met them on the first RED after the termination date; a member who left
before being eligible is deferred (RULES §3 "deferred: vested, left before eligible").
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache

from .dates import Age, add_months, age_on, birthday, first_of_month_on_or_after, first_of_next_month, months_between
from .plans import EmploymentType, PlanFamily, RetirementType, System

ZERO = Decimal(0)
TWELVE = Decimal(12)


class Provision(enum.Enum):
    """Provision names; the declaration order is the tie-break order of ARCHITECTURE (first wins)."""

    FULL_60_10 = "FULL_60_10"
    FULL_55_30 = "FULL_55_30"
    FULL_60_5 = "FULL_60_5"
    EARLY_REDUCED = "EARLY_REDUCED"
    DEFERRED = "DEFERRED"
    COVERED_51_25 = "COVERED_51_25"
    COVERED_56_10 = "COVERED_56_10"
    CONSERVATION_OFFICER_25 = "CONSERVATION_OFFICER_25"
    FACILITY_51_25 = "FACILITY_51_25"
    FACILITY_56_10 = "FACILITY_56_10"
    FACILITY_25 = "FACILITY_25"
    MIP_30 = "MIP_30"
    MIP_60_10 = "MIP_60_10"
    MIP_60_5 = "MIP_60_5"
    BASIC_55_30 = "BASIC_55_30"
    BASIC_60_10 = "BASIC_60_10"
    # Disability provisions of RULES §3 (not in the ARCHITECTURE list, so they come last).
    DUTY_DISABILITY = "DUTY_DISABILITY"
    NONDUTY_DISABILITY = "NONDUTY_DISABILITY"


NOT_ELIGIBLE = "NOT_ELIGIBLE"
DISABILITY_PROVISIONS = frozenset({Provision.DUTY_DISABILITY, Provision.NONDUTY_DISABILITY})

SERS_PROVISIONS = (
    Provision.FULL_60_10,
    Provision.FULL_55_30,
    Provision.FULL_60_5,
    Provision.EARLY_REDUCED,
    Provision.DEFERRED,
    Provision.COVERED_51_25,
    Provision.COVERED_56_10,
    Provision.CONSERVATION_OFFICER_25,
    Provision.FACILITY_51_25,
    Provision.FACILITY_56_10,
    Provision.FACILITY_25,
    Provision.DUTY_DISABILITY,
    Provision.NONDUTY_DISABILITY,
)
MPSERS_PROVISIONS = (
    Provision.EARLY_REDUCED,
    Provision.DEFERRED,
    Provision.MIP_30,
    Provision.MIP_60_10,
    Provision.MIP_60_5,
    Provision.BASIC_55_30,
    Provision.BASIC_60_10,
    Provision.DUTY_DISABILITY,
    Provision.NONDUTY_DISABILITY,
)

# --- RULES §3 thresholds, SERS [002][004] -----------------------------------------------------------------
SERS_FULL_AGE, SERS_FULL_YOS = 60, Decimal(10)  # full: 60 with 10
SERS_55_30_AGE, SERS_55_30_YOS = 55, Decimal(30)  # full: 55 with 30
SERS_60_5_AGE, SERS_60_5_YOS = 60, Decimal(5)  # unclassified / facility-closure: 60 with 5
EARLY_AGE, EARLY_MIN_YOS, EARLY_MAX_YOS = 55, Decimal(15), Decimal(30)  # early reduced: 55, 15 <= YOS < 30
# Early reduced applies only before 60 (RULES §3): [003] "reduced … for each month … before age 60";
# [002] "for each month you take your pension before age 60". At 60 or older a full provision applies.
EARLY_BEFORE_AGE = 60
DEFERRED_AGE = 60  # deferred pension payable from 60 (both systems)
COVERED_51_AGE, COVERED_51_YOS = 51, Decimal(25)  # covered: 51 with 25 covered YOS
COVERED_56_AGE, COVERED_56_YOS = 56, Decimal(10)  # covered: 56 with 10 covered YOS ("55" in [002] is a typo)
CO_YOS = Decimal(25)  # conservation officer: any age with 25 YOS …
CO_OWN_YOS_HIRED_BEFORE, CO_OWN_YOS_HIRED_AFTER = Decimal(20), Decimal(23)  # … 20 or 23 as a CO
CO_HIRE_CUTOFF = date(1991, 4, 1)  # hired before 1991-04-01: 20 years; on or after: 23
FACILITY_51_AGE, FACILITY_51_YOS = 51, Decimal(25)
FACILITY_56_AGE, FACILITY_56_YOS = 56, Decimal(10)
FACILITY_ALL_YOS = Decimal(25)  # any age with 25 YOS all in a facility that closed
NONDUTY_DISABILITY_YOS = Decimal(10)  # nonduty disability: 10 YOS (both systems; MPSERS "vested")
# --- RULES §3 thresholds, MPSERS [003] ----------------------------------------------------------------------
MIP_30_YOS = Decimal(30)  # MIP any age with 30 …
MIP_30_MIN_AGE_WITH_UBI = 46  # … at least 46 if universal buy-in was purchased
MPSERS_MIN_EARNED_YOS = Decimal(15)  # ≥ 15 YOS earned in MPSERS unless retiring under an age-60 provision
MIP_60_10_AGE, MIP_60_10_YOS = 60, Decimal(10)
MIP_60_5_AGE, MIP_60_5_YOS = 60, Decimal(5)
BASIC_55_30_AGE, BASIC_55_30_YOS = 55, Decimal(30)
BASIC_60_10_AGE, BASIC_60_10_YOS = 60, Decimal(10)
MPSERS_DEFERRED_30_YOS = Decimal(30)  # deferred with 30 YOS at termination: from 46 (MIP) / 55 (Basic)
MPSERS_DEFERRED_30_AGE = {PlanFamily.MIP: 46, PlanFamily.BASIC: 55}


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What eligibility depends on. Service in years at full precision."""

    system: System
    family: PlanFamily
    employment_type: EmploymentType
    retirement_type: RetirementType
    birth_date: date
    retirement_effective_date: date
    active: bool
    termination_date: date | None
    credited_yos: Decimal  # earned + credited purchased (incl. service after a DC switch)
    earned_yos: Decimal  # earned in this system (excludes purchased, includes earned-equivalent transfers)
    act88_yos: Decimal
    vesting_yos_required: Decimal
    covered_yos: Decimal = ZERO
    conservation_officer_yos: Decimal = ZERO
    facility_yos: Decimal = ZERO
    hire_date: date | None = None
    universal_buy_in: bool = False
    worked_in_month_of_55th_birthday: bool = True
    worked_in_month_of_60th_birthday: bool = True
    service_in_each_of_last_5_school_years: bool = True
    last_3_years_covered: bool = True
    conservation_officer_last_2_years: bool = True
    last_5_years_in_facility: bool = True
    disability_applied_in_time: bool = True
    keeps_working: bool | None = None  # accrues service after the RED if retirement is put off (default: active)

    @property
    def accrues_service(self) -> bool:
        return self.active if self.keeps_working is None else self.keeps_working

    @property
    def eligibility_yos(self) -> Decimal:
        return self.credited_yos + self.act88_yos


@dataclass(slots=True)
class ProvisionStatus:
    provision: Provision
    eligible: bool
    reasons: list[str]
    eligible_from: date | None


@dataclass(slots=True)
class _Requirements:
    """Conjunction of thresholds: min age, service minimums/maximum, static conditions."""

    min_age: int | None = None
    minimums: list[tuple[str, Decimal, Decimal, bool]] = field(default_factory=list)  # label, value, min, grows
    maximum: tuple[str, Decimal, Decimal, bool] | None = None  # label, value, bound (exclusive), grows
    conditions: list[tuple[bool, str]] = field(default_factory=list)  # ok, reason when not
    needs_work: bool = False
    before_age: int | None = None  # the age on the RED must be under it (early reduced: 60)


def evaluate(member: MemberFacts) -> list[ProvisionStatus]:
    """Status of every provision of RULES §3 open to the member's system, plan and employment type."""
    provisions = SERS_PROVISIONS if member.system is System.SERS else MPSERS_PROVISIONS
    age = age_on(member.birth_date, member.retirement_effective_date)
    return [_status(provision, member, age) for provision in provisions if applies(provision, member)]


# RULES §3: provisions open only to some employment types (SERS) or plans (MPSERS).
EMPLOYMENT_TYPE_PROVISIONS = {
    Provision.FULL_60_5: frozenset({EmploymentType.UNCLASSIFIED, EmploymentType.FACILITY_CLOSURE}),
    Provision.COVERED_51_25: frozenset({EmploymentType.COVERED}),
    Provision.COVERED_56_10: frozenset({EmploymentType.COVERED}),
    Provision.CONSERVATION_OFFICER_25: frozenset({EmploymentType.CONSERVATION_OFFICER}),
    Provision.FACILITY_51_25: frozenset({EmploymentType.FACILITY_CLOSURE}),
    Provision.FACILITY_56_10: frozenset({EmploymentType.FACILITY_CLOSURE}),
    Provision.FACILITY_25: frozenset({EmploymentType.FACILITY_CLOSURE}),
}
PLAN_PROVISIONS = {
    Provision.MIP_30: PlanFamily.MIP,
    Provision.MIP_60_10: PlanFamily.MIP,
    Provision.MIP_60_5: PlanFamily.MIP,
    Provision.BASIC_55_30: PlanFamily.BASIC,
    Provision.BASIC_60_10: PlanFamily.BASIC,
}
DISABILITY_RETIREMENTS = {
    Provision.DUTY_DISABILITY: RetirementType.DUTY_DISABILITY,
    Provision.NONDUTY_DISABILITY: RetirementType.NONDUTY_DISABILITY,
}


def applies(provision: Provision, member: MemberFacts) -> bool:
    """Whether a provision is open to this member at all (employment type, plan, retirement type)."""
    if provision in EMPLOYMENT_TYPE_PROVISIONS:
        return member.employment_type in EMPLOYMENT_TYPE_PROVISIONS[provision]
    if provision in PLAN_PROVISIONS:
        return member.family is PLAN_PROVISIONS[provision]
    if provision in DISABILITY_RETIREMENTS:
        return member.retirement_type is DISABILITY_RETIREMENTS[provision]
    return True


def _status(provision: Provision, member: MemberFacts, age: Age) -> ProvisionStatus:
    alternatives = _requirements(provision, member)
    best: tuple[date | None, list[str]] | None = None
    for requirements in alternatives:
        eligible_from, reasons = _assess(requirements, member, age)
        if best is None or (eligible_from is not None and (best[0] is None or eligible_from < best[0])):
            best = (eligible_from, reasons)
    eligible_from, reasons = best
    eligible = eligible_from is not None and eligible_from <= member.retirement_effective_date
    return ProvisionStatus(provision, eligible, [] if eligible else reasons, eligible_from)


def _assess(req: _Requirements, member: MemberFacts, age: Age) -> tuple[date | None, list[str]]:
    reasons = [reason for ok, reason in req.conditions if not ok]
    if req.min_age is not None and age.years < req.min_age:
        reasons.append(f"age {age.years}y {age.months}m on the RED is under {req.min_age}")
    if req.before_age is not None and age.years >= req.before_age:
        reasons.append(f"only before age {req.before_age}: age {age.years}y {age.months}m on the RED is not")
    for label, value, minimum, _grows in req.minimums:
        if value < minimum:
            reasons.append(f"{value:.4f} {label} is under {minimum}")
    if req.maximum is not None:
        label, value, bound, _grows = req.maximum
        if value >= bound:
            reasons.append(f"{value:.4f} {label} is not under {bound}")
    working = member.active or _met_at_termination(req, member)
    if req.needs_work and not working:
        reasons.append("not an active member (left before meeting this provision)")
    return _projected_date(req, member, working), reasons


@lru_cache(maxsize=65536)
def first_red_at_age(birth_date: date, age_years: int) -> date:
    """First RED (a first of the month) on which the age is attained (RULES §3)."""
    return first_of_month_on_or_after(birthday(birth_date, age_years))


def _met_at_termination(req: _Requirements, member: MemberFacts) -> bool:
    if member.termination_date is None:
        return False
    first_red = first_of_next_month(member.termination_date)
    if req.min_age is not None and birthday(member.birth_date, req.min_age) > first_red:
        return False
    return all(value >= minimum for _, value, minimum, _ in req.minimums) and (
        req.maximum is None or req.maximum[1] < req.maximum[2]
    )


def _projected_date(req: _Requirements, member: MemberFacts, working: bool) -> date | None:
    """First RED on or after the requested one on which every requirement holds, working on if active."""
    if any(not ok for ok, _ in req.conditions):
        return None
    if req.needs_work and not working:
        return None
    red = member.retirement_effective_date
    when = red
    if req.min_age is not None:
        when = max(when, first_red_at_age(member.birth_date, req.min_age))
    for _label, value, minimum, grows in req.minimums:
        if value >= minimum:
            continue
        if not (grows and member.accrues_service):
            return None
        months = int(((minimum - value) * TWELVE).to_integral_value(rounding=ROUND_CEILING))
        when = max(when, add_months(red, months))
    if req.before_age is not None and when >= first_red_at_age(member.birth_date, req.before_age):
        return None
    if req.maximum is not None:
        _label, value, bound, grows = req.maximum
        growth = Decimal(months_between(red, when)) / TWELVE if grows and member.accrues_service else ZERO
        if value + growth >= bound:
            return None
    return when


def _requirements(provision: Provision, m: MemberFacts) -> list[_Requirements]:
    """The alternatives (any one suffices) that make up a provision."""
    yos = ("YOS", m.eligibility_yos)
    sers, emp = m.system is System.SERS, m.employment_type
    disability = m.retirement_type
    not_disability = (disability is RetirementType.SERVICE, "a disability retirement is requested")
    P = Provision

    def req(min_age=None, minimums=(), maximum=None, conditions=(), needs_work=False, before_age=None):
        return _Requirements(
            min_age,
            [(label, value, minimum, True) for label, value, minimum in minimums],
            (maximum[0], maximum[1], maximum[2], True) if maximum else None,
            [not_disability, *conditions] if provision not in DISABILITY_PROVISIONS else list(conditions),
            needs_work,
            before_age,
        )

    earned_15 = ("YOS earned in MPSERS", m.earned_yos, MPSERS_MIN_EARNED_YOS)
    earned_with_act88 = m.earned_yos + m.act88_yos

    if provision is P.FULL_60_10:
        return [req(SERS_FULL_AGE, [(*yos, SERS_FULL_YOS)], needs_work=True)]
    if provision is P.FULL_55_30:
        return [req(SERS_55_30_AGE, [(*yos, SERS_55_30_YOS)], needs_work=True)]
    if provision is P.FULL_60_5:
        return [req(SERS_60_5_AGE, [(*yos, SERS_60_5_YOS)], needs_work=True)]
    if provision is P.EARLY_REDUCED:
        conditions = [(m.active, "only for active members (not deferred)")]
        minimums = [(*yos, EARLY_MIN_YOS)]
        if sers:
            conditions.append(
                (emp is not EmploymentType.CONSERVATION_OFFICER, "conservation officers cannot take it")
            )
            conditions.append((m.worked_in_month_of_55th_birthday, "did not work in the month of the 55th birthday"))
        else:
            minimums.append(earned_15)
        return [req(EARLY_AGE, minimums, (*yos, EARLY_MAX_YOS), conditions, before_age=EARLY_BEFORE_AGE)]
    if provision is P.DEFERRED:
        inactive = (not m.active, "only for members who left employment")
        vested = ("YOS", m.eligibility_yos, m.vesting_yos_required)
        alternatives = [req(DEFERRED_AGE, [vested], conditions=[inactive])]
        if not sers:
            alternatives.append(
                req(
                    MPSERS_DEFERRED_30_AGE[m.family],
                    [(*yos, MPSERS_DEFERRED_30_YOS), earned_15],
                    conditions=[inactive],
                )
            )
        return alternatives
    if provision is P.COVERED_51_25:
        return [
            req(
                COVERED_51_AGE,
                [("covered YOS", m.covered_yos, COVERED_51_YOS)],
                conditions=[(m.last_3_years_covered, "last 3 years not covered")],
                needs_work=True,
            )
        ]
    if provision is P.COVERED_56_10:
        return [
            req(
                COVERED_56_AGE,
                [("covered YOS", m.covered_yos, COVERED_56_YOS)],
                conditions=[(m.last_3_years_covered, "last 3 years not covered")],
                needs_work=True,
            )
        ]
    if provision is P.CONSERVATION_OFFICER_25:
        hired_before = m.hire_date is not None and m.hire_date < CO_HIRE_CUTOFF
        own = CO_OWN_YOS_HIRED_BEFORE if hired_before else CO_OWN_YOS_HIRED_AFTER
        return [
            req(
                None,
                [(*yos, CO_YOS), ("conservation officer YOS", m.conservation_officer_yos, own)],
                conditions=[
                    (m.conservation_officer_last_2_years, "not a conservation officer in the 2 years before retiring"),
                ],
                needs_work=True,
            )
        ]
    if provision in (P.FACILITY_51_25, P.FACILITY_56_10, P.FACILITY_25):
        conditions = [(m.last_5_years_in_facility, "last 5 years not in the closing facility")]
        if provision is P.FACILITY_51_25:
            return [req(FACILITY_51_AGE, [(*yos, FACILITY_51_YOS)], conditions=conditions, needs_work=True)]
        if provision is P.FACILITY_56_10:
            return [req(FACILITY_56_AGE, [(*yos, FACILITY_56_YOS)], conditions=conditions, needs_work=True)]
        return [
            req(
                None,
                [(*yos, FACILITY_ALL_YOS), ("YOS in a closed facility", m.facility_yos, FACILITY_ALL_YOS)],
                conditions=conditions,
                needs_work=True,
            )
        ]
    if provision is P.MIP_30:
        # At least 46 with universal buy-in, and for a deferred member (RULES §3: "age 46 for MIP" [003]).
        deferred = not m.active
        min_age = MPSERS_DEFERRED_30_AGE[PlanFamily.MIP] if deferred else None
        if m.universal_buy_in:
            min_age = MIP_30_MIN_AGE_WITH_UBI
        return [req(min_age, [(*yos, MIP_30_YOS), earned_15])]
    if provision is P.MIP_60_10:
        return [
            req(
                MIP_60_10_AGE,
                [("YOS earned", earned_with_act88, MIP_60_10_YOS)],
            )
        ]
    if provision is P.MIP_60_5:
        return [
            req(
                MIP_60_5_AGE,
                [(*yos, MIP_60_5_YOS)],
                conditions=[
                    (m.active, "must terminate immediately before the RED"),
                    (
                        m.service_in_each_of_last_5_school_years,
                        "no service in each of the five school fiscal years before the RED",
                    ),
                    (m.worked_in_month_of_60th_birthday, "did not work in the month of the 60th birthday"),
                ],
            )
        ]
    if provision is P.BASIC_55_30:
        return [req(BASIC_55_30_AGE, [(*yos, BASIC_55_30_YOS), earned_15])]
    if provision is P.BASIC_60_10:
        return [
            req(
                BASIC_60_10_AGE,
                [("YOS earned", earned_with_act88, BASIC_60_10_YOS)],
            )
        ]
    if provision is P.DUTY_DISABILITY:
        return [req()]  # RULES §3: no age or service requirement
    if provision is P.NONDUTY_DISABILITY:
        conditions = []
        if not sers:
            conditions.append(
                (m.disability_applied_in_time, "applied later than 12 months after termination or 2 years of leave")
            )
        return [req(None, [(*yos, NONDUTY_DISABILITY_YOS)], conditions=conditions)]
    raise ValueError(provision)  # pragma: no cover - every provision is handled above
