"""Benchmark of the member pages under gunicorn (ARCHITECTURE "Budgets", issue 16): not a test, prints figures.

    DATABASE_URL=postgres://…/portal_NAME CACHE_URL=redis://…/N .venv/bin/python tests/benchmarks/bench_pages.py \
        [--members 12] [--requests 120] [--rounds 5] [--port 8105] [--workers 2] [--pages dashboard,estimate_post]

What it does, in a throwaway database (`test_<name>`, created and destroyed here):
1. Seeds `--members` members, each with 40 years of biweekly pay records (1,040 periods), contributions, other
   credit, both beneficiary designations and a saved estimate, and signs each in (a session in the database and the
   cache, as a sign-in leaves it).
2. Serves the portal with gunicorn (`--workers` sync workers, the connection pool, Redis cache: as in production,
   with DJANGO_DEBUG=1 only so that no production secret is needed) plus one bare page — a view that returns a short
   text — behind the same middleware and the same `member_view` decorator.
3. For each page, alternating rounds of the bare page and the page (so both see the same machine), each round
   `--requests` requests spread over the members, two client connections at a time:
   - warm: the member's caches filled (a first visit done);
   - cold: the member's first visit of the day — what is cached for a day (the dashboard's body) is gone, what is
     cached under the member's records version (pensions.member_record) is not;
   - changed: the first visit after the record changed — before each request the member's records version moves
     (as `accounts.dashboard_cache.member_changed` does on every change), so nothing cached from the record is left.
   The bare page's rounds do the same client work as the page's.

Prints, per page and temperature: requests/s, p50/p95 latency, the gunicorn workers' CPU milliseconds per request
(the machine may be shared: CPU time is the steadier figure) and the ratios to the bare page (median over rounds of
each round's ratio to the bare round beside it), then one summary line each:
`page NAME warm RATIO cold RATIO changed RATIO`.
Budgets (issue 16): dashboard cold ≥ 0.5, estimate POST ≥ 0.4, purchase quote and service credit ≥ 0.5.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


# --- the served application: the portal plus the bare page (imported by the gunicorn workers) -----------------

def _urlpatterns():
    from django.http import HttpResponse
    from django.urls import include, path

    from portal.access import member_view

    @member_view
    def bare(request):
        return HttpResponse("ok", content_type="text/plain")

    return [path("bench/bare/", bare), path("", include("portal.urls"))]


def __getattr__(name):  # the URLconf's patterns are built when Django asks for them, after setup
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def application(environ, start_response):
    """gunicorn's entry point: the portal's WSGI application with this module as the URLconf."""
    global _wsgi
    if _wsgi is None:
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
        settings.ROOT_URLCONF = "tests.benchmarks.bench_pages"
    return _wsgi(environ, start_response)


_wsgi = None


# --- seeding ---------------------------------------------------------------------------------------------------

def seed_member(n: int):
    from tests.factories import ClaimedMemberFactory
    from tests.pensions.factories import (
        ContributionYearFactory,
        ServiceCreditEntryFactory,
        biweekly_history,
        name_refund_beneficiaries,
        name_survivor,
        saved_estimate,
    )

    member = ClaimedMemberFactory(date_of_birth=datetime.date(1964, 5, 2 + n % 20),
                                  hire_date=datetime.date(1986, 10, 6))
    biweekly_history(member, years=40)
    for year in range(1987, 2027):
        ContributionYearFactory(member=member, fiscal_year=year)
    ServiceCreditEntryFactory(member=member)
    name_survivor(member)
    name_refund_beneficiaries(member)
    saved_estimate(member, name="At 62")
    return member


def session_cookie(user) -> str:
    """A signed-in session for ``user`` (what a sign-in leaves: the session row and its cached copy)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- the pages -------------------------------------------------------------------------------------------------

RED = "2027-01-01"
ESTIMATE_FORM = {"retirement_effective_date": RED, "retirement_type": "SERVICE", "beneficiary_birth_date": "1966-03-04",
                 "projected_wage_increase": "2.00", "projected_yos": "", "purchase_type": "", "purchase_years": "",
                 "social_security_fra": ""}
