"""The JSON contract of `manage.py estimate` (ARCHITECTURE, "The two command-line faces of the rules").

Pure functions, no Django: `parse_request` turns one JSON object into an `EstimateRequest` or raises
`ContractError` naming the field; `serialize` turns an `Estimate` into the output object; `run` does both for one
object or a list and returns what to print and the exit status (0, or 2 for bad input). The web pages reuse the
same parsing and output.

Money and years are decimal strings (numbers accepted); dates are ISO `YYYY-MM-DD`; every amount in the output is
rounded half-up to cents, YOS to four decimals, factors as used. Fields the contract does not know are ignored and
listed under `ignored_fields`, so a misspelt field never passes unnoticed.
"""

from __future__ import annotations

import math
import reprlib
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, ge, itemgetter, le, sub
from typing import Any

from . import bounds, eligibility
from .dates import first_of_next_month, is_first_of_month
from .estimate import Estimate, EstimateRequest, FacYearBasis, InputError, OptionAmount, estimate
from .fac import CompensationKind, CompensationRecord, PayHistory, wage_records
from .money import cents, four_places, plain
from .option_factors import ActuarialBasisUnavailable, FactorSource
from .plans import EmploymentType, RetirementType, Structure, System, facts
from .purchases import Purchase, PurchaseType, is_purchase_allowed
from .service import PayCycle, PayPeriod, ServiceHistory

ZERO = Decimal(0)
ONE_DAY = timedelta(days=1)
MAX_COMPENSATION_PERIOD_DAYS = 365  # RULES §4: a "year" is a 12-month period (366 days in a leap year)

KNOWN_FIELDS = frozenset(
    {
        "system", "structure", "employment_type", "active", "retirement_type", "birth_date",
        "retirement_effective_date", "termination_date", "application_date", "fac", "compensation", "fac_years",
        "hire_date", "yos", "service_records", "purchased_yos", "purchases", "act88_yos", "projected_yos",
        "granted_yos",
        "projected_wage_increase",
        "covered_yos", "conservation_officer_yos", "facility_yos", "yos_after_2013_02_01", "yos_after_dc_switch",
        "dc_switch_date", "contributions_stop_at_30", "beneficiary_birth_date", "social_security_age65",
        "social_security_fra", "option_factors", "universal_buy_in", "worked_in_month_of_55th_birthday",
        "worked_in_month_of_60th_birthday", "service_in_each_of_last_5_school_years", "last_3_years_covered",
        "conservation_officer_last_2_years", "last_5_years_in_facility", "applied_within_12_months",
    }
)  # fmt: skip


class ContractError(ValueError):
    def __init__(self, field: str | None, message: str, index: int | None = None):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.index = index

    def as_json(self) -> dict[str, Any]:
        error: dict[str, Any] = {"field": self.field, "message": self.message}
        if self.index is not None:
            error["index"] = self.index
        return {"error": error}


# --- one case -------------------------------------------------------------------------------------------


class EngineFailure(ContractError):
    """Not the input's fault (the actuarial basis is missing): the command reports it and exits with status 1."""


BAD_INPUT = (ContractError,)  # the command's input is wrong: exit status 2
FAILURES = (EngineFailure,)  # not the input's fault: exit status 1


def error_json(field: str | None, message: str, index: int | None) -> dict[str, Any]:
    """The printed error of the estimate command: ``{"error": {"field", "message", "index" (in a list)}}``."""
    return ContractError(field, message, index).as_json()


def handle_item(item: Any) -> dict[str, Any]:
    """One input object → its output object (the runner, `portal.json_command`, loops and prints)."""
    request = parse_request(item)
    try:
        return _estimate_json(request)
    except ActuarialBasisUnavailable as error:
        raise EngineFailure("option_factors", str(error)) from None


def _estimate_json(request: ParsedRequest) -> dict[str, Any]:
    try:
        output = serialize(estimate(request.request))
    except InputError as error:
        raise ContractError(error.field_name, error.message) from None
    if request.ignored_fields:
        output["ignored_fields"] = request.ignored_fields
    return output


# --- parsing ----------------------------------------------------------------------------------------------


class ParsedRequest:
    __slots__ = ("request", "ignored_fields")

    def __init__(self, request: EstimateRequest, ignored_fields: list[str]):
        self.request = request
        self.ignored_fields = ignored_fields


