"""The withholding tables of each tax year, kept as data: one JSON file per tax and tax year in ``data/``, each
naming its source (``data/README.md`` lists them). Numbers are strings, read as ``Decimal``.

A tax year without a file is refused with :class:`TaxYearNotCovered` rather than answered from another year's
table: withholding computed from the wrong year's brackets would be silently wrong.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
FEDERAL = "federal"
MICHIGAN = "michigan"
_FILE = re.compile(r"(?P<tax>[a-z]+)_(?P<year>\d{4})\.json")


class TaxYearNotCovered(LookupError):
    """No table for this tax and tax year; ``message`` says which years have one."""

    def __init__(self, tax: str, tax_year: int):
        years = ", ".join(str(year) for year in covered_years(tax)) or "none"
        self.tax, self.tax_year = tax, tax_year
        self.message = f"there is no {tax} withholding table for tax year {tax_year} (tables exist for: {years})"
        super().__init__(self.message)


def covered_years(tax: str) -> list[int]:
    found = (_FILE.fullmatch(path.name) for path in DATA_DIR.iterdir())
    return sorted(int(match["year"]) for match in found if match and match["tax"] == tax)


@cache
def load(tax: str, tax_year: int) -> dict[str, Any]:
    """The table of ``tax`` (``federal`` or ``michigan``) for ``tax_year``, numbers as ``Decimal``."""
    path = DATA_DIR / f"{tax}_{tax_year}.json"
    if not path.is_file():
        raise TaxYearNotCovered(tax, tax_year)
    with path.open(encoding="utf-8") as handle:
        table = json.load(handle, parse_float=Decimal)
    if table.get("tax_year") != tax_year or not table.get("source"):
        raise ValueError(f"{path.name}: the table must state its tax year ({tax_year}) and its source")
    return table
