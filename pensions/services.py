"""Every write of the pensions app: one function per use case, atomic, audited."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import audit, audit_many
from accounts.dashboard_cache import member_changed
from accounts.models import Member
from accounts.outbox import queue_email
from pensions import employer_report, facts, selectors
from pensions.employer_report import ReportRejected
from pensions.engine import beneficiaries as beneficiary_rules
from pensions.engine.money import cents
from pensions.engine.purchase_quote import PurchaseRefused, quote
from pensions.engine.purchases import PurchaseType
from pensions.engine.service import credited_hours_by_period, fiscal_year_of
from pensions.models import (
    MAX_SAVED_ESTIMATES,
    ROLLOVER_NOT_ALLOWED,
    Beneficiary,
    BeneficiaryDesignation,
    Employer,
    EmployerReport,
    PaymentMethod,
    PayPeriodReport,
    PurchaseRequest,
    SavedEstimate,
)
from pensions.tasks import produce_billing_statement_task
from portal.bulk_insert import insert_rows
from portal.enqueue import enqueue_on_commit
from portal.errors import ServiceError

PAY_PERIOD_FIELDS = ("period_start", "period_end", "pay_cycle", *employer_report.HOUR_COLUMNS,
                     *employer_report.MONEY_COLUMNS)


class RecordsError(ServiceError):
    """A use case of the pensions app refused."""


# ---------------------------------------------------------------------------------------------------------------
# The service-credit ledger
# ---------------------------------------------------------------------------------------------------------------

def credited_hours_of(periods, system) -> list[Decimal]:
    """The hours the engine credits each pay period, in the order given (a year's cap falls on the latest hours;
    among periods ending the same day, on the later in this order). Periods are anything with the stored fields'
    names (model instances, `LedgerPeriod`) of one member and whole fiscal years."""
    return credited_hours_by_period([facts.pay_period(start=p.period_start, end=p.period_end, cycle=p.pay_cycle,
                                                      regular_hours=p.regular_hours, plan_a_hours=p.plan_a_hours,
                                                      furlough_hours=p.furlough_hours,
                                                      banked_leave_hours=p.banked_leave_hours)
                                     for p in periods], system)


def credit_periods(periods, system) -> None:
    """Set `credited_hours` on pay periods (model instances of one member and whole fiscal years) from the engine."""
    for period, hours in zip(periods, credited_hours_of(periods, system), strict=True):
        period.credited_hours = hours


class LedgerPeriod(NamedTuple):
    """What the ledger credits of a pay period, without a model instance (the loader handles 100,000 at a time)."""

    period_start: date
    period_end: date
    pay_cycle: str
    regular_hours: Decimal
    plan_a_hours: Decimal
    furlough_hours: Decimal
    banked_leave_hours: Decimal


# ---------------------------------------------------------------------------------------------------------------
# Employer reports
# ---------------------------------------------------------------------------------------------------------------

# Members and periods per query when a file is loaded: the loader's query count grows with these batches (and the
# fiscal years a file spans), never with the number of members (issue 16: a file of 100,000 rows in one pass).
LOAD_BATCH = 2000
LOAD_LOCK_KEY = 0x5E125_0001  # pg_advisory_xact_lock key held while an employer report loads (one at a time)
STORED_COLUMNS = ("member_id", "employer_id", "report_id", "period_start", "period_end", "pay_cycle",
                  *employer_report.HOUR_COLUMNS, *employer_report.MONEY_COLUMNS, "fiscal_year", "credited_hours")


class _Member(NamedTuple):
    pk: int
    system: str


def _batches(items, size=LOAD_BATCH):
    items = list(items)
    return (items[i:i + size] for i in range(0, len(items), size))


@dataclass(frozen=True)
class LoadResult:
    report: EmployerReport | None
    created: int
    unchanged: int
    already_loaded: bool


def load_employer_report(*, content: bytes, filename: str, actor=None) -> LoadResult:
    """Load one employer-report file (docs/employer-report-format.md) whole, or nothing of it.

    A file already loaded (same bytes) changes nothing; a row already on record with the same figures (its natural
    key: member, employer, period) is left as it is; a row whose period is on record with other figures, or
    overlaps another period of the member with that employer, refuses the file. Raises ReportRejected.

    Linear in the file's rows: the rows are grouped by member once, every affected fiscal year of every member is
    credited in one pass over the stored and new periods together, the new periods are inserted already credited
    (in file order) and only the stored periods whose credit moved are written back.
    """
    digest = hashlib.sha256(content).hexdigest()
    if (existing := EmployerReport.objects.filter(sha256=digest).first()) is not None:
        return LoadResult(existing, 0, existing.rows, True)
    rows = employer_report.parse(content)
    with transaction.atomic():
        _one_load_at_a_time()
        if (existing := EmployerReport.objects.filter(sha256=digest).first()) is not None:
            return LoadResult(existing, 0, existing.rows, True)  # loaded by another run while this one parsed
        employer = Employer.objects.filter(code=rows[0].employer_code).first()
        if employer is None:
            raise ReportRejected([(rows[0].line, f"employer_code {rows[0].employer_code} is not a known employer")])
        members = {}
        for chunk in _batches({row.member_id for row in rows}):
            members.update((member_id, _Member(pk, system)) for member_id, pk, system
                           in Member.objects.filter(member_id__in=chunk).values_list("member_id", "pk", "system"))
        new, unchanged, errors = _check_rows(rows, employer, members)
        if errors:
            raise ReportRejected(sorted(errors))
        report = EmployerReport.objects.create(employer=employer, sha256=digest, filename=filename[:200],
                                               rows=len(rows))
        new_by_member = defaultdict(list)
        for row in new:
            member = members[row.member_id]
            new_by_member[member].append((row, fiscal_year_of(row.period_end, facts.system_of(member))))
        credited, moved = _credit_with_stored(new_by_member)
        insert_rows(PayPeriodReport, STORED_COLUMNS, (
            (members[row.member_id].pk, employer.pk, report.pk, row.period_start, row.period_end, row.pay_cycle,
             *(row.values[c] for c in employer_report.HOUR_COLUMNS),
             *(row.values[c] for c in employer_report.MONEY_COLUMNS), *credited[row.line])
            for row in new))  # file order: the ledger's order among new periods ending the same day
        PayPeriodReport.objects.bulk_update([PayPeriodReport(pk=pk, credited_hours=hours) for pk, hours in moved],
                                            ["credited_hours"], batch_size=LOAD_BATCH)
        audit_many(actor=actor, action="pensions.payperiod.loaded", target=f"report:{report.pk}",
                   entries=((member.pk, {"periods": len(periods),
                                         "fiscal_years": sorted({year for _, year in periods})})
                            for member, periods in new_by_member.items()))
        member_changed(*(member.pk for member in new_by_member))  # bulk writes send no signals
        audit(actor=actor, action="pensions.employerreport.loaded", target=f"report:{report.pk}",
              data={"employer": employer.code, "file": filename[:200], "created": len(new), "unchanged": unchanged})
    return LoadResult(report, len(new), unchanged, False)


def _one_load_at_a_time() -> None:
    """Loads wait for each other until the running one commits (PostgreSQL: a transaction-level advisory lock; SQLite
    writes one transaction at a time anyway). The loader is the only writer of pay periods and their credit, so a
    load reads the record, checks overlaps and credits fiscal years knowing no other load changes them meanwhile —
    without locking each stored period (a 100,000-row file would lock 300,000 rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOAD_LOCK_KEY])


