"""One full pension estimate: service → FAC → eligibility → formula → early reduction → options → equated → COLA.

The order of operations is RULES §6: straight life → early reduction → survivor factor → equated. Where several
provisions are met, the one giving the largest initial monthly pension (a covered supplemental included) is
chosen, ties going to the first in the ARCHITECTURE list (`eligibility.Provision` declaration order). A
disability retirement is assessed under its own provision only.

Decisions where the sources leave room (each cited where it is applied):
- `yos` (or the service from `service_records`) is the member's earned service; `purchased_yos`, `purchases` and
  `projected_yos` are added; the total is rounded once, to four decimals, and that YOS enters the formula.
- For the DC-switch structures the pension counts the service before the switch: DB 30 `yos_after_dc_switch`,
  else the service above 30; DB/DC Blend `yos_after_dc_switch`, else service in pay periods ending on or after
  2012-04-01; MPSERS DC Converted `yos_after_2013_02_01`, else service in periods ending on or after 2013-02-01.
- MPSERS equated plan: the advance runs until 62, so it is refused at 62 or older on the RED.
- Projected service (RULES §5): with `service_records` and an active member, the periods still to be worked to
  the RED (or the termination date) are projected from the current pay cycle and the average hours of its last
  twelve months, and credited with the record under the same caps; a `projected_yos` given overrides it. Given as
  a number, projected service lies after 2013-02-01 and after any DC switch already made; it is worked in the
  member's current position (covered, conservation officer, closing facility).
- DB 30 (RULES §1): the switch comes when earned service plus granted service and credited purchases reaches 30.
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from . import bounds, early_reduction, eligibility, equated_plan, formula
from . import cola as cola_rules
from .dates import Age, add_months, add_years, age_on, birthday, first_of_month, fiscal_year, fiscal_year_end
from .effective_date import earliest_effective_date, effective_date
from .eligibility import MemberFacts, Provision, ProvisionStatus
from .fac import CompensationRecord, FacResult, PayHistory, final_average_compensation
from .irs_limits import is_subject_to_limit
from .money import MONTHS_PER_YEAR, four_places
from .option_factors import (
    SURVIVOR_FRACTIONS,
    SURVIVOR_OPTIONS,
    FactorSource,
    OptionName,
    survivor_factors,
)
from .plans import (
    DB_30_SWITCH_YOS,
    DB_DC_BLEND_SWITCH_DATE,
    MPSERS_TRANSITION_DATE,
    EmploymentType,
    RetirementType,
    Structure,
    System,
    fac_years_for,
    facts,
)
from .purchases import Purchase, PurchaseType, credit_purchases, vesting_requirement
from .service import RULES_BY_SYSTEM, PayPeriod, ServiceCredit, ServiceHistory, credited_service, projected_periods

ZERO = Decimal(0)
ONE = Decimal(1)
ONE_DAY = timedelta(days=1)
# RULES §3 MIP 60 with 5: creditable service in each of the five school fiscal years before the RED [003].
MIP_60_5_RECENT_SCHOOL_YEARS = 5


class InputError(ValueError):
    """An input that only turns out impossible once the RED is known (the contract reports it by field)."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field_name = field_name
        self.message = message


class FacYearBasis(enum.Enum):
    EMPLOYMENT = "EMPLOYMENT"  # 12-month periods ending on the last day of employment (RULES §4 default)
    FISCAL = "FISCAL"  # fiscal years: SERS October–September, MPSERS July–June (RULES §4)


