"""Benchmark of the pension rules engine (ARCHITECTURE "Budgets"): not a test, prints figures.

    .venv/bin/python tests/benchmarks/bench_engine.py [--batch 100000]

1. One full estimate from 40 years of biweekly pay records (1,040 compensation records for the FAC and 1,040
   service records for the YOS), every payment option, the equated plan (when the actuarial basis is installed)
   and the COLA schedule — the engine alone, then with JSON parsing and output (the command's work).
2. A batch of members (default 100,000) with summary inputs (FAC and YOS, a beneficiary, all options, survivor
   factors on the actuarial basis when outside the published table): on one core, then fanned out over every core
   in worker processes (as the portal fans a batch out as Celery tasks).
Budget: well under 1 ms per full estimate on one core; the batch in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pensions.engine.contract import handle_item, parse_request, serialize  # noqa: E402
from pensions.engine.estimate import estimate  # noqa: E402


def _equated_available() -> bool:
    try:
        from pensions.engine import equated  # noqa: F401
    except ImportError:
        return False
    return True


def full_member_json() -> dict:
    """A SERS member hired 1983-10-03 working to 2023-09-22: 1,040 biweekly pay periods."""
    start = date(1983, 10, 3)
    compensation, service = [], []
    pay = Decimal("1100.00")
    for period in range(1040):
        begin = start + timedelta(days=14 * period)
        end = begin + timedelta(days=13)
        if period % 26 == 0:
            pay = (pay * Decimal("1.03")).quantize(Decimal("0.01"))
        compensation.append({"start": begin.isoformat(), "end": end.isoformat(), "amount": str(pay)})
        service.append({"start": begin.isoformat(), "end": end.isoformat(), "cycle": "BIWEEKLY", "hours": "80"})
    member = {
        "system": "SERS",
        "structure": "DB_CLASSIFIED",
        "employment_type": "REGULAR",
        "active": True,
        "birth_date": "1962-05-14",
        "retirement_effective_date": "2023-10-01",
        "hire_date": "1983-10-03",
        "compensation": compensation,
        "service_records": service,
        "beneficiary_birth_date": "1964-08-30",
        "option_factors": "published",
    }
    if _equated_available():
        member["birth_date"] = "1962-05-14"
        member["retirement_effective_date"] = "2023-10-01"
        member["social_security_age65"] = "2100"
    return member


def summary_member(rng: random.Random) -> dict:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
    red_year = birth.year + rng.randrange(52, 70)
    return {
        "system": rng.choice(["SERS", "MPSERS"]),
        "structure": None,
        "birth_date": birth.isoformat(),
        "retirement_effective_date": date(red_year, rng.randrange(1, 13), 1).isoformat(),
        "fac": str(Decimal(rng.randrange(2_000_000, 12_000_000)) / 100),
        "yos": str(Decimal(rng.randrange(50_000, 400_000)) / 10_000),
        "beneficiary_birth_date": (birth + timedelta(days=rng.randrange(-3000, 3000))).isoformat(),
        "option_factors": "published",
    }


def estimate_chunk(members: list[dict]) -> int:
    """Worker: parse, estimate and serialize a chunk of members; returns how many were done."""
    for data in members:
        serialize(estimate(parse_request(data).request))
    return len(members)


def batch_members(count: int) -> list[dict]:
    rng = random.Random(20240601)
    members = []
    for _ in range(count):
        data = summary_member(rng)
        data["structure"] = "DB_CLASSIFIED" if data["system"] == "SERS" else rng.choice(["MIP_FIXED", "BASIC"])
        members.append(data)
    return members


def time_calls(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append(time.perf_counter() - began)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2000)
    arguments = parser.parse_args()

    member = full_member_json()
    text = json.dumps(member)
    request = parse_request(member).request
    estimate(request)  # warm caches (factor table, IRS table)
    engine = time_calls(lambda: estimate(request), arguments.repeat)
    def command_work():  # what `manage.py estimate` does per member: parse, estimate, print (portal.json_command)
        return json.dumps(handle_item(json.loads(text, parse_float=Decimal)))

    with_json = time_calls(command_work, max(arguments.repeat // 10, 50))
    print(f"equated plan included: {'equated' in member or 'social_security_age65' in member}")
    print(
        "one full estimate, 1,040 pay + 1,040 service records, engine only: "
        f"median {statistics.median(engine) * 1e6:.0f} µs, p95 {sorted(engine)[int(len(engine) * 0.95)] * 1e6:.0f} µs"
    )
    print(f"same, with JSON parsing, validation and output: median {statistics.median(with_json) * 1e6:.0f} µs")

    if not arguments.batch:
        return
    data = batch_members(arguments.batch)
    members = [parse_request(one).request for one in data]
    began = time.perf_counter()
    for one in members:
        serialize(estimate(one))
    elapsed = time.perf_counter() - began
    print(
        f"batch of {arguments.batch:,} members (FAC + YOS, every option, COLA, serialized): {elapsed:.2f} s "
        f"({elapsed / arguments.batch * 1e6:.0f} µs each, one core)"
    )
    workers = os.cpu_count() or 1
    chunk = 2000
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = sum(pool.map(estimate_chunk, [data[i : i + chunk] for i in range(0, len(data), chunk)]))
    elapsed = time.perf_counter() - began
    print(f"same batch from JSON objects over {workers} worker processes: {elapsed:.2f} s for {done:,} members")


if __name__ == "__main__":
    main()
