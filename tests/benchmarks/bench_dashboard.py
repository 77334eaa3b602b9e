"""Benchmark of the member dashboard and of seeding histories (ARCHITECTURE "Budgets"): not a test, prints figures.

    DATABASE_URL=postgres://… .venv/bin/python tests/benchmarks/bench_dashboard.py [--requests 400] [--members 1000]

Runs in a throwaway test database (created and destroyed here), in one process:
1. The dashboard of a member with 40 years of biweekly pay records (1,040 periods, contributions, other credit,
   beneficiaries) against a bare page — a view that returns a short text — served through the same middleware to
   the same signed-in member, alternating rounds so both see the same machine. Budget: the dashboard serves at
   least half the bare page's throughput.
2. The time to seed `--members` members (both systems, every structure) with full 5–40-year histories, as
   `seed_demo` does (`pensions.demo.seed_histories_for`: engine crediting and bulk inserts).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.urls import include, path  # noqa: E402

from portal.access import member_view  # noqa: E402


@member_view
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("portal.urls"))]


def member_with_forty_years():
    from tests.factories import ClaimedMemberFactory
    from tests.pensions.factories import (
        ContributionYearFactory,
        ServiceCreditEntryFactory,
        biweekly_history,
        name_refund_beneficiaries,
        name_survivor,
    )

    member = ClaimedMemberFactory(date_of_birth=datetime.date(1964, 5, 2), hire_date=datetime.date(1986, 10, 6))
    biweekly_history(member, years=40)
    for year in range(1987, 2027):
        ContributionYearFactory(member=member, fiscal_year=year)
    ServiceCreditEntryFactory(member=member)
    name_survivor(member)
    name_refund_beneficiaries(member)
    return member


def throughput(client, url, requests):
    started = time.perf_counter()
    for _ in range(requests):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return requests / (time.perf_counter() - started)


def bench_dashboard(requests: int, rounds: int = 5) -> None:
    from pensions.models import PayPeriodReport

    member = member_with_forty_years()
    client = Client()
    client.force_login(member.user)
    periods = PayPeriodReport.objects.filter(member=member).count()
    with override_settings(ROOT_URLCONF=__name__):
        for url in ("/bench/bare/", "/dashboard/", "/profile/"):
            throughput(client, url, 20)  # warm up: templates, connections, caches
        bare_rates, dashboard_rates, profile_rates = [], [], []
        for _ in range(rounds):
            bare_rates.append(throughput(client, "/bench/bare/", requests // rounds))
            dashboard_rates.append(throughput(client, "/dashboard/", requests // rounds))
            profile_rates.append(throughput(client, "/profile/", requests // rounds))
    bare_rate, dashboard_rate = statistics.median(bare_rates), statistics.median(dashboard_rates)
    profile_rate = statistics.median(profile_rates)
    print(f"Dashboard, member with {periods} biweekly pay periods (40 years), {requests} requests each, "
          f"median of {rounds} alternating rounds, one process:")
    print(f"  bare page (same middleware): {bare_rate:8.1f} requests/s  ({1000 / bare_rate:.2f} ms each)")
    print(f"  dashboard:                   {dashboard_rate:8.1f} requests/s  ({1000 / dashboard_rate:.2f} ms each)")
    print(f"  (for reference, the profile page, no records: {profile_rate:8.1f} requests/s, "
          f"{profile_rate / bare_rate:.2f} of the bare page)")
    ratio = dashboard_rate / bare_rate
    print(f"  dashboard / bare: {ratio:.2f}  (budget: at least 0.50) — {'within' if ratio >= 0.5 else 'OVER'} budget")


def bench_seed(count: int) -> None:
    from accounts.models import Member, ssn_blind_index
    from pensions import demo
    from pensions.models import ContributionYear, Employer, PayPeriodReport

    employers = [Employer.objects.create(code=f"B-SERS-{n}", name=f"Bench department {n}", system="SERS")
                 for n in range(3)]
    employers += [Employer.objects.create(code="MPS-OKEMOS", name="Bench district (semimonthly)", system="MPSERS"),
                  Employer.objects.create(code="B-MPS-1", name="Bench district (biweekly)", system="MPSERS")]
    sers = ["DB_CLASSIFIED", "DB_30", "DB_DC_BLEND"]
    mpsers = ["BASIC", "BASIC_4", "MIP_FIXED", "MIP_GRADED", "MIP_PLUS", "MIP_7", "MIP_DC_CONVERTED"]
    statuses = ["ACTIVE"] * 7 + ["DEFERRED", "RETIRED"]
    members = []
    for n in range(count):
        school = n % 2 == 1
        ssn = f"77{n:07d}"
        hired = datetime.date(1986 + n % 35, 1 + n % 12, 1 + n % 27)
        members.append(Member(
            member_id=f"{50000000 + n:08d}", system="MPSERS" if school else "SERS", first_name=f"Bench{n}",
            last_name="Member", date_of_birth=hired - datetime.timedelta(days=365 * (22 + n % 15)), ssn=ssn,
            ssn_index=ssn_blind_index(ssn), employer=employers[3 + n % 2] if school else employers[n % 3],
            benefit_structure=(mpsers if school else sers)[n % (7 if school else 3)], hire_date=hired,
            status=statuses[n % len(statuses)]))
    members = Member.objects.bulk_create(members)
    for member in members:
        member.employer = next(e for e in employers if e.pk == member.employer_id)
    started = time.perf_counter()
    demo.seed_histories_for(members)
    elapsed = time.perf_counter() - started
    periods = PayPeriodReport.objects.filter(member__in=members).count()
    years = ContributionYear.objects.filter(member__in=members).count()
    print(f"Seeding {count} members with full histories (engine crediting, bulk inserts): {elapsed:.1f} s — "
          f"{periods:,} pay periods, {years:,} contribution years ({periods / elapsed:,.0f} periods/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--members", type=int, default=1000, help="0 skips the seeding benchmark")
    args = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        print("note: DATABASE_URL is not PostgreSQL; the figures are SQLite's", file=sys.stderr)
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    from portal.celery import app

    app.conf.task_always_eager = True
    old = setup_databases(verbosity=0, interactive=False)
    try:
        bench_dashboard(args.requests)
        if args.members:
            bench_seed(args.members)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
