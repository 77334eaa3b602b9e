"""The member's preliminary figures beside the office's final calculation (issue 19 item 3: "shown beside the member's
preliminary estimate with every difference highlighted"). Pure Python, no Django.

Both sides are the engine's output as ``manage.py estimate`` prints it: the final calculation's result, and the
estimate the member chose their option from (kept with the application since issue 19; applications saved before
have only the option's factor, monthly amount and survivor amount, and the other rows say the preliminary figure
was not kept). A row differs when the preliminary figure is known and is not the final one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

STRAIGHT_LIFE = "STRAIGHT_LIFE"
HUNDRED = Decimal(100)


class Kind(StrEnum):
    """How a row's figures read (the page formats them with the portal's filters)."""

    MONEY = "money"
    YOS = "yos"
    FACTOR = "factor"
    PERCENT = "percent"
    PROVISION = "provision"  # the engine's provision code
    PERIOD = "period"  # a FAC year: FacPeriod


class NotKept:
    """The preliminary figure was not kept with the application."""

    def __repr__(self):
        return "NOT_KEPT"


NOT_KEPT = NotKept()


@dataclass(frozen=True)
class FacPeriod:
    start: date
    end: date
    amount: Decimal


@dataclass(frozen=True)
class Preliminary:
    """What the member was shown when they chose their option: the figures the application keeps, and the whole
    estimate they came from (None when it was not kept)."""

    monthly: Decimal | None
    factor: Decimal | None
    survivor_monthly: Decimal | None
    estimate: dict | None


@dataclass(frozen=True)
class Row:
    label: str
    kind: Kind
    preliminary: object  # the kind's value, None (not applicable) or NOT_KEPT
    final: object

    @property
    def preliminary_kept(self) -> bool:
        return self.preliminary is not NOT_KEPT

    @property
    def differs(self) -> bool:
        return self.preliminary_kept and self.preliminary != self.final


def _decimal(value) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _chosen(result: dict, option: str) -> dict:
    return next((row for row in result["options"] if row["option"] == option), {})


def _equated(result: dict, option: str, key: str) -> Decimal | None:
    equated = _chosen(result, option).get("equated")
    return Decimal(equated[key]) if equated else None


def _supplemental(result: dict) -> Decimal | None:
    supplemental = result.get("supplemental")
    return Decimal(supplemental["monthly"]) if supplemental else None


def fac_periods(result: dict) -> list[FacPeriod]:
    """The FAC's years (RULES §4), oldest first; none when the FAC was given rather than computed."""
    return [FacPeriod(date.fromisoformat(year["start"]), date.fromisoformat(year["end"]), Decimal(year["amount"]))
            for year in result.get("fac_years") or []]


def compare(preliminary: Preliminary, final: dict, *, option: str, equated: bool) -> list[Row]:
    """The rows of the comparison for the option chosen (``option``, the engine's option code), in the order of the
    calculation (RULES §6: straight life → early reduction → survivor factor → equated): FAC and its years, service,
    provision, reduction, straight life, the option's factor, the equated amounts (when chosen), the supplemental
    pension (when either side has one), the monthly gross and, with a survivor option, the survivor's amount."""
    estimate = preliminary.estimate

    def row(label, kind, read, kept=None):
        """``read`` takes an engine result; ``kept``: the application's own figure, which wins over the estimate."""
        before = kept if kept is not None else read(estimate) if estimate is not None else NOT_KEPT
        return Row(label, kind, before, read(final))

    rows = [row("Final average compensation", Kind.MONEY, lambda r: Decimal(r["fac"]))]
    before_years = fac_periods(estimate) if estimate is not None else None
    final_years = fac_periods(final)
    for n in range(max(len(before_years or []), len(final_years))):
        before = NOT_KEPT if before_years is None else before_years[n] if n < len(before_years) else None
        rows.append(Row(f"FAC year {n + 1}", Kind.PERIOD, before, final_years[n] if n < len(final_years) else None))
    rows += [
        row("Years of service", Kind.YOS, lambda r: Decimal(r["yos"])),
        row("Provision", Kind.PROVISION, lambda r: r["eligibility"]["provision"]),
        row("Early reduction", Kind.PERCENT, lambda r: Decimal(r["eligibility"]["reduction"]) * HUNDRED),
        row("Straight life, monthly", Kind.MONEY, lambda r: Decimal(r["straight_life"]["monthly"])),
        row("Option factor", Kind.FACTOR, lambda r: _decimal(_chosen(r, option).get("factor")), preliminary.factor),
    ]
    if equated:
        rows += [row("Equated plan, monthly until 65", Kind.MONEY, lambda r: _equated(r, option, "pre65_monthly")),
                 row("Equated plan, monthly from 65", Kind.MONEY, lambda r: _equated(r, option, "post65_monthly"))]
    supplemental = row("Supplemental pension until 62, monthly", Kind.MONEY, _supplemental)
    if supplemental.final is not None or supplemental.preliminary not in (None, NOT_KEPT):
        rows.append(supplemental)
    rows.append(row("Monthly gross of the option chosen", Kind.MONEY,
                    lambda r: _decimal(_chosen(r, option).get("monthly")), preliminary.monthly))
    if option != STRAIGHT_LIFE:
        rows.append(row("Survivor's monthly amount", Kind.MONEY,
                        lambda r: _decimal(_chosen(r, option).get("survivor_monthly")),
                        preliminary.survivor_monthly))
    return rows