@dataclass(frozen=True, slots=True)
class EstimateRequest:
    system: System
    structure: Structure
    birth_date: date
    employment_type: EmploymentType = EmploymentType.REGULAR
    active: bool = True
    retirement_type: RetirementType = RetirementType.SERVICE
    retirement_effective_date: date | None = None
    termination_date: date | None = None
    application_date: date | None = None
    fac: Decimal | None = None
    compensation: PayHistory | None = None  # pay records (`PayHistory.of(records)`)
    fac_year_basis: FacYearBasis = FacYearBasis.EMPLOYMENT
    hire_date: date | None = None
    yos: Decimal | None = None
    service_records: ServiceHistory | None = None  # pay periods (`ServiceHistory.of(periods)`)
    purchased_yos: Decimal = ZERO
    purchases: tuple[Purchase, ...] = ()
    act88_yos: Decimal = ZERO
    granted_yos: Decimal = ZERO  # granted during employment (military, workers' compensation leave): as earned (§2)
    projected_yos: Decimal | None = None  # None: projected from the pay periods (RULES §5); a number overrides it
    projected_wage_increase: Decimal | None = None  # percent a year; projects pay from the last record (§13)
    covered_yos: Decimal = ZERO
    conservation_officer_yos: Decimal = ZERO
    facility_yos: Decimal = ZERO
    yos_after_2013_02_01: Decimal | None = None
    yos_after_dc_switch: Decimal | None = None
    dc_switch_date: date | None = None
    contributions_stop_at_30: bool = False
    beneficiary_birth_date: date | None = None
    social_security_age65: Decimal | None = None
    social_security_fra: Decimal | None = None
    option_factors: FactorSource = FactorSource.ACTUARIAL
    universal_buy_in: bool = False
    worked_in_month_of_55th_birthday: bool | None = None
    worked_in_month_of_60th_birthday: bool | None = None
    service_in_each_of_last_5_school_years: bool | None = None
    last_3_years_covered: bool | None = None
    conservation_officer_last_2_years: bool | None = None
    last_5_years_in_facility: bool | None = None
    applied_within_12_months: bool | None = None


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    earned_yos: Decimal
    purchased_yos_credited: Decimal
    purchased_yos_not_credited: Decimal
    act88_yos: Decimal
    projected_yos: Decimal  # service still to be worked before the RED (RULES §5)
    earned_to_date_yos: Decimal  # earned (and earned-equivalent) service as of `earned_as_of`
    earned_as_of: date | None  # the end of the last reported pay period (None when `yos` was given)
    projection_overridden: bool  # the member gave the projected service
    credited_yos: Decimal  # earned + projected + credited purchases, rounded to four decimals
    pension_yos: Decimal
    yos_after_transition: Decimal
    vesting_yos_required: Decimal
    vested: bool
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Supplemental:
    annual: Decimal
    monthly: Decimal
    total_monthly_until_62: Decimal
    until: date  # the 62nd birthday


@dataclass(frozen=True, slots=True)
class OptionAmount:
    option: OptionName
    factor: Decimal
    factor_source: FactorSource | None
    monthly: Decimal
    survivor_monthly: Decimal
    cola_increase_monthly: Decimal
    survivor_cola_increase_monthly: Decimal
    monthly_until_62: Decimal | None = None  # with a covered supplemental (never transferred to a survivor)
    equated: equated_plan.EquatedAmounts | None = None

    @property
    def annual(self) -> Decimal:
        return self.monthly * MONTHS_PER_YEAR


@dataclass(slots=True)
class Estimate:
    retirement_effective_date: date
    age: Age
    provision: Provision | None
    statuses: list[ProvisionStatus]
    reasons: list[str]
    early_reduced: bool
    months_before_60: Decimal
    reduction: Decimal
    fac: Decimal
    fac_result: FacResult | None
    service: ServiceSummary
    straight_life_annual: Decimal
    early_reduced_monthly: Decimal | None
    supplemental: Supplemental | None
    options: list[OptionAmount]
    equated: equated_plan.EquatedAmounts | None
    equated_refusal: str | None
    cola: list[cola_rules.ColaStep]
    notes: list[str] = field(default_factory=list)

    @property
    def straight_life_monthly(self) -> Decimal:
        return self.straight_life_annual / MONTHS_PER_YEAR


