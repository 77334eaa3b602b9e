"""What the award letter reads from an approved final calculation (RULES §5–§7, §11): the chosen option's row of the
engine's output (``manage.py estimate``), the amount paid from the RED, the formula in words and the first
cost-of-living increase. Pure: reads the engine contract's JSON, decides nothing the engine has not.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pensions.engine import formula
from pensions.engine.plans import Structure


class OptionNotCalculated(ValueError):
    """The calculation has no row for the option the member chose (the engine refused it)."""


def chosen_option(result: dict, option: str) -> dict:
    """The engine's row of ``option`` (``STRAIGHT_LIFE``, ``SURVIVOR_100`` …)."""
    row = next((row for row in result["options"] if row["option"] == option), None)
    if row is None:
        raise OptionNotCalculated(f"The calculation has no amount for the option {option}.")
    return row


def monthly_gross_from_red(row: dict, *, equated: bool) -> Decimal:
    """What is paid each month from the RED, before deductions: with the equated plan the higher pre-65 amount
    (RULES §6), with a covered supplemental pension the total until 62 (RULES §5), otherwise the option's amount."""
    if equated:
        if row.get("equated") is None:
            raise OptionNotCalculated("The calculation does not offer the equated plan with this option.")
        return Decimal(row["equated"]["pre65_monthly"])
    return Decimal(row.get("monthly_until_62") or row["monthly"])


def _percent(factor: Decimal) -> str:
    return f"{format((factor * 100).normalize(), 'f')}%"


def formula_in_words(facts: dict) -> str:
    """The annual straight-life formula of the member's structure (RULES §5; ``pensions.engine.formula``)."""
    structure = Structure(facts["structure"])
    full, reduced = _percent(formula.PENSION_FACTOR), _percent(formula.MPSERS_REDUCED_FACTOR)
    if facts.get("employment_type") == "CONSERVATION_OFFICER":
        return f"2-year FAC × {_percent(formula.CONSERVATION_OFFICER_FACTOR)}"
    if structure in formula.SPLIT_AT_TRANSITION:
        return (f"FAC × {full} × service before February 1, 2013, plus FAC × {reduced} × service from "
                "February 1, 2013")
    if structure in formula.RETAINED_FULL_FACTOR and facts.get("contributions_stop_at_30"):
        return f"FAC × {full} × the first {formula.STEP_DOWN_YOS} years, plus FAC × {reduced} × the years above"
    if facts.get("employment_type") == "COVERED":
        return (f"FAC × {full} × service, plus a supplemental FAC × "
                f"{_percent(formula.COVERED_SUPPLEMENT_FACTOR)} × covered service until age "
                f"{formula.COVERED_SUPPLEMENT_ENDS_AT_AGE}")
    return f"FAC × {full} × service"


def first_increase(result: dict, row: dict) -> tuple[date, Decimal] | None:
    """The first post-retirement increase (RULES §7): its date, from the engine's schedule, and what it adds to the
    chosen option's monthly amount; None where no increase is scheduled (MPSERS Basic)."""
    if not result.get("cola"):
        return None
    return date.fromisoformat(result["cola"][0]["date"]), Decimal(row["cola_increase_monthly"])