def _credit_with_stored(new_by_member):
    """Credit the new periods together with every stored period of the same members' fiscal years (a year's cap
    spans all its periods, whichever file reported them). Returns ({row line: (fiscal year, credited hours)} for the
    new periods, [(id, credited hours)] of the stored periods whose credit moved).

    The ledger's order is the stored one, period end then id: the new periods, inserted after in file order, come
    after the stored periods ending on the same day."""
    stored = _stored_periods({member.pk: {year for _, year in periods} for member, periods in new_by_member.items()})
    credited, moved = {}, []
    for member, periods in new_by_member.items():
        on_record = sorted(stored.get(member.pk, ()), key=lambda period: (period[1].period_end, period[0]))
        ledger = [period for _, period, _ in on_record] + [
            LedgerPeriod(row.period_start, row.period_end, row.pay_cycle,
                         *(row.values[c] for c in ("regular_hours", "plan_a_hours", "furlough_hours",
                                                   "banked_leave_hours"))) for row, _ in periods]
        hours = credited_hours_of(ledger, facts.system_of(member))
        moved += [(pk, now) for (pk, _, before), now in zip(on_record, hours) if now != before]
        credited.update((row.line, (year, now)) for (row, year), now in zip(periods, hours[len(on_record):],
                                                                            strict=True))
    return credited, moved


