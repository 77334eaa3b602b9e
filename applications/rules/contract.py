"""The JSON contract of ``python manage.py retirement_facts`` (ARCHITECTURE.md), without Django.

:func:`facts` takes one input object and returns the output object, or raises :class:`FactsInputError` naming the
first bad field (``federal.step3_credits`` style for nested ones). :func:`error_json` is the printed error. The
command, on the shared runner `portal.json_command`, handles the text, lists and exit statuses.

Input (ARCHITECTURE.md)::

    {"system": "SERS", "eligible_on": "2024-08-14", "terminated_on": "2026-05-29", "submitted_on": "2026-02-10",
     "married": true, "option": "SURVIVOR_50", "beneficiary_relationship": "SPOUSE", "equated": false,
     "monthly_pension": "2412.50", "tax_year": 2026,
     "federal": {"withhold": true, "filing_status": "MARRIED_JOINT", "step2_other_income": "0", ...},
     "michigan": {"withhold": false},
     "insurance_premium_monthly": "183.40"}

- Required: ``system``, the three dates, ``married``, ``option``, ``monthly_pension``, ``tax_year``;
  ``beneficiary_relationship`` with a survivor option (null or omitted with straight life).
- ``equated`` defaults to false, ``insurance_premium_monthly`` to 0.
- ``federal``: null or omitted = no Form W-4P on file (single, no adjustments); ``{"withhold": false}`` = no federal
  withholding; otherwise ``withhold`` (default true), ``filing_status`` (``SINGLE``, ``MARRIED_JOINT``,
  ``HEAD_OF_HOUSEHOLD``; default ``SINGLE``) and the steps ``step2_other_income``, ``step3_credits``,
  ``step4a_other_income``, ``step4b_deductions`` (annual) and ``step4c_extra`` (per payment), omitted = 0.
- ``michigan``: null or omitted = no MI W-4P on file; ``{"withhold": false}``; otherwise ``withhold`` (default
  true), ``filing_status`` (``SINGLE`` or ``MARRIED_JOINT``), ``exemptions`` (a whole number),
  ``additional_withholding`` (per payment) and ``birth_year``.
- Money: a decimal string or a number, not negative. Dates: ``YYYY-MM-DD``. A field the contract does not know is
  refused, so a misspelt one never passes unnoticed.

Output: ``retirement_effective_date``, ``recommended_apply_by``, ``spousal_waiver_required``, ``required_proofs``,
``pay_dates`` (twelve, from the RED's month), ``federal_withholding_monthly``, ``michigan_withholding_monthly``,
``net_monthly``, ``billed_monthly``; money as strings in cents.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from applications.rules import dates, election, federal_withholding, michigan_withholding, net_pay, pay_dates
from applications.rules.federal_withholding import W4P, FilingStatus
from applications.rules.michigan_withholding import MIW4P, MichiganFilingStatus
from applications.rules.tax_tables import TaxYearNotCovered
from pensions.engine.beneficiaries import Relationship
from pensions.engine.money import ZERO
from pensions.engine.option_factors import OptionName
from pensions.engine.plans import System

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_MONEY = Decimal(1_000_000_000)  # a sanity bound far above any pension, credit or premium
MAX_EXEMPTIONS = 99
EARLIEST_BIRTH_YEAR = 1900
RELATIONS = (Relationship.SPOUSE, Relationship.CHILD, Relationship.GRANDCHILD, Relationship.SIBLING,
             Relationship.PARENT)  # ARCHITECTURE: "the relations of RULES §6"

FIELDS = frozenset({"system", "eligible_on", "terminated_on", "submitted_on", "married", "option",
                    "beneficiary_relationship", "equated", "monthly_pension", "tax_year", "federal", "michigan",
                    "insurance_premium_monthly"})
FEDERAL_FIELDS = frozenset({"withhold", "filing_status", "step2_other_income", "step3_credits",
                            "step4a_other_income", "step4b_deductions", "step4c_extra"})
MICHIGAN_FIELDS = frozenset({"withhold", "filing_status", "exemptions", "additional_withholding", "birth_year"})


class FactsInputError(ValueError):
    """Bad input: ``field`` names it (None for the object as a whole), ``message`` says what is wrong."""

    def __init__(self, field: str | None, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def error_json(field: str | None, message: str, index: int | None) -> dict[str, Any]:
    """The printed error: the message names the field (and the list item) so it reads on its own."""
    where = f"item {index}: " if index is not None else ""
    what = f"{field}: " if field else ""
    return {"error": f"{where}{what}{message}", "field": field, "index": index}


# --- reading fields --------------------------------------------------------------------------------------------


def _check_known(obj: dict[str, Any], known: frozenset[str], prefix: str = "") -> None:
    for key in obj:
        if key not in known:
            raise FactsInputError(f"{prefix}{key}", "is not a field of retirement_facts")


def _required(obj: dict[str, Any], key: str, field: str) -> Any:
    value = obj.get(key)
    if value is None:
        raise FactsInputError(field, "is required")
    return value


def _date(obj: dict[str, Any], key: str) -> date:
    value = _required(obj, key, key)
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise FactsInputError(key, f"expected a date as YYYY-MM-DD, got {json.dumps(value, default=str)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FactsInputError(key, f"{value} is not a real date") from None


def _bool(obj: dict[str, Any], key: str, field: str, *, default: bool | None = None) -> bool:
    value = obj.get(key)
    if value is None and default is not None:
        return default
    if value is None:
        raise FactsInputError(field, "is required (true or false)")
    if not isinstance(value, bool):
        raise FactsInputError(field, f"expected true or false, got {json.dumps(value, default=str)}")
    return value


def _choice(obj: dict[str, Any], key: str, field: str, allowed: tuple[enum.Enum, ...], *,
            default: enum.Enum | None = None) -> Any:
    value = obj.get(key)
    if value is None and default is not None:
        return default
    if value is None:
        raise FactsInputError(field, "is required")
    for choice in allowed:
        if value == choice.value:
            return choice
    names = ", ".join(choice.value for choice in allowed)
    raise FactsInputError(field, f"expected one of {names}, got {json.dumps(value, default=str)}")


def _money(obj: dict[str, Any], key: str, field: str, *, required: bool = False) -> Decimal:
    value = obj.get(key)
    if value is None:
        if required:
            raise FactsInputError(field, "is required")
        return ZERO
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise FactsInputError(field, f"expected an amount such as \"1234.56\", got {json.dumps(value, default=str)}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise FactsInputError(field, f"{json.dumps(value, default=str)} is not an amount of money") from None
    if not amount.is_finite():
        raise FactsInputError(field, f"{json.dumps(value, default=str)} is not an amount of money")
    if amount < 0:
        raise FactsInputError(field, "must not be negative")
    if amount >= MAX_MONEY:
        raise FactsInputError(field, f"must be less than {MAX_MONEY:,}")
    return amount


def _whole(obj: dict[str, Any], key: str, field: str, low: int, high: int, *, required: bool) -> int | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise FactsInputError(field, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsInputError(field, f"expected a whole number, got {json.dumps(value, default=str)}")
    if not low <= value <= high:
        raise FactsInputError(field, f"must be between {low} and {high}")
    return value


def _object(obj: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, dict):
        raise FactsInputError(key, "expected a JSON object or null")
    return value


# --- the sections ----------------------------------------------------------------------------------------------


def _certificate(obj: dict[str, Any], key: str, known: frozenset[str], no_withholding: Any,
                 build: Callable[[dict[str, Any]], Any]) -> Any:
    """The withholding certificate in section ``key``: None when there is none on file, ``no_withholding`` for the
    election of no withholding (``{"withhold": false}``), otherwise what ``build`` reads from the section."""
    section = _object(obj, key)
    if section is None:
        return None
    _check_known(section, known, f"{key}.")
    if not _bool(section, "withhold", f"{key}.withhold", default=True):
        return no_withholding
    return build(section)


def _w4p(section: dict[str, Any]) -> W4P:
    return W4P(
        filing_status=_choice(section, "filing_status", "federal.filing_status", tuple(FilingStatus),
                              default=FilingStatus.SINGLE),
        **{key: _money(section, key, f"federal.{key}") for key in
           ("step2_other_income", "step3_credits", "step4a_other_income", "step4b_deductions", "step4c_extra")},
    )


def _mi_w4p(section: dict[str, Any], tax_year: int) -> MIW4P:
    return MIW4P(
        filing_status=_choice(section, "filing_status", "michigan.filing_status", tuple(MichiganFilingStatus),
                              default=MichiganFilingStatus.SINGLE),
        exemptions=_whole(section, "exemptions", "michigan.exemptions", 0, MAX_EXEMPTIONS, required=False) or 0,
        additional=_money(section, "additional_withholding", "michigan.additional_withholding"),
        birth_year=_whole(section, "birth_year", "michigan.birth_year", EARLIEST_BIRTH_YEAR, tax_year,
                          required=False),
    )


def _tax_year(obj: dict[str, Any]) -> int:
    year = _whole(obj, "tax_year", "tax_year", 1900, 9999, required=True)
    try:
        federal_withholding.table(year)
        michigan_withholding.table(year)
    except TaxYearNotCovered as missing:
        raise FactsInputError("tax_year", missing.message) from None
    return year


def facts(obj: dict[str, Any]) -> dict[str, Any]:
    """One input object → the output object (ARCHITECTURE.md); raises :class:`FactsInputError`."""
    if not isinstance(obj, dict):
        raise FactsInputError(None, "each case must be a JSON object")
    _check_known(obj, FIELDS)
    system = _choice(obj, "system", "system", tuple(System))
    eligible_on, terminated_on, submitted_on = (_date(obj, key) for key in
                                                ("eligible_on", "terminated_on", "submitted_on"))
    married = _bool(obj, "married", "married")
    option = _choice(obj, "option", "option", tuple(OptionName))
    relationship = (None if obj.get("beneficiary_relationship") is None
                    else _choice(obj, "beneficiary_relationship", "beneficiary_relationship", RELATIONS))
    refusal = election.beneficiary_refusal(system=system, option=option, relationship=relationship, married=married)
    if refusal:
        raise FactsInputError("beneficiary_relationship", refusal)
    equated = _bool(obj, "equated", "equated", default=False)
    gross = _money(obj, "monthly_pension", "monthly_pension", required=True)
    tax_year = _tax_year(obj)
    federal_form = _certificate(obj, "federal", FEDERAL_FIELDS, federal_withholding.NO_WITHHOLDING, _w4p)
    michigan_form = _certificate(obj, "michigan", MICHIGAN_FIELDS, michigan_withholding.NO_WITHHOLDING,
                                 lambda section: _mi_w4p(section, tax_year))
    premium = _money(obj, "insurance_premium_monthly", "insurance_premium_monthly")

    red = dates.retirement_effective_date(eligible_on=eligible_on, terminated_on=terminated_on,
                                          submitted_on=submitted_on)
    waiver = election.spousal_waiver_required(married=married, option=option, relationship=relationship)
    payment = net_pay.monthly_payment(
        gross=gross,
        federal=federal_withholding.monthly_withholding(monthly_taxable=gross, form=federal_form, tax_year=tax_year),
        michigan=michigan_withholding.monthly_withholding(monthly_taxable=gross, form=michigan_form,
                                                          tax_year=tax_year),
        premium=premium,
    )
    return {
        "retirement_effective_date": red.isoformat(),
        "recommended_apply_by": dates.recommended_apply_by(red).isoformat(),
        "spousal_waiver_required": waiver,
        "required_proofs": [proof.value for proof in election.required_proofs(
            married=married, option=option, equated=equated, waiver_required=waiver)],
        "pay_dates": [day.isoformat() for day in pay_dates.pay_dates(red)],
        "federal_withholding_monthly": str(payment.federal),
        "michigan_withholding_monthly": str(payment.michigan),
        "net_monthly": str(payment.net),
        "billed_monthly": str(payment.billed),
    }
