"""PDFs of the record pages (ReportLab, no system libraries): the side-by-side comparison of saved estimates and the
service-credit billing statement. Figures are the engine's, as stored; the PDF only lays them out."""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, Spacer, Table

from pensions.presenters import OPTION_LABELS, RETIREMENT_TYPE_LABELS, assumptions, run_on
from portal.pdf import MARGIN, STYLES, TABLE_STYLE, render_letter
from portal.templatetags.portal_format import long_date, money, yos


def comparison_rows(estimates) -> list[list[str]]:
    """The comparison as rows (label, then one column per estimate): shared by the page's test and the PDF. What
    each estimate assumed comes first (issue 15 item 4), so two columns are never compared blind."""
    rows = [["", *[estimate.name for estimate in estimates]]]

    def row(label, value):
        rows.append([label, *[value(estimate.result, estimate.inputs) for estimate in estimates]])

    row("Retirement effective date", lambda r, i: long_date(date.fromisoformat(r["retirement_effective_date"])))
    row("Retirement type", lambda r, i: RETIREMENT_TYPE_LABELS.get(i.get("retirement_type", "SERVICE"), "—"))
    assumed = [dict(assumptions(estimate.inputs, estimate.result, run_on=run_on(estimate))) for estimate in estimates]
    for label in assumed[0] if assumed else ():
        rows.append([label, *[lines[label] for lines in assumed]])
    row("Eligible", lambda r, i: "Yes" if r["eligibility"]["eligible"] else "No")
    row("Age at retirement", lambda r, i: "{years} years, {months} months, {days} days".format(**r["age_at_retirement"]))
    row("Years of service", lambda r, i: yos(r["yos"]))
    row("Service earned", lambda r, i: _earned(r["service"]))
    row("Final average compensation", lambda r, i: f"${money(r['fac'])}")
    for code, label in OPTION_LABELS.items():
        row(f"{label}, monthly", lambda r, i, code=code: _option(r, code))
    row("Equated plan, before 65", lambda r, i: f"${money(r['equated']['pre65_monthly'])}" if r.get("equated") else "—")
    row("Equated plan, after 65", lambda r, i: f"${money(r['equated']['post65_monthly'])}" if r.get("equated") else "—")
    row("Supplemental pension until 62, monthly",
        lambda r, i: f"${money(r['supplemental']['monthly'])}" if r.get("supplemental") else "—")
    row("Total until 62, monthly",
        lambda r, i: f"${money(r['supplemental']['total_monthly_until_62'])}" if r.get("supplemental") else "—")
    return rows


def _earned(service) -> str:
    """Earned service as of the last reported pay period (saved estimates older than the projection show "—")."""
    if "earned_to_date_yos" not in service:
        return "—"
    as_of = service.get("earned_as_of")
    earned = yos(service["earned_to_date_yos"])
    return f"{earned} as of {long_date(date.fromisoformat(as_of))}" if as_of else earned


def _option(result, code):
    for option in result["options"]:
        if option["option"] == code:
            return f"${money(option['monthly'])} (factor {option['factor']})"
    return "—"


COMPARISON_LABEL_WIDTH = 2.1 * inch
COMPARISON_WIDTH = landscape(letter)[0] - 2 * MARGIN  # the wide letter's text width
CELL = ParagraphStyle("comparison-cell", parent=STYLES["BodyText"], fontSize=8.5, leading=10.5)
LABEL_CELL = ParagraphStyle("comparison-label", parent=CELL, fontName="Helvetica-Bold")


def estimates_comparison_pdf(*, member, estimates, today: date) -> bytes:
    rows = comparison_rows(estimates)
    # Paragraph cells wrap, so four columns of assumptions stay inside the page whatever their length.
    cells = [[Paragraph(escape(text), LABEL_CELL if number == 0 or column == 0 else CELL)
              for column, text in enumerate(row)] for number, row in enumerate(rows)]
    others = (COMPARISON_WIDTH - COMPARISON_LABEL_WIDTH) / max(len(estimates), 1)
    return render_letter(title="Pension estimates compared", member=member, wide=True, story=[
        Paragraph(f"Prepared {long_date(today)} from the record on file. An estimate is not a guarantee of benefits; "
                  "your pension is set when you retire.", STYLES["BodyText"]),
        Spacer(1, 12),
        Table(cells, colWidths=[COMPARISON_LABEL_WIDTH] + [others] * len(estimates), repeatRows=1, style=TABLE_STYLE),
    ])


BASIS_TEXT = {"ACTUARIAL": "Actuarial cost: the present value of the pension increase the service buys",
              "FIVE_PERCENT_OF_SALARY": "5% of your highest previous fiscal-year salary for each year",
              "NO_CHARGE": "No charge (intervening military service)"}


def billing_statement_rows(request) -> list[list[str]]:
    quote = request.quote
    return [
        ["Service", request.get_credit_type_display()],
        ["Years", quote["years"]],
        ["How the cost is set", BASIS_TEXT[quote["basis"]]],
        ["Cost", f"${money(quote['cost'])}"],
        ["Pension increase", f"${money(quote['annual_pension_increase'])} a year "
                             f"(${money(quote['monthly_pension_increase'])} a month)"],
        ["Years of retirement to recover the cost", quote["years_to_recover"] or "—"],
        ["Payment method", request.get_payment_method_display()
         + (f" from a {request.get_rollover_source_display()}" if request.rollover_source else "")],
        ["Quoted on", long_date(date.fromisoformat(quote["quoted_on"]))],
    ]


def billing_statement_pdf(*, request) -> bytes:
    return render_letter(title="Service credit billing statement", member=request.member, story=[
        Table(billing_statement_rows(request), colWidths=[2.6 * inch, 4.4 * inch], style=TABLE_STYLE),
        Spacer(1, 12),
        Paragraph("This statement shows how much service you can buy and what it costs; it does not oblige you to "
                  "buy it. A purchase must be paid off before you terminate employment and before your retirement "
                  "effective date. A rollover must come from a qualified 401(a), 401(k), 403(b) or 457 plan or a "
                  "conduit IRA, never from a traditional, Roth or SEP IRA.", STYLES["BodyText"]),
    ])