def _summary_or_records(data, summary_key, summary, records_key, records, *, empty):
    """Exactly one of a summary figure and the records it sums (fac or compensation, yos or service_records)."""
    if summary is not None and data.get(records_key) is not None:
        raise ContractError(summary_key, f"give either {summary_key} or {records_key}, not both")
    if summary is None and not records:
        if data.get(records_key) is not None:
            raise ContractError(records_key, empty)
        raise ContractError(summary_key, f"{summary_key} or {records_key} is required")


def parse_request(data: Any, records: tuple[tuple[PayPeriod, ...], tuple[CompensationRecord, ...]] | None = None
                  ) -> ParsedRequest:
    """Validate one input object of the estimate contract.

    ``records``: the pay periods and pay records already in the engine's terms (the pages build them from the
    database's rows: pensions.facts.engine_records) in place of ``service_records`` and ``compensation``; they pass
    the same checks as records given as JSON."""
    if not isinstance(data, dict):
        raise ContractError("input", "each estimate must be a JSON object")
    system = _enum(data, "system", System, required=True)
    structure = _enum(data, "structure", Structure, required=True)
    if facts(structure).system is not system:
        raise ContractError("structure", f"{structure.value} is not a {system.value} structure")
    employment_type = _enum(data, "employment_type", EmploymentType) or EmploymentType.REGULAR
    if system is System.MPSERS and employment_type is not EmploymentType.REGULAR:
        raise ContractError("employment_type", "MPSERS members are REGULAR (RULES §1)")

    birth_date = _date(data, "birth_date", required=True)
    red = _date(data, "retirement_effective_date")
    termination_date = _date(data, "termination_date")
    application_date = _date(data, "application_date")
    _check_dates(birth_date, red, termination_date, application_date)
    if red is not None:
        last_day = (red - ONE_DAY, "on or after the retirement effective date")
    else:
        last_day = (termination_date, "after the termination date")

    fac = _decimal(data, "fac")
    compensation = records[1] if records is not None else _compensation(data)
    _summary_or_records(data, "fac", fac, "compensation", compensation, empty="needs at least one 12-month period")
    _check_records("compensation", compensation, last_day, _KIND)

    yos = _decimal(data, "yos")
    service_records = records[0] if records is not None else _service_records(data)
    _summary_or_records(data, "yos", yos, "service_records", service_records, empty="needs at least one pay period")
    _check_records("service_records", service_records, last_day)

    hire_date = _date(data, "hire_date")
    if hire_date is not None and hire_date < birth_date:
        raise ContractError("hire_date", "is before the birth date")
    if hire_date is not None and red is not None and hire_date >= red:
        raise ContractError("hire_date", "is not before the retirement effective date")

    covered_yos = _decimal(data, "covered_yos") or ZERO
    conservation_officer_yos = _decimal(data, "conservation_officer_yos") or ZERO
    facility_yos = _decimal(data, "facility_yos") or ZERO
    yos_after_2013 = _decimal(data, "yos_after_2013_02_01")
    yos_after_switch = _decimal(data, "yos_after_dc_switch")
    purchased_yos = _decimal(data, "purchased_yos") or ZERO
    projected_yos = _decimal(data, "projected_yos")  # absent: projected from service_records (RULES §5)
    granted_yos = _decimal(data, "granted_yos") or ZERO
    if yos is not None and yos + purchased_yos + (projected_yos or ZERO) + granted_yos > bounds.MAX_YOS:
        raise ContractError("yos", f"with purchased, granted and projected service {bounds.YEARS.message}")
    if yos is not None:
        ceiling = yos + purchased_yos + (projected_yos or ZERO)
        for name, value in (
            ("covered_yos", covered_yos),
            ("conservation_officer_yos", conservation_officer_yos),
            ("facility_yos", facility_yos),
            ("yos_after_2013_02_01", yos_after_2013),
            ("yos_after_dc_switch", yos_after_switch),
        ):
            if value is not None and value > ceiling:
                raise ContractError(name, f"{value} is more than the total service {ceiling}")
    if (
        employment_type is EmploymentType.CONSERVATION_OFFICER
        and hire_date is None
        and eligibility.CO_OWN_YOS_HIRED_BEFORE <= conservation_officer_yos < eligibility.CO_OWN_YOS_HIRED_AFTER
    ):
        raise ContractError(
            "hire_date", "needed: a conservation officer hired before 1991-04-01 needs 20 years, after 23"
        )

    beneficiary_birth_date = _date(data, "beneficiary_birth_date")
    if beneficiary_birth_date is not None and red is not None and beneficiary_birth_date >= red:
        raise ContractError("beneficiary_birth_date", "is not before the retirement effective date")

    social_security_age65 = _decimal(data, "social_security_age65")
    social_security_fra = _decimal(data, "social_security_fra")
    if social_security_age65 is not None and social_security_fra is not None:
        raise ContractError("social_security_age65", "give either social_security_age65 or social_security_fra")

    request = EstimateRequest(
        system=system,
        structure=structure,
        birth_date=birth_date,
        employment_type=employment_type,
        active=_bool(data, "active", default=True),
        retirement_type=_enum(data, "retirement_type", RetirementType) or RetirementType.SERVICE,
        retirement_effective_date=red,
        termination_date=termination_date,
        application_date=application_date,
        fac=fac,
        compensation=PayHistory.of(compensation) if compensation else None,
        fac_year_basis=_enum(data, "fac_years", FacYearBasis) or FacYearBasis.EMPLOYMENT,
        hire_date=hire_date,
        yos=yos,
        service_records=ServiceHistory.of(service_records) if service_records else None,
        purchased_yos=purchased_yos,
        purchases=_purchases(data, system),
        act88_yos=_decimal(data, "act88_yos") or ZERO,
        granted_yos=granted_yos,
        projected_yos=projected_yos,
        projected_wage_increase=_decimal(data, "projected_wage_increase"),
        covered_yos=covered_yos,
        conservation_officer_yos=conservation_officer_yos,
        facility_yos=facility_yos,
        yos_after_2013_02_01=yos_after_2013,
        yos_after_dc_switch=yos_after_switch,
        dc_switch_date=_date(data, "dc_switch_date"),
        contributions_stop_at_30=_bool(data, "contributions_stop_at_30", default=False),
        beneficiary_birth_date=beneficiary_birth_date,
        social_security_age65=social_security_age65,
        social_security_fra=social_security_fra,
        option_factors=_enum(data, "option_factors", FactorSource) or FactorSource.ACTUARIAL,
        universal_buy_in=_bool(data, "universal_buy_in", default=False),
        worked_in_month_of_55th_birthday=_bool(data, "worked_in_month_of_55th_birthday"),
        worked_in_month_of_60th_birthday=_bool(data, "worked_in_month_of_60th_birthday"),
        service_in_each_of_last_5_school_years=_bool(data, "service_in_each_of_last_5_school_years"),
        last_3_years_covered=_bool(data, "last_3_years_covered"),
        conservation_officer_last_2_years=_bool(data, "conservation_officer_last_2_years"),
        last_5_years_in_facility=_bool(data, "last_5_years_in_facility"),
        applied_within_12_months=_bool(data, "applied_within_12_months"),
    )
    ignored = sorted(key for key in data if key not in KNOWN_FIELDS)
    return ParsedRequest(request, ignored)


