"""The application's PDFs on the office's letterhead (``portal.pdf``: the member's name and ID on every page): the
printable checklist of required proofs (RULES §11 step 5: "print the checklist of required proofs … write name and
member ID on documents"), the acknowledgment letter and the award letter. They lay out what the pages show; no rule is decided here."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, Spacer, Table

from applications.letter_text import typed_value
from portal.pdf import STYLES, TABLE_STYLE, render_letter

CHECKLIST_TITLE = "Checklist of required proofs"
WRITE_ON_EACH = ("Write your name and member ID on every document you send. Upload each proof on your checklist in "
                 "the member portal, or mail copies to the address above.")
COLUMNS = [1.6 * inch, 2.0 * inch, 2.3 * inch, 1.4 * inch]


def _cell(text):
    return Paragraph(str(text), STYLES["BodyText"])


def checklist_rows(items) -> list[list[str]]:
    """The checklist as rows: shared by the page's test and the PDF."""
    rows = [["For", "Proof", "What to send", "Status"]]
    for item in items:
        status = item.status.value
        if item.latest is not None and item.latest.reason:
            status = f"{status}: {item.latest.reason}"
        rows.append([item.person, item.label, item.description, status])
    return rows


def checklist_pdf(*, member, application, items, today: date) -> bytes:
    rows = [[_cell(text) for text in row] for row in checklist_rows(items)]
    return render_letter(title=CHECKLIST_TITLE, member=member, subject=f"Application {application.reference}", story=[
        Paragraph(f"Retirement application {application.reference}, as of {today:%B %-d, %Y}.", STYLES["BodyText"]),
        Paragraph(WRITE_ON_EACH, STYLES["BodyText"]),
        Spacer(1, 10),
        Table(rows, colWidths=COLUMNS, style=TABLE_STYLE, repeatRows=1),
    ])


def _section(heading, rows):
    """A letter's section: its heading and a two-column table of (label, value) rows."""
    return [Spacer(1, 8), Paragraph(heading, STYLES["Heading2"]),
            Table([[_cell(label), _cell(value)] for label, value in rows], colWidths=[2.4 * inch, 4.9 * inch],
                  style=TABLE_STYLE)]


def acknowledgment_pdf(*, member, content, title) -> bytes:
    story = [Paragraph(f"Dear {member.first_name} {member.last_name},", STYLES["BodyText"]),
             Paragraph(f"We received your retirement application {content['reference']} on "
                       f"{content['submitted_on']}. This letter sums up what you chose. The amounts are a "
                       "preliminary estimate: your pension is calculated when we have your final payroll.",
                       STYLES["BodyText"])]
    for section in content["sections"]:
        story += _section(section["heading"], section["rows"])
    story += [Spacer(1, 8), Paragraph("Proofs still to send", STYLES["Heading2"])]
    if content["missing"]:
        story.append(Table([["For", "Proof", "Status"], *[[_cell(c) for c in row] for row in content["missing"]]],
                           colWidths=[2.0 * inch, 3.3 * inch, 2.0 * inch], style=TABLE_STYLE, repeatRows=1))
    else:
        story.append(Paragraph("None: we have every proof we asked for.", STYLES["BodyText"]))
    if content["waiver_required"]:
        story.append(Paragraph("Your spouse must waive the 100% survivor option on the Pension Election and Spousal "
                               "Waiver (R0869G), signed before a notary. We will arrange it with you.",
                               STYLES["BodyText"]))
    return render_letter(title=title, member=member, subject=f"Application {content['reference']}", story=story)


def award_pdf(*, member, content, title) -> bytes:
    """The award letter (``applications.award.letter_content``): its typed rows read as on the page."""
    story = [Paragraph(f"Dear {member.first_name} {member.last_name},", STYLES["BodyText"]),
             Paragraph(f"Your retirement application {content['reference']} is approved. This letter sets out how "
                       "your pension was calculated from your final payroll, what is deducted from it, your "
                       "insurance and your first payment. Keep it: it is also your proof of life insurance "
                       "coverage.", STYLES["BodyText"])]
    for index, section in enumerate(content["sections"]):
        story += _section(section["heading"], [(label, typed_value(kind, value))
                                               for label, kind, value in section["rows"]])
        if index == 0 and content["fac_years"]:
            story += [Spacer(1, 6), Paragraph("Pay counted in your final average compensation", STYLES["Heading3"]),
                      Table([["From", "To", "Pay", "Service (years)"],
                             *[[typed_value("date", start), typed_value("date", end), typed_value("money", amount),
                                typed_value("yos", service)] for start, end, amount, service in content["fac_years"]]],
                            colWidths=[1.8 * inch, 1.8 * inch, 1.9 * inch, 1.8 * inch], style=TABLE_STYLE,
                            repeatRows=1)]
    story.append(Paragraph("If you disagree with this determination you may ask for a review in writing.",
                           STYLES["BodyText"]))
    return render_letter(title=title, member=member, subject=f"Application {content['reference']}", story=story)
