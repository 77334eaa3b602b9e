"""One letterhead and one style sheet for every letter and statement the office sends as a PDF (ReportLab: no system
libraries, milliseconds a page). Every page carries the office's name and address at the top and, at the foot, the
member's name and ID with "Page N of M", so a page that comes loose still says whose it is. The file names its
title, author, subject and language for screen readers and document lists. The letter's own content is a list of
ReportLab flowables built with :data:`STYLES` and :data:`TABLE_STYLE`; :func:`render_letter` lays it out.
"""

import io
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle

OFFICE_NAME = "Office of Retirement Services"
# The office's mailing address and phone line as printed on its forms and letters (michigan.gov/ors, "Contact ORS";
# the phone line is the one the portal's footer gives).
OFFICE_ADDRESS = ("P.O. Box 30171", "Lansing, MI 48909-7671", "1-800-381-5111")
LANGUAGE = "en-US"
MARGIN = 0.6 * inch
LETTERHEAD_HEIGHT = 0.75 * inch

STYLES = getSampleStyleSheet()
TABLE_STYLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
    ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def footer_text(member, page, pages):
    return f"{member.full_name}, member ID {member.member_id} — page {page} of {pages}"


class _LetterCanvas(Canvas):
    """Draws each page's foot once the page count is known (pages are held until the document is saved)."""

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self._member, self._pages = member, []

    def showPage(self):  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, len(self._pages))
            super().showPage()
        super().save()

    def _draw_footer(self, page, pages):
        width, _ = self._pagesize
        self.setFont("Helvetica", 8)
        self.setFillColor(colors.black)
        self.drawCentredString(width / 2, MARGIN / 2, footer_text(self._member, page, pages))


def _letterhead(canvas, document):
    width, height = document.pagesize
    top = height - MARGIN
    canvas.saveState()
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(MARGIN, top - 12, OFFICE_NAME)
    canvas.setFont("Helvetica", 8)
    for number, line in enumerate(OFFICE_ADDRESS):
        canvas.drawRightString(width - MARGIN, top - 8 - 10 * number, line)
    canvas.setStrokeColor(colors.HexColor("#1f4e79"))
    canvas.line(MARGIN, top - LETTERHEAD_HEIGHT + 12, width - MARGIN, top - LETTERHEAD_HEIGHT + 12)
    canvas.restoreState()


def render_letter(*, title, member, story, subject="", wide=False) -> bytes:
    """The PDF of one letter to ``member``: the letterhead, ``title`` as its heading, then ``story`` (flowables)."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(letter) if wide else letter, title=title, author=OFFICE_NAME,
        subject=subject or title, creator=OFFICE_NAME, lang=LANGUAGE, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + LETTERHEAD_HEIGHT, bottomMargin=MARGIN + 12)
    document.build([Paragraph(title, STYLES["Title"]), Spacer(1, 6), *story], onFirstPage=_letterhead,
                   onLaterPages=_letterhead, canvasmaker=partial(_LetterCanvas, member=member))
    return buffer.getvalue()
