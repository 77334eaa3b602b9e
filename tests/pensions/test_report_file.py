"""The employer-report file staff upload (pensions.report_file): checked before the loader reads it — size, name,
text rather than a binary format, virus scan — each refusal with its message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from pensions import report_file
from tests.clamav_signatures import EICAR

CSV = b"member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,gross_wages\n"


def refusal(name, content):
    with pytest.raises(ValidationError) as refused:
        report_file.read_report_file(SimpleUploadedFile(name, content))
    return refused.value.messages


def test_a_csv_file_is_read_with_its_name_sanitised():
    checked = report_file.read_report_file(SimpleUploadedFile("../payroll/final\u202e.csv", CSV))
    assert checked == report_file.ReportFile(content=CSV, name="final.csv")


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = len(CSV) - 1
    assert refusal("final.csv", CSV) == [report_file.TOO_LARGE.format(max_mb=0)]


def test_an_empty_file_is_refused():
    assert refusal("final.csv", b"") == [report_file.EMPTY]


@pytest.mark.parametrize(("name", "content"), [
    ("final.xlsx", CSV),
    ("final.csv", b"PK\x03\x04" + b"\x14\x00" * 20),  # a spreadsheet (zip) saved under a CSV name
    ("final.csv", CSV.replace(b",", b"\x00")),
])
def test_what_is_not_a_csv_text_file_is_refused(name, content):
    assert refusal(name, content) == [report_file.NOT_CSV]


def test_a_file_with_a_virus_is_refused():
    assert refusal("final.csv", EICAR) == [report_file.VIRUS]
