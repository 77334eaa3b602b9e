"""Parsing of an employer-report CSV file (format: docs/employer-report-format.md). Pure: text in, rows or the
list of refused rows (with their line numbers and reasons) out. Checks against the database are in services."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from pensions.models import PayCycle

REQUIRED_COLUMNS = ("member_id", "employer_code", "period_start", "period_end", "pay_cycle", "regular_hours",
                    "gross_wages")
HOUR_COLUMNS = ("regular_hours", "overtime_hours", "plan_a_hours", "furlough_hours", "banked_leave_hours",
                "annual_leave_payout_hours")
MONEY_COLUMNS = ("gross_wages", "overtime_wages", "longevity_pay", "annual_leave_payout", "sick_leave_payout")
OPTIONAL_COLUMNS = tuple(c for c in HOUR_COLUMNS + MONEY_COLUMNS if c not in REQUIRED_COLUMNS)
KNOWN_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
SERS_ONLY_HOURS = ("plan_a_hours", "furlough_hours", "banked_leave_hours")  # RULES §2: SERS provisions

# The longest period each payroll cycle can report, in days (a semimonthly period is at most 16 days).
MAX_DAYS = {"WEEKLY": 7, "BIWEEKLY": 14, "SEMIMONTHLY": 16, "MONTHLY": 31, "QUARTERLY": 92, "ANNUALLY": 366}
MAX_MONEY = Decimal("9999999999.99")
MAX_ROWS = 200_000
MEMBER_ID = re.compile(r"^\d{8}$")


class ReportRejected(Exception):
    """The file is refused as a whole; `errors` lists (line number, reason), line 1 being the header."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"row {line}: {reason}" for line, reason in errors[:20]))


@dataclass(frozen=True)
class ReportRow:
    line: int
    member_id: str
    employer_code: str
    period_start: date
    period_end: date
    pay_cycle: str
    values: dict  # hours and money columns → Decimal

    @property
    def key(self):
        return (self.member_id, self.employer_code, self.period_start, self.period_end)


def parse(content: bytes) -> list[ReportRow]:
    """All rows of the file, or ReportRejected with every bad row (up to 100) and why."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportRejected([(1, "the file is not UTF-8 text")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ReportRejected([(1, f"the header cannot be read: {error}")]) from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in KNOWN_COLUMNS]
    if missing or unknown:
        reasons = ([f"missing column(s): {', '.join(missing)}"] if missing else []) + (
            [f"unknown column(s): {', '.join(unknown)}"] if unknown else [])
        raise ReportRejected([(1, "; ".join(reasons))])
    rows, errors, seen = [], [], {}
    try:
        for record in reader:
            line = reader.line_num
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append((line, f"a file holds at most {MAX_ROWS} rows"))
                break
            try:
                row = _row(record, line)
            except ValueError as error:
                errors.append((line, str(error)))
                continue
            if row.key in seen:
                errors.append((line, f"the same period for this member is already on row {seen[row.key]}"))
                continue
            seen[row.key] = line
            rows.append(row)
            if len(errors) >= 100:
                break
    except csv.Error as error:
        errors.append((reader.line_num, f"not a well-formed CSV row: {error}"))
    if not errors and not rows:
        errors.append((1, "the file has no rows"))
    codes = {row.employer_code for row in rows}
    if not errors and len(codes) > 1:
        errors.append((rows[0].line, f"a file is one employer's report; found {', '.join(sorted(codes))}"))
    if errors:
        raise ReportRejected(errors)
    return rows


def _row(record: dict, line: int) -> ReportRow:
    if None in record or any(value is None for value in record.values()):
        raise ValueError("the row does not have one value for each column of the header")
    member_id = record["member_id"].strip()
    if not MEMBER_ID.match(member_id):
        raise ValueError("member_id must be 8 digits")
    employer_code = record["employer_code"].strip()
    if not employer_code or len(employer_code) > 12:
        raise ValueError("employer_code is required (at most 12 characters)")
    start, end = _date(record, "period_start"), _date(record, "period_end")
    if end < start:
        raise ValueError("period_end is before period_start")
    cycle = record["pay_cycle"].strip().upper()
    if cycle not in PayCycle.values:
        raise ValueError(f"pay_cycle must be one of {', '.join(PayCycle.values)}")
    days = (end - start).days + 1
    if days > MAX_DAYS[cycle]:
        raise ValueError(f"a {cycle.lower()} period is at most {MAX_DAYS[cycle]} days; this one is {days}")
    values = {}
    for column in HOUR_COLUMNS:
        values[column] = _decimal(record, column, maximum=Decimal(24 * days), places=2)
    for column in MONEY_COLUMNS:
        values[column] = _decimal(record, column, maximum=MAX_MONEY, places=2)
    if values["annual_leave_payout"] and not values["annual_leave_payout_hours"]:
        raise ValueError("annual_leave_payout needs annual_leave_payout_hours (RULES §4: only 240 hours count)")
    return ReportRow(line, member_id, employer_code, start, end, cycle, values)


def _date(record: dict, column: str) -> date:
    value = record[column].strip()
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{column} must be a real date written YYYY-MM-DD") from None


def _decimal(record: dict, column: str, *, maximum: Decimal, places: int) -> Decimal:
    value = (record.get(column) or "").strip()
    if not value:
        if column in REQUIRED_COLUMNS:
            raise ValueError(f"{column} is required")
        return Decimal(0)
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{column} must be a number such as 80.00") from None
    if not number.is_finite():
        raise ValueError(f"{column} must be a number such as 80.00")
    if number < 0:
        raise ValueError(f"{column} must not be negative")
    if number > maximum:
        raise ValueError(f"{column} is more than {maximum}")
    if number.as_tuple().exponent < -places:
        raise ValueError(f"{column} has more than {places} decimal places")
    return number