@dataclass(frozen=True, slots=True)
class _Pension:
    provision: Provision | None
    straight_annual: Decimal
    reduction: Decimal
    months_before_60: Decimal
    supplemental_annual: Decimal | None

    @property
    def initial_monthly(self) -> Decimal:
        monthly = self.straight_annual * (ONE - self.reduction) / MONTHS_PER_YEAR
        if self.supplemental_annual is not None:
            monthly += self.supplemental_annual / MONTHS_PER_YEAR
        return monthly


def estimate(request: EstimateRequest) -> Estimate:
    """The full estimate of RULES §13 for one member."""
    notes: list[str] = []
    fixed_red = request.retirement_effective_date
    red = fixed_red or earliest_effective_date(
        termination_date=request.termination_date, application_date=request.application_date
    )
    service_credit = _credited_service(request, red)
    service = _service_summary(request, service_credit)
    fac_result = _fac(request, service_credit, service, red)
    fac = request.fac if fac_result is None else fac_result.fac
    if fac_result is not None:
        notes.extend(fac_result.notes)

    member = _member_facts(request, red, service, service_credit)
    statuses = eligibility.evaluate(member)
    if fixed_red is None and not _any_eligible(request, statuses):
        # Not eligible on the first RED after leaving: the member left before being eligible, so is deferred
        # (RULES §3) and the RED waits for the first date a provision open to a deferred member is met.
        earliest = red
        statuses = eligibility.evaluate(replace(member, active=False))
        red = _effective_date_for(request, earliest, statuses)
        if red != earliest:
            member = replace(_member_facts(request, red, service, service_credit), active=False)
            statuses = eligibility.evaluate(member)

    if request.beneficiary_birth_date is not None:
        if request.beneficiary_birth_date >= red:
            raise InputError("beneficiary_birth_date", "is not before the retirement effective date")
        problem = bounds.age_problem(request.beneficiary_birth_date, red, who="the beneficiary")
        if problem is not None:
            raise InputError("beneficiary_birth_date", problem)
    age = age_on(request.birth_date, red)
    pension = _choose(request, statuses, fac, service, red, age)
    reasons = [] if pension.provision is not None else _not_eligible_reasons(statuses, request)

    straight_monthly = pension.straight_annual / MONTHS_PER_YEAR
    base_monthly = straight_monthly * (ONE - pension.reduction)
    early = pension.provision is Provision.EARLY_REDUCED
    supplemental = _supplemental(request, pension)
    options = _options(request, red, base_monthly, supplemental)
    equated, refusal = _equated(request, red, age, pension, supplemental, options)
    family = facts(request.structure).family
    return Estimate(
        retirement_effective_date=red,
        age=age,
        provision=pension.provision,
        statuses=statuses,
        reasons=reasons,
        early_reduced=early,
        months_before_60=pension.months_before_60 if early else ZERO,
        reduction=pension.reduction,
        fac=fac,
        fac_result=fac_result,
        service=service,
        straight_life_annual=pension.straight_annual,
        early_reduced_monthly=base_monthly if early else None,
        supplemental=supplemental,
        options=options,
        equated=equated,
        equated_refusal=refusal,
        cola=cola_rules.schedule(base_monthly, red, family),
        notes=notes + list(service.notes),
    )


# --- service ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Credit:
    """Service from the pay periods: earned to date, and with the projection to the RED (RULES §5)."""

    earned: ServiceCredit  # the reported periods only
    total: ServiceCredit  # the reported periods and the projected ones (the same object when none are projected)
    earned_as_of: date  # the end of the last reported period


