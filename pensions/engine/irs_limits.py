"""The IRS §401(a)(17) annual compensation limit, a per-year table kept as data (RULES §4 [002]).

Source and rules of use: `data/README.md` beside this module. The limit in force on 1 January of a calendar
year applies to a 12-month compensation period that begins in that year (Treas. Reg. §1.401(a)(17)-1(b)(3)).
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

LIMITS_FILE = Path(__file__).resolve().parent / "data" / "irs_401a17_limits.csv"

# RULES §4 [002]: members hired after 1996-10-01 are subject to the limit.
LIMIT_APPLIES_TO_HIRES_AFTER = date(1996, 10, 1)


@cache
def _limits() -> dict[int, Decimal]:
    with LIMITS_FILE.open(newline="", encoding="utf-8") as handle:
        return {int(row["year"]): Decimal(row["limit"]) for row in csv.DictReader(handle)}


LOWEST_LIMIT = min(_limits().values())  # pay at or below it is never limited (a shortcut, not a rule)


def is_subject_to_limit(hire_date: date | None) -> bool:
    return hire_date is not None and hire_date > LIMIT_APPLIES_TO_HIRES_AFTER


def annual_limit(year: int) -> Decimal:
    """The limit for a 12-month period beginning in `year`; past the table, its last year's limit."""
    limits = _limits()
    if year in limits:
        return limits[year]
    return limits[max(limits)] if year > max(limits) else limits[min(limits)]
