"""How the portal shows numbers and dates, the same on every page (issue 15 item 3): one filter each, built into
every template (settings.TEMPLATES "builtins"), so no page formats an amount its own way.

- ``money``: cents, half-up, with thousands separators — "10,760.82" (the page writes the "$").
- ``yos``: years of service to four decimals (RULES preamble: "shown to four decimals (e.g. 29.8240)").
- ``long_date``: "July 1, 2026".
- ``plain_words``: the system's abbreviations spelled out (portal.glossary), for text the pension engine wrote.
"""

from datetime import date
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html_join

from pensions.engine.money import cents, four_places
from portal import glossary

register = template.Library()

LONG_DATE = "F j, Y"
# English whatever the process's locale (calendar.month_name follows it): the portal has one language.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def money(value):
    """RULES preamble: "round each displayed amount to cents, half-up"."""
    if value is None or value == "":
        return ""
    return f"{cents(_decimal(value)):,.2f}"


@register.filter
def money_rows(rows):
    """Table rows of amounts — ``(heading, [amount, …])`` each — as ``<tr>``s: the heading a row header, each amount
    in dollars as ``money`` writes it. A long table of amounts is a loop in Python instead of a template loop per
    cell (the estimate's chart table: 21 rows of 4 to 8 amounts, issue 16)."""
    return format_html_join("", "<tr><th scope=\"row\">{}</th>{}</tr>", (
        (heading, format_html_join("", '<td class="text-end">${}</td>', ((money(value),) for value in values)))
        for heading, values in rows))


@register.filter
def yos(value):
    if value is None or value == "":
        return ""
    return f"{four_places(_decimal(value)):,.4f}"


@register.filter
def long_date(value):
    """A date, or the ISO text of one (the engine's JSON results carry dates as "2026-07-01"), as "July 1, 2026"."""
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return ""  # as Django's date filter does with what is not a date
    if isinstance(value, date):
        # What date_filter(value, LONG_DATE) gives, without its per-call format parsing and translation lookups
        # (~0.1 ms, and a page shows dozens of dates): tests/portal/test_formatting.py compares the two.
        return f"{MONTH_NAMES[value.month - 1]} {value.day}, {value.year}"
    return date_filter(value, LONG_DATE)


@register.filter
def plain_words(text):
    return glossary.plain_words(text)