def _credited_service(request: EstimateRequest, red: date) -> _Credit | None:
    history = request.service_records
    if history is None:
        return None
    split = None
    if request.structure is Structure.DB_DC_BLEND:
        split = DB_DC_BLEND_SWITCH_DATE
    elif request.system is System.MPSERS:
        split = MPSERS_TRANSITION_DATE
    months = (
        first_of_month(birthday(request.birth_date, eligibility.EARLY_AGE)),
        first_of_month(birthday(request.birth_date, eligibility.MIP_60_5_AGE)),
    )

    def credit(periods: ServiceHistory, threshold: Decimal | None = None) -> ServiceCredit:
        return credited_service(
            periods, request.system, split_date=split, threshold_yos=threshold, months_to_check=months
        )

    projection = _projection(request, red)
    with_projection = history.extended(projection) if projection else history
    earned = credit(history)
    total = credit(with_projection) if projection else earned
    if request.structure is Structure.DB_30:
        # RULES §1: DB 30 switches on the day total YOS reaches 30, counting granted service and the service-credit
        # purchases completed by then [002]; the pay periods supply the rest of the 30 years.
        before = _credited_purchases(request, total.yos).credited + request.granted_yos
        total = credit(with_projection, max(DB_30_SWITCH_YOS - before, ZERO))
    return _Credit(earned, total, history.last_end)


def _projection(request: EstimateRequest, red: date) -> tuple[PayPeriod, ...]:
    """The periods an active member still works before the RED, unless `projected_yos` overrides it (RULES §5)."""
    if request.projected_yos is not None or not request.active or request.service_records.last_end is None:
        return ()
    last_day = request.termination_date or red - ONE_DAY
    return projected_periods(request.service_records, request.system, last_day)


def _credited_purchases(request: EstimateRequest, earned_raw: Decimal):
    purchases = list(request.purchases)
    if request.purchased_yos:
        purchases.append(Purchase(PurchaseType.PURCHASED, request.purchased_yos))
    return credit_purchases(
        purchases,
        system=request.system,
        earned_yos=earned_raw + request.granted_yos,
        act88_yos=request.act88_yos,
        vesting_required=vesting_requirement(request.system, request.employment_type),
    )


def _service_summary(request: EstimateRequest, credit: _Credit | None) -> ServiceSummary:
    if credit is None:
        earned_to_date = request.yos
        projected = request.projected_yos or ZERO
    else:
        earned_to_date = credit.earned.yos
        projected = credit.total.yos - credit.earned.yos if request.projected_yos is None else request.projected_yos
    earned_to_date += request.granted_yos
    earned_raw = earned_to_date + projected
    vesting_required = vesting_requirement(request.system, request.employment_type)
    credited = _credited_purchases(request, earned_raw - request.granted_yos)
    raw_total = earned_raw + credited.credited
    total = four_places(raw_total)  # rounded once, at the end (ARCHITECTURE)
    earned = four_places(earned_raw + credited.earned_equivalent)
    after_transition = _service_after(request, credit, raw_total, projected)
    structure_facts = facts(request.structure)
    pension_yos = four_places(raw_total - after_transition) if structure_facts.switches_to_dc else total
    after_transition = four_places(after_transition)
    if not structure_facts.switches_to_dc and request.structure in formula.SPLIT_AT_TRANSITION:
        split_after = after_transition
    else:
        split_after = ZERO
    return ServiceSummary(
        earned_yos=earned,
        purchased_yos_credited=credited.credited - credited.earned_equivalent,
        purchased_yos_not_credited=credited.not_credited,
        act88_yos=request.act88_yos,
        projected_yos=four_places(projected),
        earned_to_date_yos=four_places(earned_to_date + credited.earned_equivalent),
        earned_as_of=credit.earned_as_of if credit is not None else None,
        projection_overridden=request.projected_yos is not None,
        credited_yos=total,
        pension_yos=pension_yos,
        yos_after_transition=split_after,
        vesting_yos_required=vesting_required,
        vested=earned + request.act88_yos >= vesting_required,
        notes=tuple(credited.notes),
    )


