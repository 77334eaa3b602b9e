"""Reads of the member's record. Each takes the member and returns only theirs, in a fixed number of queries
whatever the length of the history (sums and groups are done by the database over the ledger's credited hours)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone

from pensions import facts, member_record
from pensions.engine import contract
from pensions.engine import outlook as engine_outlook
from pensions.engine.dates import add_years, first_of_next_month, fiscal_year_end, fiscal_year_months
from pensions.engine.eligibility import ProvisionStatus
from pensions.engine.estimate import InputError, estimate
from pensions.engine.money import four_places
from pensions.engine.purchase_quote import MemberForPurchase
from pensions.engine.purchases import PurchaseType
from pensions.engine.service import RULES_BY_SYSTEM, fiscal_year_of, years_from_hours
from pensions.models import (
    Beneficiary,
    BeneficiaryDesignation,
    ContributionYear,
    PayPeriodReport,
    PurchaseRequest,
    Refund,
    SavedEstimate,
    ServiceCreditEntry,
)
from pensions.service_totals import ServiceTotals, service_totals
from portal.errors import ServiceError
from portal.member_portal import portal_for

ZERO = Decimal(0)

# How each provision of RULES §3 reads on the member's pages.
PROVISION_LABELS = {
    "FULL_60_10": "Full pension at age 60 with 10 years",
    "FULL_55_30": "Full pension at age 55 with 30 years",
    "FULL_60_5": "Full pension at age 60 with 5 years",
    "EARLY_REDUCED": "Early reduced pension (age 55 with 15 years)",
    "DEFERRED": "Deferred pension (vested, left before eligible)",
    "COVERED_51_25": "Covered: age 51 with 25 covered years",
    "COVERED_56_10": "Covered: age 56 with 10 covered years",
    "CONSERVATION_OFFICER_25": "Conservation officer: 25 years",
    "FACILITY_51_25": "Facility closure: age 51 with 25 years",
    "FACILITY_56_10": "Facility closure: age 56 with 10 years",
    "FACILITY_25": "Facility closure: 25 years in a closed facility",
    "MIP_30": "MIP: 30 years at any age",
    "MIP_60_10": "MIP: age 60 with 10 years",
    "MIP_60_5": "MIP: age 60 with 5 years",
    "BASIC_55_30": "Basic: age 55 with 30 years",
    "BASIC_60_10": "Basic: age 60 with 10 years",
    "DUTY_DISABILITY": "Duty disability",
    "NONDUTY_DISABILITY": "Non-duty disability",
}


@dataclass(frozen=True)
class ProvisionRow:
    code: str
    label: str
    eligible_now: bool
    eligible_from: date | None
    reasons: list[str]


@dataclass(frozen=True)
class RecordTotals:
    periods: int
    credited_hours: Decimal
    first_period_start: date | None
    last_period_end: date | None


@dataclass(frozen=True)
class Standing:
    """The member's standing today (engine `outlook`) with what it was computed from."""

    totals: RecordTotals
    entries: list
    outlook: engine_outlook.Outlook | None  # None for a DC member (no pension)
    provisions: list[ProvisionRow]

    @property
    def earliest(self) -> ProvisionRow | None:
        reachable = [row for row in self.provisions if row.eligible_from is not None]
        return min(reachable, key=lambda row: row.eligible_from) if reachable else None


def record_totals_for_member(*, member) -> RecordTotals:
    record = member_record.summary(member)
    return RecordTotals(record.periods, record.credited_hours, record.first_period_start, record.last_period_end)


def other_credit_for_member(*, member) -> list[ServiceCreditEntry]:
    return list(ServiceCreditEntry.objects.filter(member=member).order_by("credited_on", "id"))


def earned_yos(member, totals: RecordTotals, entries) -> Decimal:
    """Earned service at full precision: the ledger's credited hours converted once, plus granted service."""
    granted, _, _ = facts.other_credit(entries)
    return years_from_hours(totals.credited_hours, facts.system_of(member)) + granted


def standing_for_member(*, member, today: date | None = None) -> Standing:
    """Credited YOS, vesting and each provision's date, from the engine; kept under the member's records version
    and the first retirement date it is assessed on, which is all it takes from the day (pensions.member_record:
    3 queries when nothing is cached)."""
    today = today or timezone.localdate()
    return member_record.cached(member, "standing", lambda: _standing(member, today),
                                part=first_of_next_month(today).isoformat())


