"""The employer-report loader (docs/employer-report-format.md): whole files or nothing, idempotent, credited by the
engine's ledger rules (RULES §2)."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from pensions.employer_report import ReportRejected
from pensions.models import EmployerReport, PayPeriodReport
from pensions.services import load_employer_report
from tests.factories import EmployerFactory, MemberFactory

pytestmark = pytest.mark.django_db

HEADER = ("member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,overtime_hours,plan_a_hours,"
          "gross_wages,overtime_wages,longevity_pay,annual_leave_payout,annual_leave_payout_hours\n")


def row(member_id="10000100", start="2024-09-22", end="2024-10-05", hours="80.00", gross="2400.00", **extra):
    values = {"overtime_hours": "", "plan_a_hours": "", "overtime_wages": "", "longevity_pay": "",
              "annual_leave_payout": "", "annual_leave_payout_hours": "", **extra}
    return (f"{member_id},DTMB,{start},{end},BIWEEKLY,{hours},{values['overtime_hours']},{values['plan_a_hours']},"
            f"{gross},{values['overtime_wages']},{values['longevity_pay']},{values['annual_leave_payout']},"
            f"{values['annual_leave_payout_hours']}\n")


def csv(*rows):
    return (HEADER + "".join(rows)).encode()


@pytest.fixture
def employer():
    return EmployerFactory(code="DTMB", name="Technology, Management and Budget")


@pytest.fixture
def worker(employer):
    return MemberFactory(member_id="10000100", employer=employer)


def fortnights(count, first_start="2023-10-01"):
    from datetime import date, timedelta

    start = date.fromisoformat(first_start)
    return [row(start=(start + timedelta(days=14 * n)).isoformat(),
                end=(start + timedelta(days=14 * n + 13)).isoformat()) for n in range(count)]


def test_it_loads_every_row_of_a_good_file_and_credits_the_periods(worker):
    result = load_employer_report(content=csv(*fortnights(3)), filename="dtmb.csv")
    assert (result.created, result.unchanged, result.already_loaded) == (3, 0, False)
    periods = PayPeriodReport.objects.filter(member=worker)
    assert periods.count() == 3
    assert {p.credited_hours for p in periods} == {Decimal(80)}
    assert {p.fiscal_year for p in periods} == {2024}
    assert AuditEntry.objects.filter(action="pensions.employerreport.loaded").count() == 1


def test_loading_the_same_file_twice_changes_nothing(worker):
    content = csv(*fortnights(3))
    load_employer_report(content=content, filename="dtmb.csv")
    before = list(PayPeriodReport.objects.values())
    again = load_employer_report(content=content, filename="dtmb-again.csv")
    assert again.already_loaded and again.created == 0
    assert list(PayPeriodReport.objects.values()) == before
    assert EmployerReport.objects.count() == 1


def test_rows_already_on_record_in_another_file_are_left_as_they_are(worker):
    load_employer_report(content=csv(*fortnights(2)), filename="first.csv")
    result = load_employer_report(content=csv(*fortnights(3)), filename="second.csv")
    assert (result.created, result.unchanged) == (1, 2)
    assert PayPeriodReport.objects.filter(member=worker).count() == 3


@pytest.mark.parametrize(("bad_row", "reason"), [
    (row(end="2024-02-30"), "period_end must be a real date written YYYY-MM-DD"),
    (row(start="2024-10-06", end="2024-10-05"), "period_end is before period_start"),
    (row(hours="eighty"), "regular_hours must be a number such as 80.00"),
    (row(hours="-4"), "regular_hours must not be negative"),
    (row(gross="12.345"), "gross_wages has more than 2 decimal places"),
    (row(member_id="123"), "member_id must be 8 digits"),
    (row(start="2024-09-01", end="2024-10-05"), "a biweekly period is at most 14 days; this one is 35"),
    (row(annual_leave_payout="5000.00"), "annual_leave_payout needs annual_leave_payout_hours"),
    (row(member_id="99999999"), "member_id 99999999 is not a member on record"),
    (row(start="2023-10-08", end="2023-10-21"), "overlaps the period on row 2"),
])
def test_a_bad_row_refuses_the_whole_file_with_its_row_number_and_reason(worker, bad_row, reason):
    content = csv(*fortnights(2), bad_row)
    with pytest.raises(ReportRejected) as refused:
        load_employer_report(content=content, filename="dtmb.csv")
    assert any(line == 4 and reason in message for line, message in refused.value.errors), refused.value.errors
    assert PayPeriodReport.objects.count() == 0
    assert EmployerReport.objects.count() == 0


def test_a_period_on_record_with_other_figures_is_refused(worker):
    load_employer_report(content=csv(*fortnights(1)), filename="first.csv")
    changed = fortnights(1)[0].replace("2400.00", "2500.00")
    with pytest.raises(ReportRejected) as refused:
        load_employer_report(content=csv(fortnights(2)[1], changed), filename="second.csv")
    assert refused.value.errors == [(3, "this period is already on record with other figures; corrections are made "
                                        "by the Office of Retirement Services")]
    assert PayPeriodReport.objects.count() == 1


def test_a_period_overlapping_one_on_record_is_refused(worker):
    load_employer_report(content=csv(*fortnights(1)), filename="first.csv")
    with pytest.raises(ReportRejected) as refused:
        load_employer_report(content=csv(row(start="2023-10-05", end="2023-10-18")), filename="second.csv")
    assert "overlaps the period 2023-10-01 – 2023-10-14 already on record" in refused.value.errors[0][1]


def test_a_member_of_the_other_system_is_refused(employer):
    MemberFactory(member_id="20000100", system="MPSERS", benefit_structure="MIP_FIXED", employer=None)
    with pytest.raises(ReportRejected) as refused:
        load_employer_report(content=csv(row(member_id="20000100")), filename="x.csv")
    assert refused.value.errors == [(2, "member 20000100 is in MPSERS, the employer in SERS")]


def test_a_file_with_missing_or_unknown_columns_is_refused_at_the_header(worker):
    with pytest.raises(ReportRejected) as refused:
        load_employer_report(content=b"member_id,employer_code,favourite_colour\n", filename="x.csv")
    line, reason = refused.value.errors[0]
    assert line == 1 and "missing column(s): period_start" in reason and "unknown column(s): favourite_colour" in reason


def test_a_later_file_in_the_same_fiscal_year_is_capped_with_the_earlier_one(worker):
    """RULES §2: at most 1 YOS a fiscal year, whichever file reported the periods."""
    all_periods = fortnights(27, first_start="2023-09-18")  # 27 periods ending in FY 2024 (Oct 2023 – Sep 2024)
    load_employer_report(content=csv(*all_periods[:20]), filename="first.csv")
    load_employer_report(content=csv(*all_periods[20:]), filename="second.csv")
    credited = list(PayPeriodReport.objects.filter(member=worker).order_by("period_end")
                    .values_list("credited_hours", flat=True))
    assert sum(credited) == Decimal(2080)
    assert credited[-1] == Decimal(0)


def test_the_command_prints_each_refused_row_and_exits_with_status_2(worker, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv(*fortnights(1), row(hours="x"), row(member_id="1")))
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("load_employer_report", str(path), stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 2
    assert "row 3: regular_hours must be a number such as 80.00" in err.getvalue()
    assert "row 4: member_id must be 8 digits" in err.getvalue()
    assert PayPeriodReport.objects.count() == 0


def test_the_command_loads_a_good_file_then_reports_it_already_loaded(worker, tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(csv(*fortnights(2)))
    out = io.StringIO()
    call_command("load_employer_report", str(path), stdout=out)
    call_command("load_employer_report", str(path), stdout=out)
    assert "2 pay period(s) loaded" in out.getvalue()
    assert "already loaded" in out.getvalue()
    assert PayPeriodReport.objects.count() == 2


def test_each_members_loaded_periods_are_in_the_audit_trail(worker):
    load_employer_report(content=csv(*fortnights(3)), filename="dtmb.csv")
    entry = AuditEntry.objects.get(action="pensions.payperiod.loaded", member=worker)
    assert entry.data["periods"] == 3