def _service_after(request: EstimateRequest, credit: _Credit | None, total: Decimal, projected: Decimal) -> Decimal:
    """Service after the switch or the transition date (ARCHITECTURE: yos_after_dc_switch /
    yos_after_2013_02_01), from the input, else from the pay periods, else as the rules imply.

    Projected service (still to be worked before the RED) lies after 2013-02-01 and after any DC switch already
    made (RULES §5 [003] "FAC x 1.25% x YOS on or after February 1, 2013"); a projection from the pay periods
    carries its own dates, a `projected_yos` given as a number is placed there."""
    structure = request.structure
    given_projection = projected if credit is None or request.projected_yos is not None else ZERO
    if request.system is System.SERS:
        if structure is Structure.DB_CLASSIFIED:
            return ZERO
        if structure is Structure.DB_30:
            # RULES §1: DB 30 switches at 30 YOS, purchases included: what lies above 30, or everything projected
            # once the member has already switched.
            switched = request.yos_after_dc_switch or ZERO
            if switched > ZERO:
                return min(switched + given_projection, total)
            return max(total - DB_30_SWITCH_YOS, ZERO)
        if request.yos_after_dc_switch is not None:
            return min(request.yos_after_dc_switch + given_projection, total)
        if credit is not None:
            return min(credit.total.yos_on_or_after_split + given_projection, total)
        return min(given_projection, total)
    if request.yos_after_2013_02_01 is not None:
        return min(request.yos_after_2013_02_01 + given_projection, total)
    if credit is not None:
        return min(credit.total.yos_on_or_after_split + given_projection, total)
    return min(given_projection, total)


# --- FAC --------------------------------------------------------------------------------------------------


def _fac(request: EstimateRequest, credit: _Credit | None, service: ServiceSummary, red: date) -> FacResult | None:
    if request.compensation is None:
        return None
    history = _with_projected_pay(request)
    structure_facts = facts(request.structure)
    cut_off = structure_facts.dc_switch
    if request.structure is Structure.DB_30:
        if request.dc_switch_date is not None:
            cut_off = request.dc_switch_date
        elif credit is not None and credit.total.threshold_reached_on is not None:
            cut_off = credit.total.threshold_reached_on + ONE_DAY
        elif service.credited_yos > service.pension_yos:
            # No switch date given: full-time service since the switch puts it this many years before the RED.
            months_since = (service.credited_yos - service.pension_yos) * 12
            cut_off = add_months(red, -int(months_since.to_integral_value(rounding=ROUND_HALF_UP)))
    anchor = None
    if request.fac_year_basis is FacYearBasis.FISCAL:
        first_month = RULES_BY_SYSTEM[request.system].fiscal_year_first_month
        last = history.last_end
        if cut_off is not None and last >= cut_off:
            last = cut_off - ONE_DAY
        anchor = fiscal_year_end(fiscal_year(last, first_month), first_month)
    return final_average_compensation(
        history,
        years=fac_years_for(request.structure, request.employment_type),
        anchor=anchor,
        cut_off=cut_off,
        irs_limited=is_subject_to_limit(request.hire_date),
    )


def _with_projected_pay(request: EstimateRequest) -> PayHistory:
    """Pay projected from the last record to the last day of work at the projected yearly increase (RULES §13:
    "projected annual wage increase (%)"): the last 12 months' pay, raised each year by the increase."""
    history = request.compensation
    if request.projected_wage_increase is None or not request.active or history.last_end is None:
        return history
    last_day = request.termination_date or (request.retirement_effective_date - ONE_DAY)
    if history.last_end >= last_day:
        return history
    year_ago = add_years(history.last_end, -1)
    first = bisect_left(history.ends, year_ago + ONE_DAY)
    yearly_pay = history.pay_before[-1] - history.pay_before[first]
    growth = ONE + request.projected_wage_increase / Decimal(100)
    records = []
    start = history.last_end + ONE_DAY
    while start <= last_day:
        yearly_pay *= growth
        year_end = min(add_years(start, 1) - ONE_DAY, last_day)
        share = Decimal((year_end - start).days + 1) / Decimal((add_years(start, 1) - start).days)
        records.append(CompensationRecord(start, year_end, yearly_pay * share))
        start = year_end + ONE_DAY
    return history.with_later_wages(records)