def _check_dates(birth: date, red: date | None, termination: date | None, application: date | None) -> None:
    if red is None and termination is None:
        raise ContractError("retirement_effective_date", "retirement_effective_date or termination_date is required")
    if red is not None:
        if not is_first_of_month(red):
            raise ContractError("retirement_effective_date", "must be the first day of a month (RULES §3)")
        if red <= birth:
            raise ContractError("birth_date", "is not before the retirement effective date")
    retiring = red or first_of_next_month(termination)
    problem = bounds.age_problem(birth, retiring, who="the member")
    if problem is not None:
        raise ContractError("birth_date", problem)
    if termination is not None:
        if termination <= birth:
            raise ContractError("termination_date", "is not after the birth date")
        if red is not None and red < first_of_next_month(termination):
            raise ContractError(
                "retirement_effective_date", "must be after the month of termination (RULES §3)"
            )
    if application is not None:
        if application <= birth:
            raise ContractError("application_date", "is not after the birth date")
        if red is not None and red < first_of_next_month(application):
            raise ContractError(
                "retirement_effective_date", "must be after the month the application was submitted (RULES §3)"
            )


def _check_records(name: str, records, last_day: tuple[date, str] | None, kind_of=None) -> None:
    """Each period reported once, and none after the last day of work (issue 14 item 8): duplicates or overlapping
    periods (of the same kind, with `kind_of`) would be counted twice, and nothing is earned on or after the RED
    (RULES §3)."""
    if not records or _spans_are_clean(records, last_day, kind_of):
        return
    if last_day is not None and max(record.end for record in records) > last_day[0]:
        index = next(i for i, record in enumerate(records) if record.end > last_day[0])
        raise ContractError(f"{name}[{index}].end", f"is {last_day[1]}: nothing is earned after leaving work")
    starts = [record.start for record in records]
    order = range(len(records)) if starts == sorted(starts) else sorted(range(len(records)), key=starts.__getitem__)
    latest: dict[Any, int] = {}
    for index in order:
        record = records[index]
        kind = kind_of(record) if kind_of is not None else None
        earlier = latest.get(kind)
        if earlier is not None and records[earlier].end >= record.start:
            raise ContractError(
                f"{name}[{index}]", f"overlaps {name}[{earlier}]: each period is reported once, never summed twice"
            )
        if earlier is None or records[earlier].end < record.end:
            latest[kind] = index


