"""Employer reports loaded at the same time, on PostgreSQL (one load at a time: an advisory lock): the same file
twice loads once; two employers' files for one member's fiscal year respect the year's cap together.

``django_db(transaction=True)``: under a test's wrapping transaction the lock would never be exercised.
"""

from datetime import date
from decimal import Decimal

import pytest

from pensions.models import EmployerReport, PayPeriodReport
from pensions.services import load_employer_report
from tests.accounts.test_message_board_concurrency import at_once
from tests.factories import EmployerFactory, MemberFactory
from tests.pensions.test_load_employer_report_bulk import fortnight_rows, per_member_ledger, report, stored_ledger

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def member():
    EmployerFactory(code="MDOC")
    return MemberFactory(member_id="30000009", employer=EmployerFactory(code="DTMB"))


def test_the_same_file_loaded_twice_at_once_loads_once(member):
    content = report(*fortnight_rows("30000009", "DTMB", date(2023, 10, 1), 10))
    results = at_once(lambda: load_employer_report(content=content, filename="a.csv"),
                      lambda: load_employer_report(content=content, filename="b.csv"))
    assert sorted(result.already_loaded for result in results) == [False, True], results
    assert EmployerReport.objects.count() == 1
    assert PayPeriodReport.objects.count() == 10


def test_two_employers_files_for_one_fiscal_year_at_once_share_its_cap(member):
    """RULES §2: at most 1 YOS (2,080 hours) a fiscal year, whichever employers reported the periods."""
    first = report(*fortnight_rows("30000009", "DTMB", date(2023, 10, 1), 26))
    second = report(*fortnight_rows("30000009", "MDOC", date(2023, 10, 1), 26, hours="40.00"))
    results = at_once(lambda: load_employer_report(content=first, filename="dtmb.csv"),
                      lambda: load_employer_report(content=second, filename="mdoc.csv"))
    assert all(result.created == 26 for result in results), results
    assert sum(stored_ledger(member).values()) == Decimal(2080)
    assert stored_ledger(member) == per_member_ledger(member)