PURCHASE_FORM = {"credit_type": "UNIVERSAL_BUY_IN", "years": "1", "payment_method": "DIRECT", "rollover_source": "",
                 "quote": "1"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    form: dict | None = None  # a POST with these fields (and the CSRF token of a GET of the same path)
    expect: str = ""  # text the response must contain (the page really did its work)


PAGES = [
    Page("bare", "/bench/bare/"),
    Page("dashboard", "/dashboard/", expect="Service credit"),
    Page("profile", "/profile/"),
    Page("service_credit", "/service-credit/", expect="Fiscal year"),
    Page("service_credit_csv", "/service-credit/record.csv"),
    Page("beneficiaries", "/beneficiaries/"),
    Page("estimates", "/estimates/"),
    Page("estimate_post", "/estimates/", ESTIMATE_FORM, expect="Save this estimate"),
    Page("purchase", "/service-credit/purchase/"),
    Page("purchase_quote", "/service-credit/purchase/", PURCHASE_FORM, expect="Cost of a purchase"),
    Page("documents", "/documents/"),
]


# --- the client ------------------------------------------------------------------------------------------------

class Visitor:
    """One signed-in member as the client: their cookies and, for forms, a CSRF token per path."""

    def __init__(self, member_pk: int, cookie: str, port: int):
        self.member_pk, self.cookie, self.port = member_pk, cookie, port
        self.tokens: dict[str, str] = {}

    def request(self, page: Page) -> tuple[int, bytes]:
        token = self.tokens.get(page.path) or self._token(page.path) if page.form is not None else None
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie, "Host": "localhost"}
        try:
            if page.form is None:
                connection.request("GET", page.path, headers=headers)
            else:
                body = urllib.parse.urlencode({**page.form, "csrfmiddlewaretoken": token})
                connection.request("POST", page.path, body=body, headers={
                    **headers, "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://localhost{page.path}"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def _token(self, path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path, headers={"Cookie": self.cookie, "Host": "localhost"})
        response = connection.getresponse()
        body = response.read().decode()
        csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
        connection.close()
        if csrf:
            self.cookie += f"; csrftoken={csrf.group(1)}"
        self.tokens[path] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        return self.tokens[path]


def worker_pids(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


@dataclass
class Round:
    rate: float  # requests/s
    p50: float  # ms
    p95: float  # ms
    cpu_ms: float  # gunicorn workers' CPU per request


TEMPERATURES = ("warm", "cold", "changed")


def forget(visitor: Visitor, temperature: str) -> None:
    """Make the next visit of ``visitor`` a first visit of the day (cold) or the first after a change (changed)."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key
    from django.utils import timezone

    from accounts.dashboard_cache import VERSION_KEY

    if temperature == "changed":  # what member_changed does on commit
        cache.set(VERSION_KEY.format(visitor.member_pk), time.time_ns(), timeout=None)
    elif temperature == "cold":  # the dashboard body cached for the day (accounts.dashboard_cache.cache_key)
        version = cache.get(VERSION_KEY.format(visitor.member_pk), 0)
        day = f"{visitor.member_pk}:{version}:{timezone.localdate().isoformat()}"
        cache.delete(make_template_fragment_key("member_dashboard", [day]))


def run_round(page: Page, visitors: list[Visitor], requests: int, *, temperature: str, pids: list[int],
              connections: int = 2) -> Round:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def work():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            visitor = visitors[n % len(visitors)]
            if temperature != "warm":
                forget(visitor, temperature)
            started = time.perf_counter()
            status, body = visitor.request(page)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200 or page.expect.encode() not in body:
                    failures.append(f"{page.name}: status {status}")

    cpu_before = cpu_seconds(pids)
    started = time.perf_counter()
    threads = [threading.Thread(target=work) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = cpu_seconds(pids) - cpu_before
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, first: {failures[0]}")
    latencies.sort()
    return Round(requests / wall, 1000 * latencies[len(latencies) // 2],
                 1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))], 1000 * cpu / requests)


def measure(page: Page, bare: Page, visitors, requests, rounds, *, temperature, pids) -> tuple[Round, Round, float, float]:
    """Alternating bare and page rounds: (median bare round, median page round, median throughput ratio, CPU ratio
    — the bare page's CPU per request over the page's)."""
    for visitor in visitors:  # warm up: each member's first visit, templates, the pool's connections
        visitor.request(page)
    bare_rounds, page_rounds, ratios, cpu_ratios = [], [], [], []
    for _ in range(rounds):
        bare_rounds.append(run_round(bare, visitors, requests, temperature=temperature, pids=pids))
        page_rounds.append(run_round(page, visitors, requests, temperature=temperature, pids=pids))
        ratios.append(page_rounds[-1].rate / bare_rounds[-1].rate)
        cpu_ratios.append(bare_rounds[-1].cpu_ms / page_rounds[-1].cpu_ms)
    return (_median_round(bare_rounds), _median_round(page_rounds), statistics.median(ratios),
            statistics.median(cpu_ratios))


def _median_round(rounds: list[Round]) -> Round:
    return Round(*(statistics.median(getattr(r, f) for r in rounds) for f in ("rate", "p50", "p95", "cpu_ms")))


def _line(label: str, measured: Round) -> str:
    return (f"  {label:26} {measured.rate:7.1f} req/s  p50 {measured.p50:6.1f} ms  p95 {measured.p95:6.1f} ms  "
            f"CPU {measured.cpu_ms:5.2f} ms/request")


# --- main ------------------------------------------------------------------------------------------------------

def start_gunicorn(database: str, port: int, workers: int) -> subprocess.Popen:
    from django.conf import settings

    environment = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_DB_POOL": "1",
                   "DATABASE_URL": re.sub(r"/[^/]*$", f"/{database}", os.environ["DATABASE_URL"]),
                   "PYTHONPATH": str(PROJECT)}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "tests.benchmarks.bench_pages:application",
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "64"],
        cwd=PROJECT, env=environment)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/", headers={"Host": "localhost"})
            connection.getresponse().read()
            connection.close()
            if len(worker_pids(process.pid)) == workers:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start on port {port} ({settings.DATABASES['default']['NAME']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--requests", type=int, default=120, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", default="", help="comma-separated page names (default: every page)")
    arguments = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", "") or "redis" not in os.environ.get("CACHE_URL", ""):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and CACHE_URL (Redis): the figures are for the real stack")
    os.environ["DJANGO_DB_POOL"] = "0"  # this process renames its database to the throwaway one (see settings)

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from portal.celery import app

    app.conf.task_always_eager = True
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    old = setup_databases(verbosity=0, interactive=False)
    gunicorn = None
    try:
        cache.clear()
        started = time.perf_counter()
        members = [seed_member(n) for n in range(arguments.members)]
        print(f"seeded {len(members)} members with 40 years of biweekly records in {time.perf_counter() - started:.0f} s")
        visitors = [Visitor(member.pk, session_cookie(member.user), arguments.port) for member in members]
        gunicorn = start_gunicorn(settings.DATABASES["default"]["NAME"], arguments.port, arguments.workers)
        pids = worker_pids(gunicorn.pid)
        chosen = arguments.pages.split(",") if arguments.pages else [p.name for p in PAGES if p.name != "bare"]
        bare = PAGES[0]
        print(f"gunicorn: {arguments.workers} sync workers; {arguments.rounds} alternating rounds of "
              f"{arguments.requests} requests, 2 connections; medians")
        summary = []
        for page in (p for p in PAGES if p.name in chosen):
            results = {}
            for temperature in TEMPERATURES:
                bare_round, page_round, ratio, cpu_ratio = measure(page, bare, visitors, arguments.requests,
                                                                   arguments.rounds, temperature=temperature,
                                                                   pids=pids)
                print(f"{page.name} ({page.path}{', POST' if page.form else ''}) {temperature}:")
                print(_line("bare", bare_round))
                print(_line(page.name, page_round))
                print(f"  ratio to bare: {ratio:.2f} throughput, {cpu_ratio:.2f} in CPU time")
                results[temperature] = ratio
            summary.append(f"page {page.name} " + " ".join(f"{t} {results[t]:.2f}" for t in TEMPERATURES))
        print("\n".join(summary))
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        cache.clear()
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