def _stored_periods(years_by_member) -> dict[int, list[tuple[int, LedgerPeriod, Decimal]]]:
    """(id, period, credited hours) of the stored periods of those members' fiscal years, by member: a query per
    fiscal year and batch of members."""
    members_by_year = defaultdict(list)
    for pk, years in years_by_member.items():
        for year in years:
            members_by_year[year].append(pk)
    stored = defaultdict(list)
    for year, pks in sorted(members_by_year.items()):
        for chunk in _batches(sorted(pks)):
            for pk, member_pk, credited_hours, *period in (
                    PayPeriodReport.objects.filter(fiscal_year=year, member_id__in=chunk).order_by()
                    .values_list("id", "member_id", "credited_hours", *LedgerPeriod._fields)):
                stored[member_pk].append((pk, LedgerPeriod(*period), credited_hours))
    return stored


def _check_rows(rows, employer, members):
    """The rows to insert, how many are already on record as they are, and the refused rows with reasons."""
    errors = []
    for row in rows:
        member = members.get(row.member_id)
        if member is None:
            errors.append((row.line, f"member_id {row.member_id} is not a member on record"))
        elif member.system != employer.system:
            errors.append((row.line, f"member {row.member_id} is in {member.system}, the employer in {employer.system}"))
        elif member.system != "SERS" and any(row.values[c] for c in employer_report.SERS_ONLY_HOURS):
            errors.append((row.line, "Plan A, furlough and banked-leave hours are SERS provisions (RULES §2)"))
    if errors:
        return [], 0, errors
    first = min(row.period_start for row in rows)
    last = max(row.period_end for row in rows)
    on_record = defaultdict(list)
    for chunk in _batches(members.items()):
        member_ids = {member.pk: member_id for member_id, member in chunk}
        for period in (PayPeriodReport.objects.filter(employer=employer, member_id__in=member_ids,
                                                      period_end__gte=first, period_start__lte=last)
                       .values("member_id", *PAY_PERIOD_FIELDS)):
            on_record[member_ids[period["member_id"]]].append(period)
    new, unchanged = [], 0
    for row in rows:
        same = None
        for period in on_record[row.member_id]:
            if (period["period_start"], period["period_end"]) == (row.period_start, row.period_end):
                same = period
            elif period["period_start"] <= row.period_end and row.period_start <= period["period_end"]:
                errors.append((row.line, f"overlaps the period {period['period_start']} – {period['period_end']} "
                                         "already on record"))
                break
        else:
            if same is None:
                new.append(row)
            elif all(same[c] == row.values[c] for c in row.values) and same["pay_cycle"] == row.pay_cycle:
                unchanged += 1
            else:
                errors.append((row.line, "this period is already on record with other figures; corrections are "
                                         "made by the Office of Retirement Services"))
    new_by_member = defaultdict(list)
    for row in new:
        new_by_member[row.member_id].append(row)
    for rows_of_member in new_by_member.values():
        rows_of_member.sort(key=lambda r: r.period_start)
        for previous, row in zip(rows_of_member, rows_of_member[1:]):
            if row.period_start <= previous.period_end:
                errors.append((row.line, f"overlaps the period on row {previous.line}"))
    return new, unchanged, errors


# ---------------------------------------------------------------------------------------------------------------
# Beneficiaries (RULES §6, §14)
# ---------------------------------------------------------------------------------------------------------------