def _standing(member, today: date) -> Standing:
    totals = record_totals_for_member(member=member)
    entries = list(member_record.summary(member).entries)
    structure = facts.structure_of(member)
    if structure is None:
        return Standing(totals, entries, None, [])
    earned = earned_yos(member, totals, entries)
    _, purchases, act88 = facts.other_credit(entries)
    outlook = engine_outlook.member_outlook(
        system=facts.system_of(member), structure=structure, employment_type=facts.employment_type_of(member),
        birth_date=member.date_of_birth, active=facts.is_active(member), termination_date=totals.last_period_end,
        earned_yos=earned, purchases=purchases, act88_yos=act88, today=today, hire_date=member.hire_date,
        **facts.special_service(member, earned))
    return Standing(totals, entries, outlook, [_provision_row(status) for status in outlook.provisions])


def _provision_row(status: ProvisionStatus) -> ProvisionRow:
    code = status.provision.value
    return ProvisionRow(code, PROVISION_LABELS.get(code, code), status.eligible, status.eligible_from, status.reasons)


def latest_contributions_for_member(*, member, count=3) -> list[ContributionYear]:
    return list(reversed(member_record.summary(member).contributions[-count:]))


# ---------------------------------------------------------------------------------------------------------------
# Service credit and wages by fiscal year
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FiscalYearRow:
    fiscal_year: int
    start: date
    end: date
    periods: int
    hours_reported: Decimal
    credited_hours: Decimal
    yos: Decimal  # four decimals, for display
    gross_wages: Decimal
    overtime_wages: Decimal
    longevity_pay: Decimal
    leave_payouts: Decimal
    contribution: ContributionYear | None


@dataclass(frozen=True)
class ServiceCreditPage:
    years: list[FiscalYearRow]
    standing: Standing
    service: ServiceTotals  # the totals every page shows (pensions.service_totals)
    refunds: list
    fiscal_year_first_month: int
    fiscal_year_months: tuple[str, str]  # the names of its first and last months ("October", "September")

    @property
    def earned_from_payroll(self) -> Decimal:
        """Four decimals: the engine's total of every period's credited hours, rounded once."""
        return self.service.earned_on_payrolls

    @property
    def years_differ_by_rounding(self) -> bool:
        """Each fiscal year's service is rounded on its own, so their sum can miss the total by rounding."""
        return sum((year.yos for year in self.years), ZERO) != self.earned_from_payroll


def fiscal_year_bounds(year: int, first_month: int) -> tuple[date, date]:
    end = fiscal_year_end(year, first_month)
    return add_years(end + timedelta(days=1), -1), end


def service_credit_for_member(*, member, today: date | None = None) -> ServiceCreditPage:
    """Service credit and wages by fiscal year, contributions beside them, other credit (the record's summary and
    standing: pensions.member_record) and refunds (1 query with the record cached, 4 without)."""
    first_month = RULES_BY_SYSTEM[facts.system_of(member)].fiscal_year_first_month
    standing = standing_for_member(member=member, today=today)
    return ServiceCreditPage(
        years=member_record.cached(member, "fiscal_years", lambda: _fiscal_years(member)),
        standing=standing,
        service=service_totals(member=member, standing=standing),
        refunds=list(Refund.objects.filter(member=member).order_by("paid_on")),
        fiscal_year_first_month=first_month,
        fiscal_year_months=tuple(calendar.month_name[month] for month in fiscal_year_months(first_month)),
    )


def _fiscal_years(member) -> list[FiscalYearRow]:
    """The record's fiscal years as the service credit page shows them (kept under the records version)."""
    system = facts.system_of(member)
    first_month = RULES_BY_SYSTEM[system].fiscal_year_first_month
    record = member_record.summary(member)
    contributions = {row.fiscal_year: row for row in record.contributions}
    years = []
    for row in record.years:
        start, end = fiscal_year_bounds(row.fiscal_year, first_month)
        years.append(FiscalYearRow(
            row.fiscal_year, start, end, row.periods, row.hours_reported, row.credited_hours,
            four_places(years_from_hours(row.credited_hours, system)), row.gross_wages, row.overtime_wages,
            row.longevity_pay, row.leave_payouts, contributions.pop(row.fiscal_year, None)))
    return years


def pay_periods_for_member(*, member):
    """Every reported pay period, oldest first, with its employer: for the member's CSV download."""
    return (PayPeriodReport.objects.filter(member=member).select_related("employer")
            .order_by("period_end", "id"))


# ---------------------------------------------------------------------------------------------------------------
# The dashboard's records section
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardRecords:
    standing: Standing
    service: ServiceTotals
    contributions: list[ContributionYear]
    next_steps: list[tuple[str, str]]  # (text, URL name)