_SPAN = attrgetter("start", "end")


def _spans_are_clean(records, last_day: tuple[date, str] | None, kind_of) -> bool:
    """The usual case decided in bulk: records of one kind, none ending after the last day, none overlapping the
    ones before it. False leaves the records to the checks of :func:`_check_records`, which name the first fault."""
    if kind_of is not None and len(set(map(kind_of, records))) > 1:
        return False
    starts = list(map(_RECORD_START, records))
    if all(map(le, starts, starts[1:])):  # in order already (the usual record): no sorting
        ends = map(_RECORD_END, records)
    else:
        ordered = sorted(map(_SPAN, records))
        starts, ends = list(map(_START, ordered)), map(_END, ordered)
    # Records with the same start overlap whatever their order, so the order among them does not matter.
    latest_ends = list(accumulate(ends, max))
    if last_day is not None and latest_ends[-1] > last_day[0]:
        return False
    return not any(map(ge, latest_ends, starts[1:]))


_START, _END = itemgetter(0), itemgetter(1)
_RECORD_START, _RECORD_END = attrgetter("start"), attrgetter("end")


def _compensation(data: dict) -> tuple[CompensationRecord, ...]:
    items = _list(data, "compensation")
    plain = _plain_wage_list(items)
    if plain is not None:
        return plain
    records = []
    for index, item in enumerate(items):
        record = _plain_wages(item)
        if record is None:
            name = f"compensation[{index}]"
            record = _compensation_record(_object(item, name), name)
        records.append(record)
    return tuple(records)


PLAIN_WAGES_FIELDS = 3  # start, end and amount
_WAGE_FIELDS = itemgetter("start", "end", "amount")


def _plain_wage_list(items: list) -> tuple[CompensationRecord, ...] | None:
    """The usual list — every record only start, end and amount, as strings — checked and built as a whole when every
    record passes every check of :func:`_plain_wages` (the same cached conversions and period check, column by
    column); None sends the list record by record, where the first fault is named. Per record, those checks cost
    several times the engine's own work on the record (issue 16 item 6)."""
    if not items or set(map(type, items)) != {dict} or set(map(len, items)) != {PLAIN_WAGES_FIELDS}:
        return None
    try:
        starts, ends, amounts = zip(*map(_WAGE_FIELDS, items))
    except KeyError:
        return None
    if set(map(type, starts + ends + amounts)) != {str}:
        return None
    starts, ends = tuple(map(_date_from_text, starts)), tuple(map(_date_from_text, ends))
    amounts = _plain_amounts(amounts)
    if amounts is None or set(map(type, starts + ends)) != {date}:
        return None
    if not all(map(le, starts, ends)) or max(map(sub, ends, starts)).days > MAX_COMPENSATION_PERIOD_DAYS:
        return None
    return wage_records(starts, ends, amounts)


def _plain_amounts(texts: tuple[str, ...]) -> tuple[Decimal, ...] | None:
    """The amounts as :func:`_checked_decimal` reads a string (``Decimal(text)``) when every one passes its checks —
    finite, not negative, within the bound of "amount" — checked over the column at once (amounts hardly repeat, so
    the per-text cache does not help them); None when any fails."""
    try:
        numbers = tuple(map(Decimal, texts))
    except (InvalidOperation, ValueError):
        return None
    if not all(map(Decimal.is_finite, numbers)) or min(numbers) < ZERO:
        return None
    return None if bounds.number_problem("amount", max(numbers)) else numbers



