"""Benchmark of the employer-report loader (issue 16; docs/employer-report-format.md): not a test, prints figures.

    DATABASE_URL=postgres://… .venv/bin/python tests/benchmarks/bench_loader.py [--sizes 10000 20000 40000 100000]
                                                                                [--history 3]

Runs in a throwaway test database (created and destroyed here), in one process. For each size N it generates an
employer and N members of its own, each with `--history` biweekly pay periods already on record in the fiscal year
(so the loader credits the new period together with stored ones, as a real payroll run does), writes a single-period
report of N rows (one row per member, the next pay period), and times `load_employer_report` on it — parsing,
checks, crediting, inserts, audit — in one transaction. Prints one line per size, `loaded N rows in S s`, with the
cost per row, then the ratio of the largest size's cost per row to the smallest's. Budget: at most 1.3, and 100,000
rows in a few tens of seconds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from accounts.dashboard_cache import VERSION_KEY  # noqa: E402
from accounts.models import Member, ssn_blind_index  # noqa: E402
from pensions import facts  # noqa: E402
from pensions.engine.service import fiscal_year_of  # noqa: E402
from pensions.models import Employer, PayPeriodReport  # noqa: E402
from pensions.services import credit_periods, load_employer_report  # noqa: E402

TWO_WEEKS = datetime.timedelta(days=14)
FIRST_START = datetime.date(2025, 10, 5)  # SERS fiscal year 2026 (October 2025 – September 2026)
HEADER = "member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,overtime_hours,gross_wages\n"
BUDGET = 1.3


def members_with_history(number: int, count: int, history: int) -> tuple[Employer, list[Member]]:
    """An employer and `count` SERS members of its own, each with `history` credited biweekly periods on record."""
    employer = Employer.objects.create(code=f"BENCH-{number}", name=f"Bench department {number}", system="SERS")
    members = []
    for n in range(count):
        ssn = f"{number}{n:08d}"[-9:]
        members.append(Member(member_id=f"{number * 10_000_000 + n:08d}", system="SERS", first_name=f"Bench{n}",
                              last_name="Member", date_of_birth=datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                              ssn=ssn, ssn_index=ssn_blind_index(ssn), employer=employer,
                              benefit_structure="DB_CLASSIFIED", hire_date=datetime.date(2005, 1, 3),
                              status="ACTIVE"))
    members = Member.objects.bulk_create(members, batch_size=5000)
    periods = []
    for member in members:
        own = [PayPeriodReport(member=member, employer=employer, period_start=start, period_end=start + TWO_WEEKS
                               - datetime.timedelta(days=1), pay_cycle="BIWEEKLY", regular_hours=Decimal(80),
                               gross_wages=Decimal("2400.00"),
                               fiscal_year=fiscal_year_of(start + TWO_WEEKS, facts.system_of(member)))
               for start in (FIRST_START + TWO_WEEKS * k for k in range(history))]
        credit_periods(own, facts.system_of(member))
        periods += own
    PayPeriodReport.objects.bulk_create(periods, batch_size=5000)
    return employer, members


def report_file(employer: Employer, members: list[Member], history: int) -> bytes:
    """One row per member: the pay period after the ones on record."""
    start = FIRST_START + TWO_WEEKS * history
    end = start + TWO_WEEKS - datetime.timedelta(days=1)
    lines = [HEADER]
    for n, member in enumerate(members):
        lines.append(f"{member.member_id},{employer.code},{start},{end},BIWEEKLY,{72 + n % 9}.00,{n % 3}.50,"
                     f"{2000 + n % 500}.25\n")
    return "".join(lines).encode()


def bench(sizes: list[int], history: int) -> None:
    per_row = {}
    touched = []
    for number, size in enumerate(sizes, start=1):
        employer, members = members_with_history(number, size, history)
        touched += [member.pk for member in members]
        content = report_file(employer, members, history)
        started = time.perf_counter()
        result = load_employer_report(content=content, filename=f"bench-{size}.csv")
        elapsed = time.perf_counter() - started
        assert result.created == size and not result.already_loaded, result
        per_row[size] = elapsed / size
        print(f"loaded {size} rows in {elapsed:.2f} s  ({per_row[size] * 1000:.3f} ms a row; {size} members with "
              f"{history} periods on record each)", flush=True)
    largest, smallest = max(sizes), min(sizes)
    ratio = per_row[largest] / per_row[smallest]
    print(f"cost per row, largest / smallest ({largest} / {smallest} rows): {ratio:.2f}  (budget: at most {BUDGET}) — "
          f"{'within' if ratio <= BUDGET else 'OVER'} budget")
    cache.delete_many([VERSION_KEY.format(pk) for pk in touched])  # the dashboard versions the loads moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000, 100_000])
    parser.add_argument("--history", type=int, default=3, help="pay periods on record per member before the load")
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        print("note: DATABASE_URL is not PostgreSQL; the figures are SQLite's", file=sys.stderr)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        bench(sorted(args.sizes), args.history)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
