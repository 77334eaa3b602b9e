"""The JSON contract of ``python manage.py coverage_date`` (ARCHITECTURE.md), without Django.

Input: one JSON object, or a JSON list of objects::

    {"situation": "VOLUNTARY", "medicare": false, "retirement_effective_date": "2020-01-01",
     "documents_received": "2021-02-10", "event_date": null}

Output, the same shape as the input (an object for an object, a list for a list)::

    {"coverage_begins": "2021-08-01", "rule": "sixth month after documents received: ..."}

Fields:

- ``situation`` (required): AT_RETIREMENT, QUALIFYING_EVENT, VOLUNTARY, PLAN_CHANGE or MEDICARE_REENROLL.
- ``documents_received`` (required): the day the last required document arrived.
- ``medicare``: true or false; required for AT_RETIREMENT, QUALIFYING_EVENT and PLAN_CHANGE (where it changes the
  date); may be omitted or null for VOLUNTARY and MEDICARE_REENROLL (the sixth month either way).
- ``retirement_effective_date``: required for AT_RETIREMENT, optional otherwise; a first day of a month.
- ``event_date``: required for QUALIFYING_EVENT, optional otherwise.

Dates are strings ``YYYY-MM-DD`` naming a real day. Other keys are ignored. Any problem is reported as
``{"error": "<message>", "field": "<field>", "index": <position in the list, or null>}`` and exit status 2; the
message repeats the field (and the item) so it reads on its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from insurance.rules.effective_dates import CoverageDecision, CoverageInputError, Situation, coverage_effective_date

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MEDICARE_REQUIRED_FOR = frozenset({Situation.AT_RETIREMENT, Situation.QUALIFYING_EVENT, Situation.PLAN_CHANGE})


class ContractError(ValueError):
    """Bad input: ``field`` names the offending input field, ``index`` the list item (None for a single object)."""

    def __init__(self, message: str, *, field: str | None, index: int | None = None):
        self.message = message
        self.field = field
        self.index = index
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f"item {self.index}: " if self.index is not None else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"error": self.describe(), "field": self.field, "index": self.index}


@dataclass(frozen=True)
class CoverageRequest:
    situation: Situation
    medicare: bool
    documents_received: date
    retirement_effective_date: date | None
    event_date: date | None


def _date(item: dict[str, Any], field: str, *, required: bool) -> date | None:
    value = item.get(field)
    if value is None:
        if required:
            raise ContractError("is required", field=field)
        return None
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ContractError(f"expected a date as YYYY-MM-DD, got {json.dumps(value, default=str)}", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ContractError(f"{value} is not a real date", field=field) from None


def parse_request(item: Any) -> CoverageRequest:
    """Validate one input object; raises :class:`ContractError` naming the first bad field."""
    if not isinstance(item, dict):
        raise ContractError("each case must be a JSON object", field=None)
    raw = item.get("situation")
    if raw is None:
        raise ContractError("is required", field="situation")
    try:
        situation = Situation(raw) if isinstance(raw, str) else None
    except ValueError:
        situation = None
    if situation is None:
        allowed = ", ".join(s.value for s in Situation)
        raise ContractError(f"unknown situation {json.dumps(raw, default=str)}; expected one of {allowed}", field="situation")

    medicare = item.get("medicare")
    if medicare is None:
        if situation in MEDICARE_REQUIRED_FOR:
            raise ContractError(f"is required (true or false) for {situation.value}", field="medicare")
        medicare = False
    elif not isinstance(medicare, bool):
        raise ContractError(f"expected true or false, got {json.dumps(medicare, default=str)}", field="medicare")

    red = _date(item, "retirement_effective_date", required=situation is Situation.AT_RETIREMENT)
    received = _date(item, "documents_received", required=True)
    event = _date(item, "event_date", required=situation is Situation.QUALIFYING_EVENT)
    return CoverageRequest(situation, medicare, received, red, event)


def decide(request: CoverageRequest) -> CoverageDecision:
    """Apply :func:`insurance.rules.coverage_effective_date`; its input errors become :class:`ContractError`."""
    try:
        return coverage_effective_date(
            situation=request.situation,
            medicare=request.medicare,
            documents_received=request.documents_received,
            retirement_effective_date=request.retirement_effective_date,
            event_date=request.event_date,
        )
    except CoverageInputError as exc:
        raise ContractError(exc.message, field=exc.field) from None


def serialise(decision: CoverageDecision) -> dict[str, str]:
    return {"coverage_begins": decision.coverage_begins.isoformat(), "rule": decision.rule_text}


def handle_item(item: Any) -> dict[str, str]:
    """One input object → its output object (the runner, ``portal.json_command``, loops and prints)."""
    return serialise(decide(parse_request(item)))


def error_json(field: str | None, message: str, index: int | None) -> dict[str, Any]:
    """The printed error: ``{"error": "<message naming item and field>", "field": …, "index": …}``."""
    return ContractError(message, field=field, index=index).as_json()
