"""One way to show money, years of service and dates on every page, and plain words for the system's
abbreviations (issue 15 item 3)."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from portal.glossary import plain_words
from portal.templatetags.portal_format import long_date, money, money_rows, yos


@pytest.mark.parametrize("value,shown", [
    (Decimal("10760.8200000000"), "10,760.82"),
    (Decimal("0.005"), "0.01"),  # half-up (RULES preamble)
    (Decimal("1234567"), "1,234,567.00"),
    ("2025.5", "2,025.50"),
    (None, ""),
])
def test_money_has_thousands_separators_and_two_decimals(value, shown):
    assert money(value) == shown


@pytest.mark.parametrize("value,shown", [(Decimal("29.824"), "29.8240"), (Decimal("0.76923077"), "0.7692"),
                                         (Decimal("1.00005"), "1.0001")])
def test_years_of_service_have_four_decimals(value, shown):
    assert yos(value) == shown


def test_dates_are_in_the_one_long_form():
    assert long_date(datetime.date(2026, 7, 1)) == "July 1, 2026"


def test_the_long_date_is_what_djangos_date_filter_gives_in_every_month():
    days = [datetime.date(2027, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    days.append(datetime.datetime(2027, 3, 4, 23, 30, tzinfo=datetime.UTC))
    assert [long_date(day) for day in days] == [date_filter(day, "F j, Y") for day in days]


def test_rows_of_amounts_are_table_rows_with_each_amount_in_dollars():
    rows = [("2027", [Decimal("2500.125"), Decimal("12")]), ("<2028>", [Decimal("0")])]
    assert money_rows(rows) == ('<tr><th scope="row">2027</th><td class="text-end">$2,500.13</td>'
                                '<td class="text-end">$12.00</td></tr>'
                                '<tr><th scope="row">&lt;2028&gt;</th><td class="text-end">$0.00</td></tr>')


def test_the_engines_iso_dates_read_the_same():
    assert long_date("2026-07-01") == "July 1, 2026"
    assert long_date("not a date") == ""


def test_the_filters_need_no_load_tag_in_any_template():
    template = engines["django"].from_string("${{ amount|money }} · {{ years|yos }} · {{ day|long_date }}")
    assert template.render({"amount": Decimal("10760.8"), "years": Decimal("3"),
                            "day": datetime.date(2026, 12, 18)}) == "$10,760.80 · 3.0000 · December 18, 2026"


def test_the_engines_abbreviations_are_spelled_out():
    assert plain_words("age 59y 11m on the RED is under 60; YOS 4.0000 below 10; FAC years") == (
        "age 59y 11m on the retirement effective date is under 60; years of service 4.0000 below 10; "
        "final average compensation years")


def test_words_merely_containing_an_abbreviation_are_left_alone():
    assert plain_words("REDUCED and FACILITY") == "REDUCED and FACILITY"


@pytest.mark.django_db
def test_the_glossary_is_linked_from_every_pages_footer_and_explains_the_abbreviations(client):
    assert f'href="{reverse("glossary")}"' in client.get(reverse("account_login")).content.decode()
    body = client.get(reverse("glossary")).content.decode()
    for abbreviation, meaning in (("YOS", "years of service"), ("RED", "retirement effective date"),
                                  ("FAC", "final average compensation")):
        assert f'<abbr title="{meaning}">{abbreviation}</abbr>' in body