# --- eligibility ------------------------------------------------------------------------------------------


def _member_facts(request: EstimateRequest, red: date, service: ServiceSummary, credit: _Credit | None) -> MemberFacts:
    structure_facts = facts(request.structure)
    periods = credit.total if credit is not None else None  # projected periods are worked too
    return MemberFacts(
        system=request.system,
        family=structure_facts.family,
        employment_type=request.employment_type,
        retirement_type=request.retirement_type,
        birth_date=request.birth_date,
        retirement_effective_date=red,
        active=request.active,
        termination_date=request.termination_date,
        credited_yos=service.credited_yos,
        earned_yos=service.earned_yos,
        act88_yos=request.act88_yos,
        vesting_yos_required=service.vesting_yos_required,
        covered_yos=_in_position(request, service, EmploymentType.COVERED, request.covered_yos),
        conservation_officer_yos=_in_position(
            request, service, EmploymentType.CONSERVATION_OFFICER, request.conservation_officer_yos
        ),
        facility_yos=_in_position(request, service, EmploymentType.FACILITY_CLOSURE, request.facility_yos),
        hire_date=request.hire_date,
        universal_buy_in=request.universal_buy_in
        or any(p.type is PurchaseType.UNIVERSAL_BUY_IN and p.years > ZERO for p in request.purchases),
        worked_in_month_of_55th_birthday=_worked_in_birthday_month(request, periods, eligibility.EARLY_AGE, red),
        worked_in_month_of_60th_birthday=_worked_in_birthday_month(request, periods, eligibility.MIP_60_5_AGE, red),
        service_in_each_of_last_5_school_years=_recent_school_years(request, periods, red),
        last_3_years_covered=_flag(request.last_3_years_covered),
        conservation_officer_last_2_years=_flag(request.conservation_officer_last_2_years),
        last_5_years_in_facility=_flag(request.last_5_years_in_facility),
        disability_applied_in_time=_disability_applied_in_time(request),
        keeps_working=request.active and request.termination_date is None,
    )


def _in_position(request: EstimateRequest, service: ServiceSummary, kind: EmploymentType, years: Decimal) -> Decimal:
    """Covered, conservation-officer or closed-facility service: projected service is worked in the member's
    current position, so it adds to the service of that position (RULES §3, §5), never beyond the total."""
    if request.employment_type is not kind:
        return years
    return min(years + service.projected_yos, service.credited_yos)


def _flag(value: bool | None) -> bool:
    return True if value is None else value


def _worked_in_birthday_month(request: EstimateRequest, credit: ServiceCredit | None, age: int, red: date) -> bool:
    """Given flag; else from the pay periods when they reach that month; else assumed for an active member."""
    flag = request.worked_in_month_of_55th_birthday if age == eligibility.EARLY_AGE else (
        request.worked_in_month_of_60th_birthday
    )
    if flag is not None:
        return flag
    month = first_of_month(birthday(request.birth_date, age))
    if credit is not None and credit.last_period_end is not None:
        if credit.last_period_end >= month:
            return month in credit.months_worked
    return request.active


def _recent_school_years(request: EstimateRequest, credit: ServiceCredit | None, red: date) -> bool:
    if request.service_in_each_of_last_5_school_years is not None:
        return request.service_in_each_of_last_5_school_years
    if credit is not None and request.system is System.MPSERS:
        last_year = fiscal_year(red - ONE_DAY, RULES_BY_SYSTEM[System.MPSERS].fiscal_year_first_month)
        years = range(last_year - MIP_60_5_RECENT_SCHOOL_YEARS + 1, last_year + 1)
        return all(credit.hours_by_fiscal_year.get(year, ZERO) > ZERO for year in years)
    return request.active


