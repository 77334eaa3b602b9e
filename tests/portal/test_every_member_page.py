"""Every member page, for a member of each status, reads the same way (issue 15 items 2 and 3): amounts rounded and
separated, no internal citations or abbreviations left unexplained, and no section of another status's portal.
The pages are discovered from the URL resolver (tests/security/urlwalk.py), so a new page is checked too."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from insurance.models import InsuranceProfile
from portal.access import MEMBER
from portal.member_portal import portal_for
from tests.factories import ClaimedMemberFactory, DocumentFactory, MailingAddressFactory
from tests.pensions.factories import (
    ContributionYearFactory,
    ServiceCreditEntryFactory,
    biweekly_history,
    name_refund_beneficiaries,
    name_survivor,
)
from tests.security.urlwalk import routes

pytestmark = pytest.mark.django_db

STATUSES = ["ACTIVE", "DEFERRED", "RETIRED"]

RAW_MONEY = re.compile(r"\$\s?(\d{4,}|[\d,]*\.\d{3,}|[\d,]+\.\d(?!\d))")  # $10760.82, $1.2300, $10.8
LONG_DECIMAL = re.compile(r"\d\.\d{5,}")  # a Decimal shown unrounded
CITATION = re.compile(r"RULES\s*§|§\s*\d|\[\d{3}\]|\bstep \d+\]")
INTERNAL_WORDS = re.compile(r"\b(YOS|RED|FAC)\b")


def member_pages():
    """The member pages a member opens by address: GET pages without an id in the URL (downloads excepted)."""
    return sorted(route.name for route in routes(MEMBER)
                  if not route.kwargs and not route.route.endswith((".csv", ".pdf")) and "download" not in route.name)


def a_member(status):
    member = ClaimedMemberFactory(status=status)
    biweekly_history(member, years=12, hours=Decimal("75.35"), gross=Decimal("2411.37"))
    for year in (2024, 2025, 2026):
        ContributionYearFactory(member=member, fiscal_year=year, member_contributions=Decimal("10760.8200"))
    ServiceCreditEntryFactory(member=member, years=Decimal("1.2500"))
    if status == "ACTIVE":  # a survivor is named before leaving employment (RULES §6)
        name_survivor(member)
    name_refund_beneficiaries(member)
    DocumentFactory(member=member)
    MailingAddressFactory(member=member)
    if status == "RETIRED":
        InsuranceProfile.objects.create(member=member, monthly_pension=Decimal("10760.82"),
                                        retirement_effective_date=datetime.date(2024, 7, 1))
    return member


def visible_text(body):
    main = body.split('<main', 1)[1] if "<main" in body else body
    main = re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


def unexplained_words(body):
    """Internal abbreviations outside an <abbr title="…"> that spells them out."""
    outside = re.sub(r"<abbr title=\"[^\"]+\">[^<]*</abbr>", "", body)
    return INTERNAL_WORDS.findall(visible_text(outside))


@pytest.fixture(scope="module")
def pages():
    return member_pages()


def test_the_sweep_finds_the_member_pages(pages):
    assert {"accounts:dashboard", "pensions:service_credit", "insurance:overview", "pensions:estimates"} <= set(pages)


@pytest.mark.parametrize("status", STATUSES)
def test_every_member_page_reads_plainly_for_each_status(client, status, pages):
    member = a_member(status)
    client.force_login(member.user)
    portal = portal_for(status)
    problems = []
    for name in pages:
        response = client.get(reverse(name))
        if not portal.page_open(name):
            assert response.status_code == 404, name
            continue
        if response.status_code in (301, 302):
            continue
        assert response.status_code == 200, name
        body = response.content.decode()
        text = visible_text(body)
        problems += [(name, "raw money", m.group(0)) for m in RAW_MONEY.finditer(text)]
        problems += [(name, "unrounded", m.group(0)) for m in LONG_DECIMAL.finditer(text)]
        problems += [(name, "citation", m.group(0)) for m in CITATION.finditer(text)]
        problems += [(name, "internal word", word) for word in unexplained_words(body)]
        problems += [(name, "link to a closed page", closed) for closed in sorted(portal.closed)
                     if closed in pages and f'href="{reverse(closed)}"' in body]
        if not portal.retiree and "Your pension" in text:
            problems.append((name, "retiree section", "Your pension"))
    assert problems == [], "\n".join(map(str, problems))
