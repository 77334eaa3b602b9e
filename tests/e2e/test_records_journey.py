"""A member with a long record looks at their service credit and eligibility, and downloads their record.

Every page visited passes check_page: axe-core at WCAG 2.1 A/AA, no CSP violation, no console error, a visible
sign-out control.
"""

import csv
import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pensions.engine.money import four_places
from pensions.engine.plans import System
from pensions.engine.service import PayCycle, PayPeriod, credited_service
from pensions.models import PayPeriodReport
from tests.e2e.conftest import check_page, submit
from tests.e2e.conftest import sign_in as sign_in_here
from tests.factories import ClaimedMemberFactory
from tests.pensions.factories import (
    ESTIMATE_CHOICES,
    ContributionYearFactory,
    ServiceCreditEntryFactory,
    biweekly_history,
    saved_estimate,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def long_record(transactional_db):
    member = ClaimedMemberFactory(first_name="Morgan", user__email="morgan@example.org")
    biweekly_history(member, years=25, hours=Decimal(80))
    for year in (2024, 2025, 2026):
        ContributionYearFactory(member=member, fiscal_year=year)
    ServiceCreditEntryFactory(member=member, years=Decimal("1.2500"))
    return member


def engine_yos(member):
    """The engine's credited YOS for the record: pay periods under the caps of RULES §2, plus the purchase."""
    periods = [PayPeriod(p.period_start, p.period_end, PayCycle(p.pay_cycle), p.regular_hours)
               for p in PayPeriodReport.objects.filter(member=member)]
    return four_places(credited_service(periods, System.SERS).yos + Decimal("1.25"))


def sign_in(page, member, path="/dashboard/"):
    page.goto(path)
    sign_in_here(page, member.user.email)


def test_a_member_reads_their_service_credit_and_downloads_their_record(page, long_record):
    sign_in(page, long_record)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("region", name="Service credit")).to_contain_text(f"{engine_yos(long_record)} years")
    expect(page.get_by_role("region", name="When you could retire")).to_contain_text(
        "Full pension at age 60 with 10 years")
    check_page(page, signed_in=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Service credit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service credit")
    expect(page.get_by_role("img", name="Years of service credited each fiscal year")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Hours, service credit, wages and contributions"))
    expect(table.get_by_role("row")).to_have_count(2 + 26)  # header, 26 fiscal years, total
    check_page(page, signed_in=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your record (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"service-credit-{long_record.member_id}.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0][0] == "Fiscal year" and len([r for r in rows[1:] if r and r[0].isdigit()]) == 25 * 26


def test_a_member_names_a_survivor_beneficiary_then_refund_beneficiaries(page, long_record):
    sign_in(page, long_record, "/beneficiaries/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Beneficiaries")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Name your survivor pension beneficiary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survivor pension beneficiary")
    check_page(page, signed_in=True)
    # A trust is refused, with the reason, and nothing is saved.
    page.get_by_label("Full name").fill("Morgan Family Trust")
    page.get_by_label("Relationship to you").select_option("TRUST")
    page.get_by_label("Date of birth").fill("1970-02-03")
    submit(page, "Save beneficiary")
    expect(page.get_by_role("alert")).to_contain_text("never to a trust")
    check_page(page, signed_in=True)
    # The trustee, a person, is accepted.
    page.get_by_label("Full name").fill("Casey Morgan")
    page.get_by_label("Relationship to you").select_option("SPOUSE")
    page.get_by_label("Trust this person is trustee of (if any)").fill("Morgan Family Trust")
    submit(page, "Save beneficiary")
    expect(page).to_have_url(re.compile(r"/beneficiaries/$"))
    expect(page.get_by_role("status")).to_contain_text("Your survivor pension beneficiary is on file.")
    expect(page.get_by_role("region", name="Survivor pension beneficiary", exact=True)).to_contain_text(
        "Casey Morgan (trustee of Morgan Family Trust)")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Name your refund beneficiaries").click()
    page.get_by_label("Beneficiary 1: full name or organization").fill("Riley Morgan")
    page.get_by_label("Beneficiary 1: relationship").select_option("CHILD")
    page.get_by_label("Beneficiary 1: share (%)").fill("50")
    page.get_by_label("Beneficiary 2: full name or organization").fill("Lakeshore Food Bank")
    page.get_by_label("Beneficiary 2: relationship").select_option("ORGANIZATION")
    page.get_by_label("Beneficiary 2: share (%)").fill("40")
    submit(page, "Save refund beneficiaries")
    expect(page.get_by_role("alert")).to_contain_text("they add up to 90%")
    check_page(page, signed_in=True)
    page.get_by_label("Beneficiary 2: share (%)").fill("50")
    submit(page, "Save refund beneficiaries")
    expect(page.get_by_role("region", name="Refund beneficiaries", exact=True)).to_contain_text("Lakeshore Food Bank")
    check_page(page, signed_in=True)

    # A change keeps the earlier designation, which opens from the history.
    page.get_by_role("link", name="Change your survivor pension beneficiary").click()
    page.get_by_label("Full name").fill("Jordan Morgan")
    page.get_by_label("Relationship to you").select_option("SPOUSE")
    page.get_by_label("Date of birth").fill("1970-02-03")
    submit(page, "Save beneficiary")
    history = page.get_by_role("table", name="Designations you replaced, newest first")
    history.get_by_role("link", name="Survivor pension beneficiary").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survivor pension beneficiary")
    expect(page.get_by_role("main")).to_contain_text("Casey Morgan")
    check_page(page, signed_in=True)


def run_estimate(page, red, *, beneficiary="1968-04-02"):
    page.get_by_label("Retirement effective date").fill(red)
    page.get_by_label("Survivor beneficiary's date of birth").fill(beneficiary)
    page.get_by_label("Service you expect to add until then (years)").fill("3")
    submit(page, "Estimate my pension")


def test_a_member_runs_saves_and_compares_estimates(page, long_record):
    sign_in(page, long_record, "/estimates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Estimates")
    check_page(page, signed_in=True)

    # A date that is not the first of a month is refused with the reason.
    run_estimate(page, "2030-06-15")
    expect(page.get_by_text("A retirement effective date is always the first day of a month.")).to_be_visible()
    check_page(page, signed_in=True)

    run_estimate(page, "2030-06-01")
    result = page.get_by_role("region", name="Your estimate")
    expect(result).to_contain_text("Eligible under")
    expect(result.get_by_role("table", name=re.compile("Every payment option"))).to_contain_text("100% survivor")
    expect(page.get_by_role("img", name=re.compile("Monthly amount of each option"))).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_label("Name this estimate").fill("June 2030")
    submit(page, "Save estimate")
    expect(page.get_by_role("heading", level=1)).to_have_text("June 2030")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="All estimates").click()
    run_estimate(page, "2033-06-01")
    page.get_by_label("Name this estimate").fill("June 2033")
    submit(page, "Save estimate")

    page.get_by_role("link", name="All estimates").click()
    page.get_by_role("link", name="Compare your saved estimates").click()
    table = page.get_by_role("table", name="Your saved estimates compared")
    expect(table.get_by_role("columnheader")).to_have_text(["June 2030", "June 2033"])
    expect(table).to_contain_text("June 1, 2033")
    expect(table.get_by_role("row", name=re.compile("Beneficiary's date of birth")).get_by_role("cell")).to_have_text(
        ["April 2, 1968", "April 2, 1968"])
    expect(table.get_by_role("row", name=re.compile("Projected service"))).to_contain_text("3.0000 years (your figure)")
    check_page(page, signed_in=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the comparison (PDF)").click()
    assert open(download_info.value.path(), "rb").read(4) == b"%PDF"

    # Rename one, delete the other.
    page.goto("/estimates/")
    page.get_by_role("link", name="Rename June 2030").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rename “June 2030”")
    check_page(page, signed_in=True)
    page.get_by_label("Name this estimate").fill("Early, June 2030")
    submit(page, "Rename")
    page.goto("/estimates/")
    page.get_by_role("link", name="Delete June 2033").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete “June 2033”?")
    check_page(page, signed_in=True)
    submit(page, "Delete estimate")  # without the confirmation: refused, with the reason
    expect(page.get_by_text("Tick the box to confirm that you want to delete it.")).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_label("Yes, delete this saved estimate").check()
    submit(page, "Delete estimate")
    expect(page.get_by_role("link", name="Early, June 2030", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="June 2033", exact=True)).to_have_count(0)
    check_page(page, signed_in=True)


def test_a_fifth_save_replaces_the_saved_estimate_the_member_picks(page, long_record):
    for year in (2030, 2031, 2032, 2033):
        saved_estimate(long_record, name=f"June {year}",
                       choices={**ESTIMATE_CHOICES, "retirement_effective_date": f"{year}-06-01"})
    sign_in(page, long_record, "/estimates/")
    expect(page.get_by_role("region", name="Your saved estimates (4 of 4)")).to_contain_text("Date run")
    check_page(page, signed_in=True)
    run_estimate(page, "2034-06-01")
    choice = page.get_by_role("group", name=re.compile("Which one should this estimate replace?"))
    expect(choice.get_by_role("radio")).to_have_count(4)
    check_page(page, signed_in=True)
    page.get_by_label("Name this estimate").fill("June 2034")
    submit(page, "Save, replacing the one chosen")  # none chosen: asked again, nothing lost
    expect(page.get_by_text("Choose the saved estimate this one replaces.")).to_be_visible()
    expect(page.get_by_role("region", name="The estimate you are saving")).to_contain_text("June 1, 2034")
    check_page(page, signed_in=True)
    page.get_by_role("radio", name=re.compile("June 2031")).check()
    submit(page, "Save, replacing the one chosen")
    expect(page.get_by_role("heading", level=1)).to_have_text("June 2034")
    page.get_by_role("link", name="All estimates").click()
    expect(page.get_by_role("link", name="June 2031", exact=True)).to_have_count(0)
    expect(page.get_by_role("region", name="Your saved estimates (4 of 4)")).to_contain_text("June 1, 2034")


def test_a_member_requests_a_billing_statement_and_opens_it_from_documents(page, long_record):
    sign_in(page, long_record, "/service-credit/purchase/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buy service credit")
    check_page(page, signed_in=True)

    page.get_by_label("Type of service to buy").select_option("UNIVERSAL_BUY_IN")
    page.get_by_label("Years to buy").fill("6")
    submit(page, "Show the cost")
    expect(page.get_by_role("alert")).to_contain_text("You can buy at most 3.7500 more years of this type.")  # 1.25 bought
    check_page(page, signed_in=True)

    page.get_by_label("Years to buy").fill("2")
    page.get_by_label("How you would pay").select_option("ROLLOVER")
    page.get_by_label("For a rollover: the plan it comes from").select_option("ROTH_IRA")
    submit(page, "Request a billing statement")
    expect(page.get_by_role("alert")).to_contain_text("cannot be paid by a rollover from a traditional, Roth or SEP IRA")
    page.get_by_label("For a rollover: the plan it comes from").select_option("457")
    submit(page, "Show the cost")
    expect(page.get_by_text("Years of retirement to recover the cost")).to_be_visible()
    check_page(page, signed_in=True)
    submit(page, "Request a billing statement")
    expect(page.get_by_role("heading", level=1)).to_have_text("Billing statement")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Your Documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    check_page(page, signed_in=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download.*Service credit billing statement")).click()
    assert open(download_info.value.path(), "rb").read(4) == b"%PDF"
