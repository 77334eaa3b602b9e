"""An estimate's output (the `manage.py estimate` JSON) arranged for the page and the PDF. Every figure is the
engine's: amounts from the result, payback from `option_value`, each option's path from `cola.schedule`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pensions import charts
from pensions.engine import cola
from pensions.engine.option_value import survivor_payback
from pensions.engine.plans import Structure, facts
from pensions.selectors import PROVISION_LABELS

OPTION_LABELS = {"STRAIGHT_LIFE": "Straight life", "SURVIVOR_100": "100% survivor", "SURVIVOR_75": "75% survivor",
                 "SURVIVOR_50": "50% survivor"}
RETIREMENT_TYPE_LABELS = {"SERVICE": "Service", "DUTY_DISABILITY": "Duty disability",
                          "NONDUTY_DISABILITY": "Non-duty disability"}
CHART_YEARS = 15


@dataclass(frozen=True)
class OptionRow:
    code: str
    label: str
    factor: str
    monthly: Decimal
    annual: Decimal
    survivor_monthly: Decimal
    monthly_cost: Decimal | None
    payback_months: Decimal | None  # months the beneficiary must outlive the member per year retired
    equated: dict | None
    monthly_until_62: Decimal | None  # with a covered supplemental pension: the total until 62


def present(result: dict, *, structure: str, inputs: dict | None = None) -> dict:
    options = []
    straight = Decimal(result["options"][0]["monthly"]) if result["options"] else Decimal(0)
    for option in result["options"]:
        monthly, survivor = Decimal(option["monthly"]), Decimal(option["survivor_monthly"])
        cost = payback = None
        if option["option"] != "STRAIGHT_LIFE":
            value = survivor_payback(straight_monthly=straight, option_monthly=monthly, survivor_monthly=survivor)
            cost, payback = value.monthly_cost, value.months_per_year_retired
            payback = payback.quantize(Decimal("0.1")) if payback is not None else None
        options.append(OptionRow(option["option"], OPTION_LABELS.get(option["option"], option["option"]),
                                 option["factor"], monthly, Decimal(option["annual"]), survivor, cost, payback,
                                 option.get("equated"), _decimal_or_none(option.get("monthly_until_62"))))
    eligibility = result["eligibility"]
    return {
        "result": result,
        "inputs": inputs or {},
        "eligible": eligibility["eligible"],
        "provision": PROVISION_LABELS.get(eligibility["provision"], "Not eligible"),
        "reasons": eligibility["reasons"],
        "red": date.fromisoformat(result["retirement_effective_date"]),
        "retirement_type": RETIREMENT_TYPE_LABELS.get((inputs or {}).get("retirement_type", "SERVICE")),
        "options": options,
        "chart": _chart(result, structure, options),
        "service": _service(result),
        "supplemental": _supplemental(result),
    }


def _decimal_or_none(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _service(result: dict) -> dict:
    """Total service as the [002] summary shows it: earned as of a date, plus projected to the RED."""
    service = result["service"]
    as_of = service.get("earned_as_of")
    return {"earned": service.get("earned_to_date_yos"), "earned_as_of": date.fromisoformat(as_of) if as_of else None,
            "projected": service.get("projected_yos"), "overridden": service.get("projection_overridden", False),
            "purchased": service["purchased_yos_credited"]}


def _supplemental(result: dict) -> dict | None:
    """The covered supplemental pension: its amount, the total until 62 and the amount from 62 (the regular pension,
    since the supplemental ends at 62 and never goes to a survivor)."""
    supplemental = result.get("supplemental")
    if supplemental is None:
        return None
    return {"monthly": Decimal(supplemental["monthly"]), "annual": Decimal(supplemental["annual"]),
            "total_until_62": Decimal(supplemental["total_monthly_until_62"]),
            "from_62": Decimal(result["straight_life"]["monthly"]), "until": date.fromisoformat(supplemental["until"])}


def _chart(result, structure, options):
    """Each option's monthly amount each year for the first years of retirement, increases included (§7)."""
    if not options or not result["eligibility"]["eligible"]:
        return None
    red = date.fromisoformat(result["retirement_effective_date"])
    family = facts(Structure(structure)).family
    labels = [str(red.year + year) for year in range(CHART_YEARS + 1)]
    series = []
    for option in options:
        steps = cola.schedule(option.monthly, red, family, count=CHART_YEARS)
        values = []
        for year in range(CHART_YEARS + 1):
            on = date(red.year + year, red.month, 1)
            reached = [step.monthly for step in steps if step.date <= on]
            values.append(reached[-1] if reached else option.monthly)
        series.append((option.label, values))
    rows = [(label, [values[index] for _, values in series]) for index, label in enumerate(labels)]
    return {"chart": charts.line_chart(labels, series), "labels": labels, "names": [name for name, _ in series],
            "rows": rows}