def _designate(*, member, kind, people, actor, ip_address=None):
    """Supersede the designation on file (kept as history), record the new one, audit it and confirm by e-mail."""
    now = timezone.now()
    current = (BeneficiaryDesignation.objects.select_for_update()
               .filter(member=member, kind=kind, superseded_at=None).first())
    if current is not None:
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    designation = BeneficiaryDesignation(member=member, kind=kind, created_at=now,
                                         created_by=actor if getattr(actor, "pk", None) else None)
    designation.full_clean()
    designation.save()
    for position, person in enumerate(people, start=1):
        beneficiary = Beneficiary(designation=designation, position=position, **person)
        beneficiary.full_clean()
        beneficiary.save()
    audit(actor=actor, member=member, action=f"pensions.beneficiary.{kind.lower()}_designated",
          target=f"designation:{designation.pk}", ip_address=ip_address,
          data={"replaces": current.pk if current else None, "beneficiaries": len(people)})
    to = member.personal_email or getattr(member.user, "email", "")
    if to:
        queue_email(dedupe_key=f"pensions:designation:{designation.pk}", to=to,
                    template="pensions/emails/beneficiary_changed",
                    context={"member": member, "kind": designation.get_kind_display(), "when": timezone.localtime(now),
                             "count": len(people)})
    return designation


def survivor_designation_refusal(*, member):
    """Why the member may not name a survivor pension beneficiary now, or None (RULES §6, §14)."""
    termination = None
    if member.status == "DEFERRED":
        termination = PayPeriodReport.objects.filter(member=member).aggregate(last=Max("period_end"))["last"]
    had = termination is not None and BeneficiaryDesignation.objects.filter(
        member=member, kind=BeneficiaryDesignation.Kind.SURVIVOR, created_at__date__lte=termination).exists()
    return beneficiary_rules.designation_refusal(status=member.status, had_survivor_at_termination=had)


