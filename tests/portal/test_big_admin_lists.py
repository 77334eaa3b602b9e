"""The staff lists of tables that grow per member per period never read the whole table (issue 16, item 5).

The pay periods and the audit trail get a million rows each, the other big tables 200,000 (INSERT … SELECT over
generate_series, then ANALYZE); every query the admin runs for each list, as a superuser requests it, is EXPLAINed,
and a sequential scan of a big table fails the test."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEntry, Member, OutboundEmail
from pensions.models import ContributionYear, PayPeriodReport, ServiceCreditEntry
from tests.factories import EmployerFactory, MemberFactory, StaffUserFactory
from tests.pensions.factories import ContributionYearFactory, ServiceCreditEntryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROWS = 1_000_000  # pay periods (50 a member) and audit entries
OTHER_ROWS = 200_000  # contribution years and service-credit entries (10 a member), e-mails
MEMBERS = 20_000
BIG_TABLES = {model._meta.db_table for model in (PayPeriodReport, AuditEntry, ServiceCreditEntry, ContributionYear,
                                                 OutboundEmail)}
STAFF_EMAIL = "staff.auditor@ors.example"


def insert_select(model, source: str, values: dict[str, str]) -> None:
    """INSERT INTO model's table (the columns named) SELECT the given SQL expressions FROM `source`."""
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in values)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {', '.join(values.values())} "
                       f"FROM {source}")


def clone_members(template: Member) -> None:
    """MEMBERS members like `template` (the same encrypted SSN, as the list never shows it), IDs 20000000 up."""
    fields = [f.name for f in Member._meta.concrete_fields if f.name not in ("id", "member_id", "ssn_index",
                                                                             "last_name", "user")]
    values = {name: f"m.{connection.ops.quote_name(Member._meta.get_field(name).column)}" for name in fields}
    values |= {"member_id": "(20000000 + g)::text", "ssn_index": "md5(g::text)", "last_name": "'Big' || (g % 997)"}
    insert_select(Member, f"accounts_member m, generate_series(1, {MEMBERS}) g WHERE m.id = {template.pk}", values)


@pytest.fixture
def big_tables():
    """The big tables filled (inside the test's transaction: rolled back after it) and analysed."""
    employer = EmployerFactory(code="BIG")
    template = MemberFactory(employer=employer, member_id="19999999")
    clone_members(template)
    staff = StaffUserFactory(email=STAFF_EMAIL)
    def members(each):
        return f"accounts_member m, generate_series(1, {each}) g WHERE m.member_id >= '20000000'"

    insert_select(PayPeriodReport, members(ROWS // MEMBERS), {
        "member": "m.id", "employer": str(employer.pk), "period_start": "date '1990-01-01' + 14 * g",
        "period_end": "date '1990-01-01' + 14 * g + 13", "pay_cycle": "'BIWEEKLY'",
        **dict.fromkeys(("regular_hours", "credited_hours"), "80"), "fiscal_year": "1990 + g / 26",
        **dict.fromkeys(("overtime_hours", "plan_a_hours", "furlough_hours", "banked_leave_hours",
                         "annual_leave_payout_hours", "overtime_wages", "longevity_pay", "annual_leave_payout",
                         "sick_leave_payout"), "0"), "gross_wages": "2400"})
    contribution = ContributionYearFactory(member=template, fiscal_year=1980)
    credit = ServiceCreditEntryFactory(member=template)
    for model, template_row, values in (
            (ContributionYear, contribution, {"fiscal_year": "1980 + g"}),
            (ServiceCreditEntry, credit, {"credited_on": "date '1990-01-01' + g", "fiscal_year": "1990 + g"})):
        copied = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "member", *values)]
        quoted = {name: f"t.{connection.ops.quote_name(model._meta.get_field(name).column)}" for name in copied}
        source = f"{model._meta.db_table} t, {members(OTHER_ROWS // MEMBERS)} AND t.id = {template_row.pk}"
        insert_select(model, source, {"member": "m.id", **quoted, **values})
    insert_select(AuditEntry, f"generate_series(1, {ROWS}) g", {
        "created_at": "now() - g * interval '1 minute'", "member": f"{template.pk} + 1 + g % {MEMBERS}",
        "actor": f"CASE WHEN g % 10 = 0 THEN {staff.pk} END", "target": "''", "data": "'{}'::jsonb",
        "action": "(ARRAY['accounts.member.record_viewed', 'pensions.payperiod.loaded', "
                  "'insurance.proof.accepted', 'accounts.user.signed_in'])[1 + g % 4]"})
    insert_select(OutboundEmail, f"generate_series(1, {OTHER_ROWS}) g", {
        "dedupe_key": "'big:' || g", "to": f"'person' || (g % {MEMBERS}) || '@example.org'",
        "subject": "'Your statement is ready'", "body": "'Sign in to read it.'", "created_at": "now()",
        "sent_at": "CASE WHEN g % 10000 = 0 THEN NULL ELSE now() END",
        "sending_since": "CASE WHEN g % 20000 = 0 THEN now() END", "attempts": "1", "last_error": "''"})
    with connection.cursor() as cursor:
        for table in ("accounts_member", *BIG_TABLES):
            cursor.execute(f"ANALYZE {table}")


def sequential_scans(plan: dict) -> set[str]:
    scans = {plan["Relation Name"]} if plan["Node Type"] == "Seq Scan" else set()
    for child in plan.get("Plans", []):
        scans |= sequential_scans(child)
    return scans


def big_table_scans(client, url: str) -> dict[str, set[str]]:
    """The queries of the list at `url` that scan a big table sequentially, with the tables they scan."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    found = {}
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue  # the paginator's own EXPLAIN, savepoints, the audit entry of the visit
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if scans := sequential_scans(plan[0]["Plan"]) & BIG_TABLES:
                found[sql[:200]] = scans
    return found


LISTS = {
    "pensions_payperiodreport": ["", "?q=20000123", "?q=Big123", "?q=20000123&pay_cycle__exact=BIWEEKLY",
                                 "?q=20000123&o=4"],
    "pensions_servicecreditentry": ["", "?q=20000123", "?q=Big123", "?q=20000123&category__exact=PURCHASED"],
    "pensions_contributionyear": ["", "?q=20000123", "?q=Big123"],
    "accounts_auditentry": ["", "?p=3", "?q=20000123", f"?q={STAFF_EMAIL}", "?q=pensions.pay", "?area=pensions",
                            "?area=applications", "?area=accounts&q=20000123"],
    "accounts_outboundemail": ["", "?q=person123@example.org", "?sent_at__isempty=1", "?sent_at__isempty=0",
                               "?sending_since__isempty=0"],
}


def test_no_big_list_scans_its_table(big_tables, superuser_client):
    scans = {}
    for changelist, queries in LISTS.items():
        for query in queries:
            url = reverse(f"admin:{changelist}_changelist") + query
            if found := big_table_scans(superuser_client, url):
                scans[url] = found
    assert scans == {}


def test_the_unfiltered_list_of_a_big_table_is_counted_from_the_planner_statistics(superuser_client):
    entry = {"action": "'accounts.user.signed_in'", "target": "''", "data": "'{}'::jsonb"}
    insert_select(AuditEntry, "generate_series(1, 20000) g", entry)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_auditentry")
    insert_select(AuditEntry, "generate_series(1, 10) g", entry)  # not analysed
    with CaptureQueriesContext(connection) as queries:
        response = superuser_client.get(reverse("admin:accounts_auditentry_changelist"))
    assert response.context["cl"].result_count == 20000  # the estimate; the table holds 20,010 rows
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "accounts_auditentry" in q["sql"]]
