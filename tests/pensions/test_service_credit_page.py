"""The Service credit page and the member's CSV record: totals equal to the engine's (RULES §2)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from pensions.engine.money import four_places
from pensions.engine.plans import System
from pensions.engine.service import PayCycle, PayPeriod, credited_service
from pensions.models import CreditCategory, CreditType
from tests.pensions.factories import ServiceCreditEntryFactory, biweekly_history

pytestmark = pytest.mark.django_db


def engine_yos(periods):
    return credited_service([PayPeriod(p.period_start, p.period_end, PayCycle(p.pay_cycle), p.regular_hours)
                             for p in periods], System.SERS).yos


def test_the_total_earned_service_is_the_engines(member_client, member):
    periods = biweekly_history(member, years=3, hours=Decimal("72.5"))
    response = member_client.get(reverse("pensions:service_credit"))
    page = response.context["page"]
    assert page.earned_from_payroll == four_places(engine_yos(periods))
    assert f"{page.earned_from_payroll}" in response.content.decode()


def test_a_sers_member_reads_that_state_fiscal_years_run_october_to_september(member_client, member):
    assert member.system == "SERS"
    body = member_client.get(reverse("pensions:service_credit")).content.decode()
    assert "state fiscal years run October to September" in body


def test_an_mpsers_member_reads_that_school_fiscal_years_run_july_to_june(member_client, member):
    member.system, member.benefit_structure = "MPSERS", "MIP_PLUS"
    member.save(update_fields=["system", "benefit_structure"])
    body = member_client.get(reverse("pensions:service_credit")).content.decode()
    assert "school fiscal years run July to June" in body


def test_each_fiscal_year_shows_the_engines_credit_and_the_wages(member_client, member):
    biweekly_history(member, years=2, gross=Decimal("1500.00"))
    page = member_client.get(reverse("pensions:service_credit")).context["page"]
    by_year = {year.fiscal_year: year for year in page.years}
    assert by_year[2026].yos == Decimal("1.0000")  # 26 full periods end in FY 2026 (Oct 2025 – Sep 2026)
    assert by_year[2026].gross_wages == Decimal("1500.00") * by_year[2026].periods
    assert sum(year.periods for year in page.years) == 52


def test_the_page_has_a_chart_with_a_text_alternative_and_a_table(member_client, member):
    biweekly_history(member, years=2)
    body = member_client.get(reverse("pensions:service_credit")).content.decode()
    assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in body
    assert "<caption>Hours, service credit, wages and contributions" in body
    assert 'scope="row"' in body


def test_other_service_credit_is_listed_and_act88_never_reaches_the_total(member_client, member):
    biweekly_history(member, years=1)
    ServiceCreditEntryFactory(member=member, category=CreditCategory.ACT_88, credit_type=CreditType.RECIPROCAL,
                              years=Decimal("3.0000"))
    response = member_client.get(reverse("pensions:service_credit"))
    outlook = response.context["page"].standing.outlook
    assert outlook.act88_yos == Decimal("3.0000")
    assert outlook.credited_yos == response.context["page"].earned_from_payroll
    assert "Reciprocal service (Act 88)" in response.content.decode()


def test_the_csv_is_the_members_own_record(member_client, member, other_member):
    periods = biweekly_history(member, years=1)
    biweekly_history(other_member, years=2)
    response = member_client.get(reverse("pensions:service_credit_csv"))
    assert response["Content-Disposition"] == f'attachment; filename="service-credit-{member.member_id}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Fiscal year", "Period start", "Period end"]
    pay_rows = rows[1:]
    assert len(pay_rows) == len(periods)  # one table per file: nothing after the pay periods
    assert sum(Decimal(r[11]) for r in pay_rows) == Decimal("1.0010")  # 26 × 0.0385: each row rounded for display
    assert four_places(sum(Decimal(r[10]) for r in pay_rows) / 2080) == four_places(engine_yos(periods))


def test_a_formula_in_an_employer_name_is_neutralised_in_the_csv(member_client, member):
    member.employer.name = "=HYPERLINK(\"http://evil\")"
    member.employer.save()
    biweekly_history(member, years=1)
    body = member_client.get(reverse("pensions:service_credit_csv")).content.decode()
    assert "'=HYPERLINK" in body


def test_a_member_with_no_record_sees_that_nothing_is_reported(member_client):
    assert "No pay periods have been reported for you yet." in member_client.get(
        reverse("pensions:service_credit")).content.decode()


def test_the_csv_headers_are_words_a_member_reads(member_client, member):
    biweekly_history(member, years=1)
    header = next(csv.reader(io.StringIO(member_client.get(reverse("pensions:service_credit_csv")).content.decode())))
    assert "Service credit in years (rounded)" in header and "Gross wages ($)" in header
    assert not [name for name in header if "_" in name]


def test_other_service_credit_downloads_as_its_own_table(member_client, member, other_member):
    ServiceCreditEntryFactory(member=member, category=CreditCategory.GRANTED, credit_type=CreditType.MILITARY_LEAVE,
                              years=Decimal("1.2500"))
    ServiceCreditEntryFactory(member=other_member, category=CreditCategory.GRANTED,
                              credit_type=CreditType.MILITARY_LEAVE, years=Decimal("2.0000"))
    response = member_client.get(reverse("pensions:other_credit_csv"))
    assert response["Content-Disposition"] == f'attachment; filename="other-service-credit-{member.member_id}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Credited on", "Fiscal year", "Kind", "Type", "Years"]
    assert [row[2:] for row in rows[1:]] == [["Granted", "Military leave during employment", "1.2500"]]


def test_the_page_says_why_the_fiscal_years_and_the_total_differ_by_rounding(member_client, member):
    # 50.3 hours a fortnight: 23 periods in one fiscal year (0.5562), 3 in the next (0.0725), 0.6288 in all.
    biweekly_history(member, years=1, hours=Decimal("50.3"))
    response = member_client.get(reverse("pensions:service_credit"))
    page = response.context["page"]
    assert sum(year.yos for year in page.years) != page.earned_from_payroll
    assert "rounded to four decimals on its own" in response.content.decode()


def test_no_rounding_note_when_the_fiscal_years_add_up_to_the_total(member_client, member):
    biweekly_history(member, years=1)
    assert "rounded to four decimals on its own" not in member_client.get(
        reverse("pensions:service_credit")).content.decode()
