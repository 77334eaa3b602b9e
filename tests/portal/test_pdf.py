"""The letterhead every letter shares (portal.pdf): office block, member on each page, page numbers, metadata."""

import io

import pikepdf
import pytest
from reportlab.platypus import Paragraph

from portal import pdf
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MemberFactory(first_name="Dana", last_name="Kowalski", member_id="20240077")


def pages_text(content):
    with pikepdf.open(io.BytesIO(content)) as document:
        return [page.Contents.read_bytes() for page in document.pages]


def long_story(paragraphs=120):
    return [Paragraph(f"Paragraph {n} of the letter.", pdf.STYLES["BodyText"]) for n in range(paragraphs)]


def test_every_page_carries_the_members_name_and_id_and_its_page_number(member):
    pages = pages_text(pdf.render_letter(title="Award letter", member=member, story=long_story()))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        footer = pdf.footer_text(member, number, len(pages))
        assert footer == f"Dana Kowalski, member ID 20240077 — page {number} of {len(pages)}"
        assert footer.encode("cp1252").replace(b"\x97", b"\\227") in text  # the dash is escaped in the stream


def test_every_page_carries_the_offices_name_and_address(member):
    for text in pages_text(pdf.render_letter(title="Award letter", member=member, story=long_story())):
        assert pdf.OFFICE_NAME.encode() in text
        assert all(line.encode() in text for line in pdf.OFFICE_ADDRESS)


def test_the_file_names_its_title_author_subject_and_language(member):
    content = pdf.render_letter(title="Award letter", subject="Your pension award", member=member, story=[])
    with pikepdf.open(io.BytesIO(content)) as document:
        info = document.docinfo
        assert (str(info["/Title"]), str(info["/Author"]), str(info["/Subject"])) == (
            "Award letter", pdf.OFFICE_NAME, "Your pension award")
        assert str(document.Root.Lang) == pdf.LANGUAGE


def test_the_title_is_the_letters_heading(member):
    (text,) = pages_text(pdf.render_letter(title="Billing statement", member=member, story=[]))
    assert b"Billing statement" in text


def test_a_wide_letter_is_landscape(member):
    content = pdf.render_letter(title="Compared", member=member, story=[], wide=True)
    with pikepdf.open(io.BytesIO(content)) as document:
        x0, y0, x1, y1 = (float(v) for v in document.pages[0].MediaBox)
        assert x1 - x0 > y1 - y0