def _plain_wages(item: Any) -> CompensationRecord | None:
    """The usual record — only start, end and amount, as strings — when it passes every check; None sends it through
    :func:`_compensation_record`, which names what is wrong. (The same cached conversions and period check, without
    the per-field calls that cost more than the engine's work on the record.)"""
    if type(item) is not dict or len(item) != PLAIN_WAGES_FIELDS:
        return None
    start, end, amount = item.get("start"), item.get("end"), item.get("amount")  # all three, nothing else
    if type(start) is not str or type(end) is not str or type(amount) is not str:
        return None
    start, end, amount = _date_from_text(start), _date_from_text(end), _decimal_from_text("amount", amount)
    if type(start) is not date or type(end) is not date or type(amount) is not Decimal:
        return None
    if _compensation_period_problem(start, end) is not None:
        return None
    return CompensationRecord(start, end, amount)


def _compensation_record(item: dict, name: str) -> CompensationRecord:
    start = _date(item, "start", required=True, prefix=name)
    end = _date(item, "end", required=True, prefix=name)
    problem = _compensation_period_problem(start, end)
    if problem is not None:
        raise ContractError(f"{name}.end", problem)
    kind = _enum(item, "kind", CompensationKind, prefix=name) or CompensationKind.WAGES
    hours = _decimal(item, "hours", prefix=name)
    if kind is CompensationKind.ANNUAL_LEAVE_PAYOUT and hours is None:
        raise ContractError(f"{name}.hours", "annual leave paid at retirement needs its hours (240-hour cap)")
    return CompensationRecord(
        start,
        end,
        _decimal(item, "amount", required=True, prefix=name),
        kind,
        hours,
        _decimal(item, "plan_a_hours", prefix=name) or ZERO,
    )


def _compensation_period_problem(start: date, end: date) -> str | None:
    if end < start:
        return "is before the start"
    if (end - start).days > MAX_COMPENSATION_PERIOD_DAYS:
        return "a compensation period is at most 12 months (RULES §4)"
    return None


def _service_records(data: dict) -> tuple[PayPeriod, ...]:
    items = _list(data, "service_records")
    try:  # pay calendars repeat (the same period, cycle and hours for many members of a batch): looked up at once
        periods = list(map(_CHECKED_PERIODS.get, map(tuple, map(dict.items, items))))
    except TypeError:  # an item not an object, or a value that is a list or an object
        periods = [None] * len(items)
    if type(None) in set(map(type, periods)):
        for index, period in enumerate(periods):
            if period is None:
                periods[index] = _service_record(items[index], index)
    return tuple(periods)


def _service_record(item: Any, index: int) -> PayPeriod:
    """One record not checked before: checked, and kept for the next member when it is in the contract's form."""
    name = f"service_records[{index}]"
    period = _service_period(_object(item, name), name)
    if all(type(value) is str for value in item.values()):
        if len(_CHECKED_PERIODS) >= CHECKED_PERIODS_KEPT:
            _CHECKED_PERIODS.clear()
        _CHECKED_PERIODS[tuple(item.items())] = period
    return period


# Pay periods already checked, keyed by their fields as given — only when every value is a string (the contract's
# form), so a key can only match an identical record: a string never equals a number, a boolean or null.
_CHECKED_PERIODS: dict[tuple, PayPeriod] = {}
CHECKED_PERIODS_KEPT = 16384  # a few dozen pay calendars of 40 years; forgotten all at once beyond that


def _service_period(item: dict, name: str) -> PayPeriod:
    start = _date(item, "start", required=True, prefix=name)
    end = _date(item, "end", required=True, prefix=name)
    if end < start:
        raise ContractError(f"{name}.end", "is before the start")
    full_credit = ZERO
    for extra in ("plan_a_hours", "furlough_hours", "banked_leave_hours"):
        full_credit += _decimal(item, extra, prefix=name) or ZERO
    _decimal(item, "overtime_hours", prefix=name)  # accepted, never credited (RULES §2)
    return PayPeriod(
        start,
        end,
        _enum(item, "cycle", PayCycle, required=True, prefix=name),
        _decimal(item, "hours", required=True, prefix=name),
        full_credit,
    )


