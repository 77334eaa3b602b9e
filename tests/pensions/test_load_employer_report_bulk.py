"""The employer-report loader at scale (issue 16): one pass over the file gives the ledger the member-by-member path
gave, and its query count does not grow with the number of members."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from pensions import facts
from pensions.models import PayPeriodReport
from pensions.services import credit_periods, load_employer_report
from tests.factories import EmployerFactory, MemberFactory

pytestmark = pytest.mark.django_db

HEADER = "member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,plan_a_hours,gross_wages\n"
FORTNIGHT = timedelta(days=14)


def fortnight_rows(member_id, code, first_start, count, hours="80.00", plan_a=""):
    rows = []
    for n in range(count):
        start = first_start + FORTNIGHT * n
        rows.append(f"{member_id},{code},{start},{start + FORTNIGHT - timedelta(days=1)},BIWEEKLY,{hours},{plan_a},"
                    "2400.00\n")
    return rows


def report(*rows):
    return (HEADER + "".join(rows)).encode()


def per_member_ledger(member):
    """The old loader's path, member by member: every period of the member in ledger order (period end, then id),
    credited again by the engine."""
    periods = list(PayPeriodReport.objects.filter(member=member).order_by("period_end", "id"))
    credit_periods(periods, facts.system_of(member))
    return {p.pk: p.credited_hours for p in periods}


def stored_ledger(member):
    return dict(PayPeriodReport.objects.filter(member=member).values_list("pk", "credited_hours"))


@pytest.fixture
def dtmb():
    return EmployerFactory(code="DTMB")


@pytest.fixture
def corrections():
    return EmployerFactory(code="MDOC")


@pytest.fixture
def mixed_load(dtmb, corrections):
    """Members with records at two employers, then one mixed file: several members, several fiscal years, periods
    ending on the same day as stored ones, and a late-reported period that moves the year's cap onto stored
    periods."""
    members = [MemberFactory(member_id=f"3000000{n}", employer=dtmb) for n in range(4)]
    # Stored first: a full fiscal year 2024 (Oct 2023 – Sep 2024) at the other employer for members 0 and 1, part
    # of one for member 2.
    load_employer_report(content=report(*fortnight_rows("30000000", "MDOC", date(2023, 10, 1), 26),
                                        *fortnight_rows("30000001", "MDOC", date(2023, 10, 1), 26, hours="60.00"),
                                        *fortnight_rows("30000002", "MDOC", date(2024, 3, 3), 10)),
                         filename="mdoc.csv")
    mixed = report(
        # Member 0: part time at DTMB in the same year, ending on the same days as stored periods: the year's cap
        # now falls on periods already on record.
        *fortnight_rows("30000000", "DTMB", date(2024, 1, 7), 4, hours="20.00"),
        *fortnight_rows("30000000", "DTMB", date(2024, 9, 1), 2, hours="20.00"),
        # Member 1: a late-reported period early in the year, plus two periods of the next year.
        *fortnight_rows("30000001", "DTMB", date(2023, 10, 1), 1, hours="40.00"),
        *fortnight_rows("30000001", "DTMB", date(2024, 9, 29), 2),
        # Member 2: three fiscal years, Plan A hours included.
        *fortnight_rows("30000002", "DTMB", date(2022, 9, 4), 4, hours="64.00", plan_a="16.00"),
        *fortnight_rows("30000002", "DTMB", date(2024, 9, 15), 3),
        # Member 3: nothing on record before.
        *fortnight_rows("30000003", "DTMB", date(2023, 6, 4), 30),
    )
    before = {m.pk: stored_ledger(m) for m in members}
    result = load_employer_report(content=mixed, filename="dtmb-mixed.csv")
    return members, before, result


def test_a_mixed_file_leaves_the_ledger_the_member_by_member_path_gives(mixed_load):
    members, _, result = mixed_load
    assert result.created == 6 + 3 + 7 + 30
    for member in members:
        assert stored_ledger(member) == per_member_ledger(member), member.member_id


def test_a_mixed_file_moves_the_credit_of_periods_already_on_record(mixed_load):
    members, before, _ = mixed_load
    member = members[0]
    after = stored_ledger(member)
    moved = {pk for pk, hours in before[member.pk].items() if after[pk] != hours}
    assert moved, "the year's cap should now fall on stored periods"
    assert sum(PayPeriodReport.objects.filter(member=member, fiscal_year=2024)
               .values_list("credited_hours", flat=True)) == Decimal(2080)


def test_a_mixed_file_audits_each_member_once_with_their_periods_and_fiscal_years(mixed_load):
    members, _, result = mixed_load
    entries = {e.member_id: e.data for e in AuditEntry.objects.filter(action="pensions.payperiod.loaded",
                                                                       target=f"report:{result.report.pk}")}
    assert entries == {
        members[0].pk: {"periods": 6, "fiscal_years": [2024]},
        members[1].pk: {"periods": 3, "fiscal_years": [2024, 2025]},
        members[2].pk: {"periods": 7, "fiscal_years": [2022, 2023, 2024, 2025]},
        members[3].pk: {"periods": 30, "fiscal_years": [2023, 2024]},
    }


def rows_for(members, code, first_start, count):
    return [row for member in members for row in fortnight_rows(member.member_id, code, first_start, count)]


def queries_to_load(count, employer):
    """Queries of loading a file of `count` members, each with one period on record and four new ones across two
    fiscal years (2024 and 2025)."""
    members = [MemberFactory(employer=employer) for _ in range(count)]
    load_employer_report(content=report(*rows_for(members, employer.code, date(2024, 8, 4), 1)),
                         filename=f"stored-{count}.csv")
    with CaptureQueriesContext(connection) as queries:
        result = load_employer_report(content=report(*rows_for(members, employer.code, date(2024, 8, 18), 4)),
                                      filename=f"load-{count}.csv")
    assert result.created == 4 * count
    return len(queries)


def test_the_loader_query_count_does_not_grow_with_the_number_of_members(dtmb, corrections):
    # 12 members: still one INSERT batch where bulk_create stands in for COPY (SQLite: 999 parameters a query)
    assert queries_to_load(3, dtmb) == queries_to_load(12, corrections)
