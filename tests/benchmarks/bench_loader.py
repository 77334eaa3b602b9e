"""Benchmark of the employer-report loader (issue 16; docs/employer-report-format.md): not a test, prints figures.

    DATABASE_URL=postgres://… .venv/bin/python tests/benchmarks/bench_loader.py [--sizes 10000 20000 40000 100000]
                                                                                [--history 3] [--repeat 2]

Runs in a throwaway test database (created and destroyed here), in one process. For each size N it generates an
employer and N members of its own, each with `--history` biweekly pay periods already on record in the fiscal year
(so the loader credits the new period together with stored ones, as a real payroll run does), writes a single-period
report of N rows (one row per member, the next pay period), and times `load_employer_report` on it — parsing,
checks, crediting, inserts, audit — in one transaction. Each size is loaded `--repeat` times (fresh members each
time) and the best time counts, as the machine may be shared. Prints one line per size, `loaded N rows in S s`, with
the cost per row, then the ratio of the largest size's cost per row to the smallest's. Budget: at most 1.3, and
100,000 rows in a few tens of seconds. The members' SSNs are encrypted as the model does; the set-up writes members
and periods with COPY (`portal.bulk_insert`), so that it takes seconds, not the loader's time.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from datetime import date, timedelta
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
from pensions.employer_report import HOUR_COLUMNS, MONEY_COLUMNS  # noqa: E402
from pensions.engine.plans import System  # noqa: E402
from pensions.engine.service import fiscal_year_of  # noqa: E402
from pensions.models import Employer, PayPeriodReport  # noqa: E402
from pensions.services import LedgerPeriod, credited_hours_of, load_employer_report  # noqa: E402
from portal.bulk_insert import insert_rows  # noqa: E402

ONE_DAY, TWO_WEEKS = timedelta(days=1), timedelta(days=14)
FIRST_START = date(2025, 10, 5)  # SERS fiscal year 2026 (October 2025 – September 2026)
HOURS, WAGES, ZERO = Decimal(80), Decimal("2400.00"), Decimal(0)
MEMBER_COLUMNS = ("member_id", "system", "first_name", "middle_name", "last_name", "suffix", "date_of_birth", "ssn",
                  "ssn_index", "personal_email", "phone", "marital_status", "status", "employer_id",
                  "benefit_structure", "employment_type", "hire_date", "healthcare_plan", "edro_on_file")
PERIOD_COLUMNS = ("member_id", "employer_id", "period_start", "period_end", "pay_cycle", *HOUR_COLUMNS,
                  *MONEY_COLUMNS, "fiscal_year", "credited_hours")
FIGURES = tuple(HOURS if c == "regular_hours" else WAGES if c == "gross_wages" else ZERO
                for c in HOUR_COLUMNS + MONEY_COLUMNS)
HEADER = "member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,overtime_hours,gross_wages\n"
BUDGET = 1.3


def members_with_history(number: int, count: int, history: int) -> tuple[Employer, list[str]]:
    """An employer and `count` SERS members of its own, each with `history` credited biweekly periods on record;
    returns the employer and the member IDs. Written with COPY, so that setting up 100,000 members takes seconds."""
    employer = Employer.objects.create(code=f"BENCH-{number}", name=f"Bench department {number}", system="SERS")
    ssn_field = Member._meta.get_field("ssn")
    member_ids = [f"{number * 10_000_000 + n:08d}" for n in range(count)]
    insert_rows(Member, MEMBER_COLUMNS, (
        (member_id, "SERS", f"Bench{n}", "", "Member", "", date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
         ssn_field.get_prep_value(f"{number}{n:08d}"[-9:]), ssn_blind_index(f"{number}{n:08d}"[-9:]), "", "",
         "SINGLE", "ACTIVE", employer.pk, "DB_CLASSIFIED", "REGULAR", date(2005, 1, 3), "PREMIUM_SUBSIDY", False)
        for n, member_id in enumerate(member_ids)))
    starts = [FIRST_START + TWO_WEEKS * k for k in range(history)]
    ledger = [LedgerPeriod(start, start + TWO_WEEKS - ONE_DAY, "BIWEEKLY", HOURS, ZERO, ZERO, ZERO)
              for start in starts]
    credited = credited_hours_of(ledger, System.SERS)  # the same periods for every member
    pks = list(Member.objects.filter(employer=employer).values_list("pk", flat=True))
    insert_rows(PayPeriodReport, PERIOD_COLUMNS, (
        (pk, employer.pk, period.period_start, period.period_end, "BIWEEKLY", *FIGURES,
         fiscal_year_of(period.period_end, System.SERS), hours)
        for pk in pks for period, hours in zip(ledger, credited, strict=True)))
    return employer, member_ids


def report_file(employer: Employer, member_ids: list[str], history: int) -> bytes:
    """One row per member: the pay period after the ones on record."""
    start = FIRST_START + TWO_WEEKS * history
    end = start + TWO_WEEKS - ONE_DAY
    lines = [HEADER]
    for n, member_id in enumerate(member_ids):
        lines.append(f"{member_id},{employer.code},{start},{end},BIWEEKLY,{72 + n % 9}.00,{n % 3}.50,"
                     f"{2000 + n % 500}.25\n")
    return "".join(lines).encode()


def bench(sizes: list[int], history: int, repeat: int) -> None:
    best = {}
    number = 0
    for _ in range(repeat):
        for size in sizes:
            number += 1
            employer, member_ids = members_with_history(number, size, history)
            content = report_file(employer, member_ids, history)
            del member_ids
            gc.collect()  # the set-up's garbage is not the loader's to collect
            started = time.perf_counter()
            result = load_employer_report(content=content, filename=f"bench-{size}.csv")
            elapsed = time.perf_counter() - started
            assert result.created == size and not result.already_loaded, result
            best[size] = min(best.get(size, elapsed), elapsed)
            cache.delete_many([VERSION_KEY.format(pk) for pk in  # the dashboard versions the load moved
                               Member.objects.filter(employer=employer).values_list("pk", flat=True)])
    per_row = {size: best[size] / size for size in sizes}
    for size in sizes:
        print(f"loaded {size} rows in {best[size]:.2f} s  ({per_row[size] * 1000:.3f} ms a row; best of {repeat}; "
              f"{size} members with {history} periods on record each)", flush=True)
    largest, smallest = max(sizes), min(sizes)
    ratio = per_row[largest] / per_row[smallest]
    print(f"cost per row, largest / smallest ({largest} / {smallest} rows): {ratio:.2f}  (budget: at most {BUDGET}) — "
          f"{'within' if ratio <= BUDGET else 'OVER'} budget")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000, 100_000])
    parser.add_argument("--history", type=int, default=3, help="pay periods on record per member before the load")
    parser.add_argument("--repeat", type=int, default=2, help="loads of each size (fresh members each); the best "
                        "counts, as the machine may be shared")
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        print("note: DATABASE_URL is not PostgreSQL; the figures are SQLite's", file=sys.stderr)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        bench(sorted(args.sizes), args.history, args.repeat)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
