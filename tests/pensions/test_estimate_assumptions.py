"""A saved estimate shows what it assumed besides the record — the beneficiary's birth date, the wage increase, the
projected and purchased service, the date it was run — on the saved list, the comparison and its PDF, and the
estimate form starts from the survivor beneficiary on file (issue 15 item 4)."""

import datetime
import io
import re

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

from pensions.pdf import comparison_rows, estimates_comparison_pdf
from portal.templatetags.portal_format import long_date
from tests.pensions.factories import ESTIMATE_CHOICES, biweekly_history, name_survivor, saved_estimate

pytestmark = pytest.mark.django_db

PURCHASE = {**ESTIMATE_CHOICES, "purchases": [{"type": "UNIVERSAL_BUY_IN", "years": "1.5"}],
            "social_security_fra": "1850"}
LEFT_TO_PROJECT = {key: value for key, value in ESTIMATE_CHOICES.items()
                   if key not in ("projected_yos", "beneficiary_birth_date", "projected_wage_increase")}


@pytest.fixture
def record(member):
    biweekly_history(member, years=12)
    return member


def test_the_saved_list_shows_what_each_estimate_assumed(member_client, record):
    saved_estimate(record, name="With a purchase", choices=PURCHASE)
    body = member_client.get(reverse("pensions:estimates")).content.decode()
    for shown in ("Beneficiary&#x27;s date of birth", "August 9, 1966", "2.00% a year", "4.5000 years (your figure)",
                  "Universal buy-in, 1.5000 years", "$1,850.00 a month",
                  f"Date run</dt><dd class=\"col-sm-7\">{long_date(timezone.localdate())}"):
        assert shown in body, shown


def test_an_estimate_left_to_project_shows_the_service_the_engine_projected(member_client, record):
    saved = saved_estimate(record, name="Projected", choices=LEFT_TO_PROJECT)
    projected = saved.result["service"]["projected_yos"]
    body = member_client.get(reverse("pensions:estimates")).content.decode()
    assert f"{projected} years (from your pay cycle and hours to the retirement date)" in body
    assert "None given (straight life only)" in body and "None (pay stays as last reported)" in body


def test_the_comparison_lines_up_the_assumptions_of_each_estimate(member_client, record):
    saved_estimate(record, name="Bought", choices=PURCHASE)
    saved_estimate(record, name="Plain", choices=LEFT_TO_PROJECT)
    rows = {row[0]: row[1:] for row in member_client.get(reverse("pensions:estimates_compare")).context["rows"]}
    assert rows["Beneficiary's date of birth"] == ["August 9, 1966", "None given (straight life only)"]
    assert rows["Yearly wage increase"] == ["2.00% a year", "None (pay stays as last reported)"]
    assert rows["Purchased service"] == ["Universal buy-in, 1.5000 years", "None"]
    assert rows["Date run"] == [long_date(timezone.localdate())] * 2


def pdf_text(content: bytes) -> str:
    """The PDF's drawn strings joined by spaces, so a cell wrapped over two lines reads as one."""
    with pikepdf.open(io.BytesIO(content)) as document:
        stream = b"".join(page.Contents.read_bytes() for page in document.pages)
    strings = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", stream)
    return " ".join(re.sub(rb"\\(.)", rb"\1", string).decode("latin-1") for string in strings)


def test_the_comparison_pdf_prints_the_assumptions(record):
    estimates = [saved_estimate(record, name="Bought", choices=PURCHASE)]
    text = pdf_text(estimates_comparison_pdf(member=record, estimates=estimates, today=datetime.date(2026, 1, 2)))
    assumed = comparison_rows(estimates)[3:9]
    assert [label for label, _ in assumed][-1] == "Date run"
    for label, value in assumed:
        assert label in text and value in text, label


def test_a_saved_estimate_page_shows_the_day_it_was_run(member_client, record):
    saved = saved_estimate(record, choices=PURCHASE)
    body = member_client.get(reverse("pensions:estimate", args=[saved.pk])).content.decode()
    assert "What this estimate assumes" in body and "Universal buy-in, 1.5000 years" in body


def test_the_estimate_form_starts_with_the_survivor_beneficiary_on_file(member_client, record):
    name_survivor(record, birth_date=datetime.date(1960, 1, 1))
    name_survivor(record, name="A later choice", birth_date=datetime.date(1968, 4, 12))
    form = member_client.get(reverse("pensions:estimates")).context["form"]
    assert form["beneficiary_birth_date"].value() == datetime.date(1968, 4, 12)


def test_without_a_survivor_on_file_the_beneficiary_birth_date_starts_blank(member_client, record):
    form = member_client.get(reverse("pensions:estimates")).context["form"]
    assert form["beneficiary_birth_date"].value() is None


def test_the_save_page_shows_what_the_estimate_being_saved_assumes(member_client, record):
    member_client.post(reverse("pensions:estimates"), {
        "retirement_effective_date": "2031-06-01", "retirement_type": "SERVICE", "beneficiary_birth_date": "1966-08-09",
        "projected_wage_increase": "3"})
    body = member_client.get(reverse("pensions:estimate_save")).content.decode()
    assert "The estimate you are saving" in body and "June 1, 2031" in body and "3.00% a year" in body