def _disability_applied_in_time(request: EstimateRequest) -> bool:
    """MPSERS: apply within 12 months after termination (RULES §3 nonduty disability [003])."""
    if request.applied_within_12_months is not None:
        return request.applied_within_12_months
    if request.termination_date is not None and request.application_date is not None:
        return request.application_date <= add_years(request.termination_date, 1)
    return True


def _effective_date_for(request: EstimateRequest, earliest: date, statuses: list[ProvisionStatus]) -> date:
    """RED from the termination and application dates and the first date eligibility is met (RULES §3)."""
    candidates = [s.eligible_from for s in statuses if s.eligible_from is not None]
    if request.retirement_type is not RetirementType.SERVICE:
        candidates = [
            s.eligible_from
            for s in statuses
            if s.provision in eligibility.DISABILITY_PROVISIONS and s.eligible_from is not None
        ]
    return effective_date(earliest=earliest, eligible_from=min(candidates) if candidates else None)


def _any_eligible(request: EstimateRequest, statuses: list[ProvisionStatus]) -> bool:
    disability = request.retirement_type is not RetirementType.SERVICE
    return any(
        status.eligible and disability == (status.provision in eligibility.DISABILITY_PROVISIONS) for status in statuses
    )


def _not_eligible_reasons(statuses: list[ProvisionStatus], request: EstimateRequest) -> list[str]:
    reasons = []
    for status in statuses:
        if status.provision in eligibility.DISABILITY_PROVISIONS and request.retirement_type is RetirementType.SERVICE:
            continue
        for reason in status.reasons:
            reasons.append(f"{status.provision.value}: {reason}")
    return reasons


# --- amounts ----------------------------------------------------------------------------------------------


def _choose(
    request: EstimateRequest,
    statuses: list[ProvisionStatus],
    fac: Decimal,
    service: ServiceSummary,
    red: date,
    age: Age,
) -> _Pension:
    disability = request.retirement_type is not RetirementType.SERVICE
    best: _Pension | None = None
    for status in statuses:  # in ARCHITECTURE order: the first of equals wins
        if not status.eligible:
            continue
        if disability != (status.provision in eligibility.DISABILITY_PROVISIONS):
            continue
        pension = _pension_under(status.provision, request, fac, service, red, age)
        if best is None or pension.initial_monthly > best.initial_monthly:
            best = pension
    if best is None:
        return _Pension(None, _regular_annual(request, fac, service), ZERO, ZERO, None)
    return best


def _regular_annual(request: EstimateRequest, fac: Decimal, service: ServiceSummary) -> Decimal:
    return formula.regular_annual(
        request.structure,
        fac,
        formula.PensionService(service.pension_yos, service.yos_after_transition, request.contributions_stop_at_30),
    )


def _pension_under(
    provision: Provision, request: EstimateRequest, fac: Decimal, service: ServiceSummary, red: date, age: Age
) -> _Pension:
    if provision is Provision.CONSERVATION_OFFICER_25:
        return _Pension(provision, formula.conservation_officer_annual(fac), ZERO, ZERO, None)
    if provision is Provision.DUTY_DISABILITY and request.system is System.MPSERS:
        pension_service = formula.with_duty_disability_minimum(
            formula.PensionService(service.pension_yos, service.yos_after_transition, request.contributions_stop_at_30),
            after_transition=red >= MPSERS_TRANSITION_DATE and request.structure in formula.SPLIT_AT_TRANSITION,
        )
        return _Pension(provision, formula.regular_annual(request.structure, fac, pension_service), ZERO, ZERO, None)
    annual = _regular_annual(request, fac, service)
    if provision is Provision.EARLY_REDUCED:
        months = early_reduction.months_before_60(request.system, request.birth_date, red)
        return _Pension(provision, annual, early_reduction.reduction(months), months, None)
    covered = provision in (Provision.COVERED_51_25, Provision.COVERED_56_10)
    if covered and age.years < formula.COVERED_SUPPLEMENT_ENDS_AT_AGE:
        covered_yos = _in_position(request, service, EmploymentType.COVERED, request.covered_yos)
        supplement = formula.covered_supplemental_annual(fac, covered_yos)
        return _Pension(provision, annual, ZERO, ZERO, supplement)
    return _Pension(provision, annual, ZERO, ZERO, None)