def _purchases(data: dict, system: System) -> tuple[Purchase, ...]:
    purchases = []
    for index, item in enumerate(_list(data, "purchases")):
        name = f"purchases[{index}]"
        item = _object(item, name)
        kind = _enum(item, "type", PurchaseType, required=True, prefix=name)
        if not is_purchase_allowed(system, kind):
            raise ContractError(f"{name}.type", f"{kind.value} is not a {system.value} service credit type")
        purchases.append(Purchase(kind, _decimal(item, "years", required=True, prefix=name)))
    return tuple(purchases)


def _field(prefix: str | None, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _list(data: dict, name: str) -> list:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContractError(name, "must be a list")
    return value


def _object(value: Any, name: str) -> dict:
    if not isinstance(value, dict):
        raise ContractError(name, "must be an object")
    return value


def _enum(data: dict, name: str, kind: type[Enum], *, required: bool = False, prefix: str | None = None):
    value = data.get(name)
    if value is None:
        if required:
            raise ContractError(_field(prefix, name), "is required")
        return None
    member = kind._value2member_map_.get(value) if isinstance(value, str) else None
    if member is not None:
        return member
    allowed = ", ".join(member.value for member in kind)
    raise ContractError(_field(prefix, name), f"unknown value {_shown(value)}; expected one of {allowed}")


def _date(data: dict, name: str, *, required: bool = False, prefix: str | None = None) -> date | None:
    value = data.get(name)
    if value is None:
        if required:
            raise ContractError(_field(prefix, name), "is required")
        return None
    checked = _date_from_text(value) if isinstance(value, str) else NOT_A_DATE_TEXT
    if isinstance(checked, str):
        raise ContractError(_field(prefix, name), checked)
    return checked


NOT_A_DATE_TEXT = "must be a date YYYY-MM-DD"
_KIND = attrgetter("kind._value_")  # the kind's value: a string, hashed without the enum's Python-level __hash__


@lru_cache(maxsize=16384)
def _date_from_text(value: str) -> date | str:
    """YYYY-MM-DD → the date, or the refusal (not of that form, an impossible date like 2003-02-30, out of bounds).
    Cached with its checks: 40 years of pay and service records repeat the same few thousand dates."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return NOT_A_DATE_TEXT
    if not (value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit()):
        return NOT_A_DATE_TEXT
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return f"{value} is not a real date"
    return bounds.date_problem(parsed) or parsed


def _decimal(data: dict, name: str, *, required: bool = False, prefix: str | None = None) -> Decimal | None:
    value = data.get(name)
    if value is None:
        if required:
            raise ContractError(_field(prefix, name), "is required")
        return None
    checked = _decimal_from_text(name, value) if isinstance(value, str) else _checked_decimal(name, value)
    if isinstance(checked, str):
        raise ContractError(_field(prefix, name), checked)
    return checked


@lru_cache(maxsize=16384)
def _decimal_from_text(name: str, value: str) -> Decimal | str:
    """A decimal string → the number, or the refusal; cached with its checks (hours and dates repeat)."""
    return _checked_decimal(name, value)


def _checked_decimal(name: str, value: Any) -> Decimal | str:
    """The number, or why it is refused: not a finite decimal, negative, or beyond the field's bounds."""
    if isinstance(value, bool):
        return "must be a decimal number"
    try:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidOperation
            number = Decimal(str(value))
        else:
            number = Decimal(value) if isinstance(value, (int, Decimal, str)) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return f"{_shown(value)} is not a decimal number"
    if not number.is_finite():
        return f"{_shown(value)} is not a decimal number"
    if number < ZERO:
        return "must not be negative"
    return bounds.number_problem(name, number) or number


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 40
_SHOWN.maxlist = _SHOWN.maxdict = 4
_SHOWN.maxlevel = 2


def _shown(value: Any) -> str:
    """A bad value as the error message quotes it: short, whatever its size or depth."""
    return _SHOWN.repr(value)


def _bool(data: dict, name: str, *, default: bool | None = None) -> bool | None:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ContractError(name, "must be true or false")
    return value


# --- output -----------------------------------------------------------------------------------------------


def _money(value: Decimal) -> str:
    return str(cents(value))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def serialize(result: Estimate) -> dict[str, Any]:
    """The output object of the estimate contract."""
    provision = result.provision.value if result.provision is not None else eligibility.NOT_ELIGIBLE
    output: dict[str, Any] = {
        "eligibility": {
            "eligible": result.provision is not None,
            "provision": provision,
            "early_reduced": result.early_reduced,
            "months_before_60": _months(result.months_before_60),
            "reduction": str(four_places(result.reduction)),
            "reasons": result.reasons,
            "provisions": [
                {
                    "provision": status.provision.value,
                    "eligible": status.eligible,
                    "eligible_from": _iso(status.eligible_from),
                    "reasons": status.reasons,
                }
                for status in result.statuses
            ],
        },
        "retirement_effective_date": result.retirement_effective_date.isoformat(),
        "age_at_retirement": {"years": result.age.years, "months": result.age.months, "days": result.age.days},
        "fac": _money(result.fac),
        "yos": str(four_places(result.service.credited_yos)),
        "pension_yos": str(four_places(result.service.pension_yos)),
        "straight_life": {
            "annual": _money(result.straight_life_annual),
            "monthly": _money(result.straight_life_monthly),
        },
        "early_reduced_monthly": _money(result.early_reduced_monthly)
        if result.early_reduced_monthly is not None
        else None,
        "supplemental": _supplemental(result),
        "options": [_option(option) for option in result.options],
        "equated": _equated(result.equated),
        "cola": [{"date": step.date.isoformat(), "monthly": _money(step.monthly)} for step in result.cola],
        "service": _service(result),
        "notes": result.notes,
    }
    if result.equated is None:
        output["equated_note"] = result.equated_refusal
    if result.fac_result is not None:
        output["fac_years"] = [
            {
                "start": year.start.isoformat(),
                "end": year.end.isoformat(),
                "amount": _money(year.amount),
                "service": str(four_places(year.service)),
                "counted_share": str(four_places(year.counted_share)),
            }
            for year in result.fac_result.years
        ]
    return output


def _months(months: Decimal) -> str:
    if months == months.to_integral_value():
        return str(int(months))
    return str(four_places(months))


def _supplemental(result: Estimate) -> dict[str, str] | None:
    supplemental = result.supplemental
    if supplemental is None:
        return None
    return {
        "annual": _money(supplemental.annual),
        "monthly": _money(supplemental.monthly),
        "total_monthly_until_62": _money(supplemental.total_monthly_until_62),
        "until": supplemental.until.isoformat(),
    }


def _option(option: OptionAmount) -> dict[str, Any]:
    output: dict[str, Any] = {
        "option": option.option.value,
        "factor": plain(option.factor) if option.factor == 1 else format(option.factor, "f"),
        "factor_source": option.factor_source.value if option.factor_source is not None else None,
        "monthly": _money(option.monthly),
        "annual": _money(option.annual),
        "survivor_monthly": _money(option.survivor_monthly),
        "cola_increase_monthly": _money(option.cola_increase_monthly),
        "survivor_cola_increase_monthly": _money(option.survivor_cola_increase_monthly),
        "equated": _equated(option.equated),
    }
    if option.monthly_until_62 is not None:
        output["monthly_until_62"] = _money(option.monthly_until_62)
    return output


def _equated(amounts) -> dict[str, str] | None:
    if amounts is None:
        return None
    return {
        "social_security_age65": _money(amounts.social_security_age65),
        "advance_monthly": _money(amounts.advance_monthly),
        "pre65_monthly": _money(amounts.pre65_monthly),
        "post65_monthly": _money(amounts.post65_monthly),
        "reduced_from": amounts.reduced_from.isoformat(),
    }


def _service(result: Estimate) -> dict[str, Any]:
    service = result.service
    return {
        "earned_yos": str(four_places(service.earned_yos)),
        "purchased_yos_credited": str(four_places(service.purchased_yos_credited)),
        "purchased_yos_not_credited": str(four_places(service.purchased_yos_not_credited)),
        "act88_yos": str(four_places(service.act88_yos)),
        "projected_yos": str(four_places(service.projected_yos)),
        "earned_to_date_yos": str(four_places(service.earned_to_date_yos)),
        "earned_as_of": _iso(service.earned_as_of),
        "projection_overridden": service.projection_overridden,
        "credited_yos": str(four_places(service.credited_yos)),
        "pension_yos": str(four_places(service.pension_yos)),
        "yos_after_2013_02_01": str(four_places(service.yos_after_transition)),
        "vesting_yos_required": str(four_places(service.vesting_yos_required)),
        "vested": service.vested,
    }