def dashboard_records_for_member(*, member, today: date | None = None) -> DashboardRecords:
    """YOS, vesting, each provision's date, the latest contributions and the next steps (the record's summary and
    standing, pensions.member_record: no query when cached, 3 when not)."""
    standing = standing_for_member(member=member, today=today)
    return DashboardRecords(standing, service_totals(member=member, standing=standing),
                            latest_contributions_for_member(member=member),
                            _next_steps(member, standing))


def _next_steps(member, standing: Standing) -> list[tuple[str, str]]:
    steps = []
    if standing.totals.periods:
        steps.append(("Check your service credit and wages by fiscal year", "pensions:service_credit"))
    earliest = standing.earliest
    if portal_for(member.status).plans_retirement and standing.outlook is not None and earliest is not None:
        steps.append((f"Run an estimate for your earliest retirement date, {earliest.eligible_from:%B %-d, %Y}",
                      "pensions:estimates"))
    steps.append(("Review your survivor pension and refund beneficiaries", "pensions:beneficiaries"))
    return steps


# ---------------------------------------------------------------------------------------------------------------
# Beneficiaries
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BeneficiariesPage:
    survivor: BeneficiaryDesignation | None
    refund: BeneficiaryDesignation | None
    history: list[BeneficiaryDesignation]


def beneficiaries_for_member(*, member) -> BeneficiariesPage:
    """The designations on file and every earlier one, newest first, with their beneficiaries (2 queries)."""
    designations = list(BeneficiaryDesignation.objects.filter(member=member)
                        .prefetch_related("beneficiaries").order_by("-created_at", "-id"))
    on_file = {d.kind: d for d in designations if d.superseded_at is None}
    return BeneficiariesPage(on_file.get(BeneficiaryDesignation.Kind.SURVIVOR),
                             on_file.get(BeneficiaryDesignation.Kind.REFUND),
                             [d for d in designations if d.superseded_at is not None])


def survivor_form_initial(*, member) -> dict:
    """The survivor form opens with the beneficiary on file, if any."""
    on_file = beneficiaries_for_member(member=member).survivor
    person = next(iter(on_file.beneficiaries.all()), None) if on_file else None
    if person is None:
        return {}
    return {"name": person.name, "relationship": person.relationship, "birth_date": person.birth_date,
            "dependent": person.dependent, "trustee_of": person.trustee_of}


def refund_form_initial(*, member) -> dict:
    """The refund form opens with the beneficiaries on file, one a slot in their order."""
    on_file = beneficiaries_for_member(member=member).refund
    people = sorted(on_file.beneficiaries.all(), key=lambda b: b.position) if on_file else []
    initial = {}
    for slot, person in enumerate(people, start=1):
        initial.update({f"name_{slot}": person.name, f"relationship_{slot}": person.relationship,
                        f"birth_date_{slot}": person.birth_date, f"share_{slot}": person.share})
    return initial


def designation_for_member(*, member, designation_id) -> BeneficiaryDesignation:
    """One of the member's designations; anyone else's id is the same 404 as a missing one."""
    return get_object_or_404(BeneficiaryDesignation.objects.filter(member=member).prefetch_related("beneficiaries"),
                             pk=designation_id)


# ---------------------------------------------------------------------------------------------------------------
# Estimates: the member's record through the engine's contract (the same input `manage.py estimate` reads)
# ---------------------------------------------------------------------------------------------------------------

class EstimateRefused(ServiceError):
    """The engine refused the member's estimate; ``field`` names the contract field when one is at fault."""


PERIOD_VALUES = ("period_start", "period_end", "pay_cycle", "regular_hours", "plan_a_hours", "furlough_hours",
                 "banked_leave_hours", "gross_wages", "overtime_wages", "longevity_pay", "annual_leave_payout",
                 "annual_leave_payout_hours", "sick_leave_payout", "credited_hours")


def estimate_input_for_member(*, member, choices: dict) -> dict:
    """The `manage.py estimate` input object for the member's record and the page's choices (2 queries): what a
    member's estimate is as the command's input. The page gives the engine the same records without the text
    (:func:`estimate_for_member`)."""
    periods = list(PayPeriodReport.objects.filter(member=member).order_by("period_end", "id").values(*PERIOD_VALUES))
    return facts.contract_input(member, periods=periods, entries=other_credit_for_member(member=member),
                                **_record_fields(member, choices))