def designate_survivor(*, member, person, actor, ip_address=None):
    """Name the survivor pension beneficiary: one eligible person (the form checked who); RecordsError if the member
    may not name one now."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        refusal = survivor_designation_refusal(member=member)
        if refusal is not None:
            raise RecordsError(refusal.reason)
        check = beneficiary_rules.survivor_refusal(
            system=facts.system_of(member), relationship=beneficiary_rules.Relationship(person["relationship"]),
            birth_date=person["birth_date"], dependent=person["dependent"], today=timezone.localdate())
        if check is not None:
            raise RecordsError(check.reason)
        return _designate(member=member, kind=BeneficiaryDesignation.Kind.SURVIVOR, people=[person], actor=actor,
                          ip_address=ip_address)


def designate_refund_beneficiaries(*, member, people, actor, ip_address=None):
    """Name the refund beneficiaries; their shares add up to 100%."""
    check = beneficiary_rules.shares_refusal([person["share"] for person in people])
    if not people or check is not None:
        raise RecordsError(check.reason if check else "Name at least one refund beneficiary.")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        return _designate(member=member, kind=BeneficiaryDesignation.Kind.REFUND, people=people, actor=actor,
                          ip_address=ip_address)


# ---------------------------------------------------------------------------------------------------------------
# Saved estimates (RULES §13: up to four)
# ---------------------------------------------------------------------------------------------------------------

FIFTH_ESTIMATE = ("You already have four saved estimates, the most you can keep. Choose the one this estimate "
                  "replaces.")
REPLACED_GONE = "The estimate you chose to replace is no longer saved. Choose again."
NAME_TAKEN = "You already have a saved estimate with that name. Choose another name."


def save_estimate(*, member, name, choices, actor, replace=None):
    """Run the estimate again from the record and keep it in a free slot, or in the slot of the member's saved
    estimate ``replace`` (its id: a fifth save takes the place of one of the four, RULES §13). RecordsError when
    four are saved and none is to be replaced, the one to replace is gone, the name is taken, or the engine refuses
    the inputs; nothing changes then."""
    try:
        result = selectors.estimate_for_member(member=member, choices=choices)
    except selectors.EstimateRefused as error:
        raise RecordsError(error.message) from None
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one save at a time per member
        saved = {pk: (slot, saved_name) for pk, slot, saved_name
                 in SavedEstimate.objects.filter(member=member).values_list("pk", "slot", "name")}
        replaced = None
        if replace is not None:
            if replace not in saved:
                raise RecordsError(REPLACED_GONE, field="replace")
            replaced = saved.pop(replace)
            slot = replaced[0]
        else:
            free = [slot for slot in range(1, MAX_SAVED_ESTIMATES + 1)
                    if slot not in {taken for taken, _ in saved.values()}]
            if not free:
                raise RecordsError(FIFTH_ESTIMATE, field="replace")
            slot = free[0]
        if name in {saved_name for _, saved_name in saved.values()}:
            raise RecordsError(NAME_TAKEN, field="name")
        if replace is not None:
            SavedEstimate.objects.filter(member=member, pk=replace).delete()
        estimate = SavedEstimate(member=member, slot=slot, name=name, inputs=choices, result=result)
        estimate.full_clean(validate_constraints=False)
        estimate.save()
        if replaced is None:
            audit(actor=actor, member=member, action="pensions.estimate.saved", target=f"estimate:{estimate.pk}",
                  data={"slot": slot})
        else:
            audit(actor=actor, member=member, action="pensions.estimate.replaced", target=f"estimate:{estimate.pk}",
                  data={"slot": slot, "replaced": f"estimate:{replace}", "replaced_name": replaced[1]})
    return estimate


def rename_estimate(*, member, estimate, name, actor):
    with transaction.atomic():
        if SavedEstimate.objects.filter(member=member, name=name).exclude(pk=estimate.pk).exists():
            raise RecordsError(NAME_TAKEN)
        old = estimate.name
        estimate.name, estimate.updated_at = name, timezone.now()
        estimate.save(update_fields=["name", "updated_at"])
        audit(actor=actor, member=member, action="pensions.estimate.renamed", target=f"estimate:{estimate.pk}",
              data={"from": old, "to": name})
    return estimate


def delete_estimate(*, member, estimate, actor):
    with transaction.atomic():
        pk = estimate.pk
        estimate.delete()
        audit(actor=actor, member=member, action="pensions.estimate.deleted", target=f"estimate:{pk}")


# ---------------------------------------------------------------------------------------------------------------
# Service-credit purchase: billing statements (RULES §2)
# ---------------------------------------------------------------------------------------------------------------

ROLLOVER_REFUSED = ("A purchase cannot be paid by a rollover from a traditional, Roth or SEP IRA; use a 401(a), "
                    "401(k), 403(b) or 457 plan, or a conduit IRA.")
ROLLOVER_SOURCE_NEEDED = "Choose the plan the rollover comes from."


def quote_json(quote) -> dict:
    return {"type": quote.type.value, "years": format(quote.years, "f"), "basis": quote.basis.value,
            "cost": str(cents(quote.cost)), "annual_pension_increase": str(cents(quote.annual_pension_increase)),
            "monthly_pension_increase": str(cents(quote.monthly_pension_increase)),
            "years_to_recover": str(quote.years_to_recover.quantize(Decimal("0.1"))) if quote.years_to_recover
            is not None else None, "pension_starts_at_age": quote.pension_starts_at_age}


def request_billing_statement(*, member, credit_type, years, payment_method, rollover_source, actor, today=None):
    """Quote the purchase with the engine and ask for its billing statement (made by a task once this commits).
    RecordsError when the purchase or the payment method is refused; nothing is written then."""
    if payment_method == PaymentMethod.ROLLOVER and not rollover_source:
        raise RecordsError(ROLLOVER_SOURCE_NEEDED)
    if payment_method == PaymentMethod.ROLLOVER and rollover_source in ROLLOVER_NOT_ALLOWED:
        raise RecordsError(ROLLOVER_REFUSED)
    if payment_method != PaymentMethod.ROLLOVER:
        rollover_source = ""
    today = today or timezone.localdate()
    member_facts = selectors.purchase_facts_for_member(member=member, today=today)
    if member_facts is None:
        raise RecordsError("Defined contribution members cannot buy pension service.")
    try:
        figures = quote(member_facts, PurchaseType(credit_type), years, today=today)
    except PurchaseRefused as error:
        raise RecordsError(error.reason) from None
    with transaction.atomic():
        request = PurchaseRequest(member=member, credit_type=credit_type, years=years, payment_method=payment_method,
                                  rollover_source=rollover_source, quote={**quote_json(figures),
                                                                          "quoted_on": today.isoformat()})
        request.full_clean()
        request.save()
        audit(actor=actor, member=member, action="pensions.purchase.statement_requested",
              target=f"purchase:{request.pk}", data={"type": credit_type, "years": format(years, "f")})
        enqueue_on_commit(produce_billing_statement_task, request.pk)
    return request
