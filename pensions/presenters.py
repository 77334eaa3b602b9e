"""An estimate's output (the `manage.py estimate` JSON) arranged for the page and the PDF. Every figure is the
engine's: amounts from the result, payback from `option_value`, each option's path from `cola.schedule`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from pensions import charts
from pensions.engine import cola
from pensions.engine.option_value import survivor_payback
from pensions.engine.plans import Structure, facts
from pensions.models import CreditType
from pensions.selectors import PROVISION_LABELS
from portal.templatetags.portal_format import long_date, money, yos

OPTION_LABELS = {"STRAIGHT_LIFE": "Straight life", "SURVIVOR_100": "100% survivor", "SURVIVOR_75": "75% survivor",
                 "SURVIVOR_50": "50% survivor"}
RETIREMENT_TYPE_LABELS = {"SERVICE": "Service", "DUTY_DISABILITY": "Duty disability",
                          "NONDUTY_DISABILITY": "Non-duty disability"}
CHART_YEARS = 15
CREDIT_LABELS = dict(CreditType.choices)


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


def present(result: dict, *, structure: str, inputs: dict | None = None, run_on: date | None = None) -> dict:
    """``run_on``: the day the figures were computed (a saved estimate's day; today for one just run)."""
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
        "assumptions": assumptions(inputs or {}, result, run_on=run_on or timezone.localdate()),
    }


# ---------------------------------------------------------------------------------------------------------------
# What an estimate assumed (issue 15 item 4): a saved estimate is only as good as what it was run with, so the saved
# list, the comparison and its PDF show the same lines, from here.
# ---------------------------------------------------------------------------------------------------------------

def assumptions(inputs: dict, result: dict | None, *, run_on: date) -> list[tuple[str, str]]:
    """The RULES §13 inputs beside the record, in words; ``result`` (None before the estimate is run) gives the
    projected service the engine worked out when the member left it blank."""
    born = inputs.get("beneficiary_birth_date")
    increase = inputs.get("projected_wage_increase")
    security = inputs.get("social_security_fra")
    return [
        ("Beneficiary's date of birth",
         long_date(date.fromisoformat(born)) if born else "None given (straight life only)"),
        ("Yearly wage increase",
         f"{Decimal(increase):.2f}% a year" if increase is not None else "None (pay stays as last reported)"),
        ("Projected service", _projected(inputs, result)),
        ("Purchased service", "; ".join(f"{CREDIT_LABELS.get(p['type'], p['type'])}, {yos(p['years'])} years"
                                        for p in inputs.get("purchases") or []) or "None"),
        ("Social Security at full retirement age", f"${money(security)} a month" if security else "None given"),
        ("Date run", long_date(run_on)),
    ]


def _projected(inputs: dict, result: dict | None) -> str:
    if inputs.get("projected_yos") is not None:
        return f"{yos(inputs['projected_yos'])} years (your figure)"
    projected = (result or {}).get("service", {}).get("projected_yos")
    if projected is None:  # saved before the engine reported its projection, or not run yet
        return "From your pay cycle and hours to the retirement date"
    return f"{yos(projected)} years (from your pay cycle and hours to the retirement date)"


@dataclass(frozen=True)
class SavedSummary:
    """One line of the saved list: the estimate, its headline figures and what it assumed."""

    estimate: object  # pensions.models.SavedEstimate
    red: date
    straight_monthly: Decimal | None
    assumptions: list[tuple[str, str]]


def run_on(saved) -> date:
    """The day a saved estimate was computed: it is run again from the record when saved (services.save_estimate)."""
    return timezone.localdate(saved.created_at)


def saved_summaries(saved_estimates) -> list[SavedSummary]:
    return [SavedSummary(saved, date.fromisoformat(saved.result["retirement_effective_date"]),
                         Decimal(saved.result["options"][0]["monthly"]) if saved.result["options"] else None,
                         assumptions(saved.inputs, saved.result, run_on=run_on(saved)))
            for saved in saved_estimates]


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
