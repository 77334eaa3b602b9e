"""An employer-report file uploaded by staff (the final pay report on the staff application page, issue 19 item 3):
checked before the loader reads it, like every upload (SECURITY.md FI-2, FI-3, FI-9) — at most ``UPLOAD_MAX_BYTES``
(refused by the declared size before anything is read), named ``.csv``, plain text rather than a binary format under
a CSV name, and virus-scanned (fail closed). The CSV itself is then checked row by row by the loader
(``pensions.employer_report``), whose refusals name each row. The bytes are never stored: only what the loader
reads from them."""

from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings

from accounts.scanning import ScanUnavailable, get_scanner
from accounts.uploads import MB, sanitise_name

TOO_LARGE = "This file is larger than {max_mb} MB: an employer report this large is loaded with manage.py."
EMPTY = "This file is empty: choose the employer's report again."
NOT_CSV = "This is not a CSV file: choose the employer's report saved as CSV (its name ends in .csv)."
VIRUS = "This file contains a virus or other harmful content: it was not read. Ask the employer for a clean copy."
SCAN_UNAVAILABLE = "The file could not be checked for viruses just now: try again in a few minutes."


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    name: str  # sanitised, for the loader's record of the file


def read_report_file(uploaded_file) -> ReportFile:
    """The checked bytes of ``uploaded_file``, or ValidationError with the reason."""
    limit = settings.UPLOAD_MAX_BYTES
    too_large = forms.ValidationError(TOO_LARGE.format(max_mb=limit // MB), code="too_large")
    if (getattr(uploaded_file, "size", None) or 0) > limit:
        raise too_large
    uploaded_file.seek(0)
    content = uploaded_file.read(limit + 1)
    if len(content) > limit:
        raise too_large
    if not content:
        raise forms.ValidationError(EMPTY, code="empty")
    name = sanitise_name(uploaded_file.name)
    if not name.lower().endswith(".csv") or b"\0" in content or filetype.guess(content) is not None:
        raise forms.ValidationError(NOT_CSV, code="not_csv")
    try:
        threat = get_scanner().scan(content)
    except ScanUnavailable:
        raise forms.ValidationError(SCAN_UNAVAILABLE, code="scan_unavailable") from None
    if threat:
        raise forms.ValidationError(VIRUS, code="virus")
    return ReportFile(content=content, name=name)


class EmployerReportField(forms.FileField):
    """A file input whose cleaned value is a checked ``ReportFile``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"The employer's report as CSV (docs/employer-report-format.md), up to "
                                       f"{settings.UPLOAD_MAX_BYTES // MB} MB.")
        kwargs.setdefault("error_messages", {"empty": EMPTY})
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".csv,text/csv")

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return read_report_file(value) if value else value
