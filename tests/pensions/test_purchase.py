"""Service-credit purchase (RULES §2): which types now and why not, the engine's cost and pension increase, the
limits, the payment methods, and the billing statement made once by a task into the member's Documents."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pikepdf
import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError

from accounts.models import Document
from pensions import billing_statements, selectors, services
from pensions.engine import purchase_quote
from pensions.engine.actuarial import service_purchase_cost
from pensions.engine.dates import age_on
from pensions.engine.money import cents
from pensions.engine.purchases import PurchaseType
from pensions.models import CreditCategory, CreditType, PurchaseRequest
from pensions.pdf import billing_statement_rows
from pensions.tasks import produce_billing_statement_task, requeue_billing_statements_task
from portal.templatetags.portal_format import long_date, money
from tests.pensions.factories import ServiceCreditEntryFactory, biweekly_history, purchase_request

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
URL = "pensions:purchase"


@pytest.fixture
def record(member):
    biweekly_history(member, years=12, gross=Decimal("2200.00"))
    return member


def statuses(member):
    return {s.type: s for s in purchase_quote.type_statuses(selectors.purchase_facts_for_member(member=member,
                                                                                              today=TODAY))}


def test_an_active_member_may_buy_the_quoted_types_and_sees_why_not_the_others(record):
    by_type = statuses(record)
    assert by_type[PurchaseType.UNIVERSAL_BUY_IN].allowed and by_type[PurchaseType.UNIVERSAL_BUY_IN].years_left == 5
    assert by_type[PurchaseType.REFUND_REPAYMENT].reason == purchase_quote.NOT_QUOTED_ONLINE
    assert PurchaseType.PARENTAL_LEAVE not in by_type  # an MPSERS type


def test_service_already_bought_uses_up_the_limits(record):
    ServiceCreditEntryFactory(member=record, category=CreditCategory.PURCHASED, credit_type=CreditType.UNIVERSAL_BUY_IN,
                              years=Decimal("4.0000"))
    ServiceCreditEntryFactory(member=record, category=CreditCategory.PURCHASED,
                              credit_type=CreditType.OTHER_STATE_OR_FEDERAL, years=Decimal("5.0000"))
    by_type = statuses(record)
    assert by_type[PurchaseType.UNIVERSAL_BUY_IN].years_left == Decimal("1.0000")  # the 10-year group: 10 − 9
    assert by_type[PurchaseType.OTHER_STATE_OR_FEDERAL].reason == purchase_quote.NO_ROOM


def test_a_deferred_member_and_a_dc_switcher_cannot_buy(record):
    record.status = "DEFERRED"
    record.save()
    assert {s.reason for s in statuses(record).values()} == {purchase_quote.NOT_ACTIVE}
    record.status, record.benefit_structure = "ACTIVE", "DB_DC_BLEND"
    record.save()
    by_type = statuses(record)
    assert by_type[PurchaseType.UNIVERSAL_BUY_IN].reason == purchase_quote.SWITCHED_TO_DC
    assert by_type[PurchaseType.MILITARY_INTERVENING].allowed


def test_the_actuarial_cost_is_the_engines_present_value_of_the_increase(record):
    facts = selectors.purchase_facts_for_member(member=record, today=TODAY)
    quote = purchase_quote.quote(facts, PurchaseType.UNIVERSAL_BUY_IN, Decimal(2), today=TODAY)
    assert cents(quote.annual_pension_increase) == cents(facts.fac * Decimal("0.015") * 2)  # RULES §5: FAC × 1.5% × YOS
    age = age_on(record.date_of_birth, TODAY)
    assert quote.cost == service_purchase_cost(annual_pension_increase=quote.annual_pension_increase,
                                               age_months=age.whole_months,
                                               pension_start_age_months=age.whole_months)  # over 60: starts now
    assert quote.years_to_recover == quote.cost / quote.annual_pension_increase


def test_nonintervening_military_service_costs_5_percent_of_the_highest_previous_year(record):
    facts = selectors.purchase_facts_for_member(member=record, today=TODAY)
    quote = purchase_quote.quote(facts, PurchaseType.MILITARY_NONINTERVENING, Decimal(2), today=TODAY)
    assert facts.highest_fiscal_year_salary == Decimal("2200.00") * 27  # a 27-pay fiscal year
    assert quote.cost == facts.highest_fiscal_year_salary * Decimal("0.05") * 2
    assert purchase_quote.quote(facts, PurchaseType.MILITARY_INTERVENING, Decimal(1), today=TODAY).cost == 0


def test_the_page_shows_the_cost_the_increase_and_the_years_to_recover(member_client, record):
    response = member_client.post(reverse(URL), {"credit_type": "UNIVERSAL_BUY_IN", "years": "2",
                                                 "payment_method": "DIRECT", "quote": "1"})
    quote = response.context["quote"]
    body = response.content.decode()
    # Money as on every page (issue 15 item 3): thousands separated, two decimals.
    assert f"${money(quote['cost'])}" in body and f"${money(quote['annual_pension_increase'])} a year" in body
    assert quote["years_to_recover"] in body
    assert PurchaseRequest.objects.count() == 0  # a quote writes nothing


@pytest.mark.parametrize(("post", "message"), [
    ({"credit_type": "UNIVERSAL_BUY_IN", "years": "6"}, "You can buy at most 5 more years of this type."),
    ({"credit_type": "REFUND_REPAYMENT", "years": "1"}, purchase_quote.NOT_QUOTED_ONLINE),
    ({"credit_type": "UNIVERSAL_BUY_IN", "years": "1", "payment_method": "ROLLOVER", "rollover_source": "ROTH_IRA"},
     services.ROLLOVER_REFUSED),
    ({"credit_type": "UNIVERSAL_BUY_IN", "years": "1", "payment_method": "ROLLOVER", "rollover_source": "SEP_IRA"},
     services.ROLLOVER_REFUSED),
])
def test_a_refused_request_says_why_and_changes_nothing(member_client, record, post, message):
    from django.utils.html import escape

    response = member_client.post(reverse(URL), {"payment_method": "DIRECT", **post, "request": "1"})
    assert response.status_code == 200 and escape(message) in response.content.decode()
    assert PurchaseRequest.objects.count() == 0 and Document.objects.count() == 0


def test_a_request_delivers_the_billing_statement_to_documents(member_client, record,
                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = member_client.post(reverse(URL), {"credit_type": "UNIVERSAL_BUY_IN", "years": "1.5",
                                                     "payment_method": "ROLLOVER", "rollover_source": "403B",
                                                     "request": "1"})
    # enqueued on commit; then, once delivered, the member's notice is sent and the dashboard's version moves
    assert len(callbacks) == 3
    made = PurchaseRequest.objects.get(member=record)
    assert response.url == reverse("pensions:purchase_request", args=[made.pk])
    assert made.status == "READY" and made.statement.member == record and made.statement.kind == "STATEMENT"
    documents = member_client.get(reverse("accounts:documents")).content.decode()
    assert made.statement.title in documents
    download = member_client.get(reverse("accounts:document_download", args=[made.statement.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_request_made_while_the_broker_is_down_is_confirmed_and_its_statement_made_by_the_sweep(
        member_client, record, django_capture_on_commit_callbacks):
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(produce_billing_statement_task, "apply_async", side_effect=refused):
        with django_capture_on_commit_callbacks(execute=True):
            response = member_client.post(reverse(URL), {"credit_type": "UNIVERSAL_BUY_IN", "years": "1.5",
                                                         "payment_method": "DIRECT", "request": "1"})
    made = PurchaseRequest.objects.get(member=record)
    assert response.status_code == 302 and response.url == reverse("pensions:purchase_request", args=[made.pk])
    assert made.status == "QUEUED"
    requeue_billing_statements_task()
    made.refresh_from_db()
    assert made.status == "READY" and made.statement.kind == "STATEMENT"


def test_the_statements_figures_are_the_engines(record):
    made = purchase_request(record, years=Decimal("1.5"))
    facts = selectors.purchase_facts_for_member(member=record, today=TODAY)
    engine = purchase_quote.quote(facts, PurchaseType.UNIVERSAL_BUY_IN, Decimal("1.5"), today=TODAY)
    made.refresh_from_db()
    assert made.quote["cost"] == str(cents(engine.cost))
    assert made.quote["annual_pension_increase"] == str(cents(engine.annual_pension_increase))
    with made.statement.file.open("rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as document:
        text = b"".join(page.Contents.read_bytes() for page in document.pages)
    assert f"${money(engine.cost)}".encode() in text
    assert f"${money(engine.annual_pension_increase)} a year".encode() in text


def test_the_task_run_twice_yields_one_statement(record):
    made = purchase_request(record)
    made.refresh_from_db()
    first = made.statement_id
    produce_billing_statement_task.delay(made.pk)
    produce_billing_statement_task.apply(args=[made.pk])
    assert billing_statements.produce_billing_statement(request_id=made.pk) is False
    made.refresh_from_db()
    assert made.statement_id == first
    assert Document.objects.filter(member=record, kind="STATEMENT").count() == 1


def test_another_members_request_and_statement_are_a_404(member_client, other_member):
    theirs = purchase_request(other_member)
    theirs.refresh_from_db()
    assert member_client.get(reverse("pensions:purchase_request", args=[theirs.pk])).status_code == 404
    assert member_client.get(reverse("accounts:document_download", args=[theirs.statement_id])).status_code == 404


def test_the_statement_prints_its_amounts_with_the_money_filter_and_its_date_in_words(record):
    made = purchase_request(record, years=Decimal("1.5"))
    made.refresh_from_db()
    made.quote = {**made.quote, "cost": "1234.5", "annual_pension_increase": "1200",
                  "monthly_pension_increase": "100", "quoted_on": "2026-07-01"}
    rows = dict(billing_statement_rows(made))
    assert rows["Cost"] == "$1,234.50"
    assert rows["Pension increase"] == "$1,200.00 a year ($100.00 a month)"
    assert rows["Quoted on"] == long_date(datetime.date(2026, 7, 1)) and "2026-07-01" not in rows["Quoted on"]