def _record_fields(member, choices: dict) -> dict:
    """The contract fields the record gives besides its pay records — the termination date (the last period's end)
    and the special service — with the page's choices (from the record's summary, pensions.member_record)."""
    record = member_record.summary(member)
    earned = earned_yos(member, record_totals_for_member(member=member), record.entries)
    # Projected service adds to covered / officer / facility service in the engine (RULES §5): earned only here.
    special = {key: format(value, "f") for key, value in facts.special_service(member, earned).items()}
    return {"termination_date": record.last_period_end, **choices, **special}


def run_estimate(data: dict, records=None) -> dict:
    """The engine's estimate of a contract input (with ``records``, pay records already in the engine's terms:
    pensions.engine.contract.parse_request), as the command prints it; EstimateRefused names the field."""
    try:
        return contract.serialize(estimate(contract.parse_request(data, records).request))
    except contract.ContractError as error:
        raise EstimateRefused(error.message, field=error.field) from None
    except InputError as error:
        raise EstimateRefused(error.message, field=error.field_name) from None


def estimate_for_member(*, member, choices: dict) -> dict:
    if member.edro_on_file:
        raise EstimateRefused("Members with an EDRO on file get estimates through the Message board.")
    if facts.structure_of(member) is None:
        raise EstimateRefused("Defined contribution members have no pension to estimate.")
    if not member_record.summary(member).years:
        raise EstimateRefused("No pay periods have been reported for you yet, so there is nothing to estimate.")
    data = facts.contract_fields(member, entries=member_record.summary(member).entries,
                                 **_record_fields(member, choices))
    return run_estimate(data, member_record.history(member))


def estimate_form_initial(*, member) -> dict:
    """The estimate form opens with the survivor beneficiary on file (their birth date), if one is named (1 query)."""
    born = (Beneficiary.objects.filter(designation__member=member, designation__superseded_at__isnull=True,
                                       designation__kind=BeneficiaryDesignation.Kind.SURVIVOR)
            .order_by("position").values_list("birth_date", flat=True).first())
    return {"beneficiary_birth_date": born} if born else {}


def saved_estimates_for_member(*, member) -> list[SavedEstimate]:
    return list(SavedEstimate.objects.filter(member=member).order_by("slot"))


def saved_estimate_for_member(*, member, estimate_id) -> SavedEstimate:
    """One of the member's saved estimates; anyone else's id is the same 404 as a missing one."""
    return get_object_or_404(SavedEstimate.objects.filter(member=member), pk=estimate_id)


# ---------------------------------------------------------------------------------------------------------------
# Service-credit purchase
# ---------------------------------------------------------------------------------------------------------------

def purchase_facts_for_member(*, member, today: date | None = None):
    """What the engine needs to quote a purchase, from the record's summary and FAC (pensions.member_record: no query
    when cached), or None for a member with no DB pension."""
    structure = facts.structure_of(member)
    if structure is None:
        return None
    today = today or timezone.localdate()
    system = facts.system_of(member)
    record = member_record.summary(member)
    granted, purchases, act88 = facts.other_credit(record.entries)
    earned = years_from_hours(record.credited_hours, system) + granted
    after = years_from_hours(sum((year.credited_hours_from_transition for year in record.years), ZERO), system)
    this_year = fiscal_year_of(today, system)
    bought: dict = {}
    for purchase in purchases:
        bought[purchase.type] = bought.get(purchase.type, ZERO) + purchase.years
    outlook = engine_outlook.member_outlook(
        system=system, structure=structure, employment_type=facts.employment_type_of(member),
        birth_date=member.date_of_birth, active=facts.is_active(member), termination_date=None, earned_yos=earned,
        purchases=purchases, act88_yos=act88, today=today)
    return MemberForPurchase(
        system=system, structure=structure, birth_date=member.date_of_birth, active=facts.is_active(member),
        earned_yos=earned, credited_yos=earned + outlook.purchased_yos_credited,
        yos_after_transition=after if system.value == "MPSERS" else ZERO, fac=member_record.fac(member),
        highest_fiscal_year_salary=max((year.wages for year in record.years if year.fiscal_year < this_year),
                                       default=ZERO),
        earned_in_last_fiscal_year=any(year.credited_hours > ZERO for year in record.years
                                       if year.fiscal_year == this_year - 1),
        purchased={PurchaseType(k.value): v for k, v in bought.items()})


def purchase_requests_for_member(*, member):
    """The member's billing statement requests for the purchase page's list: what the list shows, nothing more."""
    return list(PurchaseRequest.objects.filter(member=member).only("credit_type", "years", "status", "created_at")
                .order_by("-created_at"))


def purchase_request_for_member(*, member, request_id) -> PurchaseRequest:
    return get_object_or_404(PurchaseRequest.objects.filter(member=member).select_related("statement"), pk=request_id)