def _supplemental(request: EstimateRequest, pension: _Pension) -> Supplemental | None:
    if pension.supplemental_annual is None:
        return None
    annual = pension.supplemental_annual
    return Supplemental(
        annual=annual,
        monthly=annual / MONTHS_PER_YEAR,
        total_monthly_until_62=(pension.straight_annual + annual) / MONTHS_PER_YEAR,
        until=birthday(request.birth_date, formula.COVERED_SUPPLEMENT_ENDS_AT_AGE),
    )


def _options(
    request: EstimateRequest, red: date, base_monthly: Decimal, supplemental: Supplemental | None
) -> list[OptionAmount]:
    family = facts(request.structure).family
    extra = supplemental.monthly if supplemental is not None else None
    options = [
        OptionAmount(
            OptionName.STRAIGHT_LIFE,
            ONE,
            None,
            base_monthly,
            ZERO,
            cola_rules.yearly_increase(base_monthly, family),
            ZERO,
            base_monthly + extra if extra is not None else None,
        )
    ]
    if request.beneficiary_birth_date is None:
        return options
    factors = survivor_factors(
        source=request.option_factors,
        retiree_birth_date=request.birth_date,
        beneficiary_birth_date=request.beneficiary_birth_date,
        retirement_effective_date=red,
    )
    for option in SURVIVOR_OPTIONS:
        factor, source = factors[option]
        fraction = SURVIVOR_FRACTIONS[option]
        monthly = base_monthly * factor
        increase = cola_rules.yearly_increase(monthly, family)
        options.append(
            OptionAmount(
                option,
                factor,
                source,
                monthly,
                monthly * fraction,
                increase,
                increase * fraction,  # RULES §7: survivors of 75% / 50% options get 75% / 50% of it
                monthly + extra if extra is not None else None,
            )
        )
    return options


def _equated(
    request: EstimateRequest,
    red: date,
    age: Age,
    pension: _Pension,
    supplemental: Supplemental | None,
    options: list[OptionAmount],
) -> tuple[equated_plan.EquatedAmounts | None, str | None]:
    if request.social_security_age65 is None and request.social_security_fra is None:
        return None, "no Social Security estimate given"
    if pension.provision is None:
        return None, "not eligible for a pension"
    refusal = equated_plan.refusal(
        system=request.system,
        age_years=age.years,
        disability=request.retirement_type is not RetirementType.SERVICE,
        covered_supplemental=supplemental is not None,
    )
    if refusal is not None:
        return None, refusal
    social_security = request.social_security_age65
    if social_security is None:
        social_security = equated_plan.social_security_at_65(
            fra_amount=request.social_security_fra, birth_date=request.birth_date
        )
    advance = equated_plan.advance_for(
        social_security_age65=social_security, retirement_age_months=age.whole_months, system=request.system
    )
    reduced_from = equated_plan.reduction_date(request.system, request.birth_date)
    for index, option in enumerate(options):
        amounts = equated_plan.combine(
            option.monthly, advance=advance, social_security_age65=social_security, reduced_from=reduced_from
        )
        if amounts.post65_monthly >= ZERO:
            options[index] = _with_equated(option, amounts)
    straight = options[0].equated
    if straight is None:
        return None, "the age-65 Social Security amount exceeds the pension after the advance"
    return straight, None


def _with_equated(option: OptionAmount, amounts: equated_plan.EquatedAmounts) -> OptionAmount:
    return OptionAmount(
        option.option,
        option.factor,
        option.factor_source,
        option.monthly,
        option.survivor_monthly,
        option.cola_increase_monthly,
        option.survivor_cola_increase_monthly,
        option.monthly_until_62,
        amounts,
    )
