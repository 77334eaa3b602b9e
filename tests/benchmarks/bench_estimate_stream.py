"""Benchmark of `manage.py estimate --lines` (issue 16 item 6): not a test, prints figures.

    .venv/bin/python tests/benchmarks/bench_estimate_stream.py [--members 10000] [--years 10]

Writes a JSON-lines file of members with `--years` years of biweekly pay and service records, streams it through a
real `manage.py estimate --lines` process, and prints the process's peak memory (resident set) and time per member,
beside the engine's own time per member measured in this process. Budget: 10,000 such members in under 1 GB, at
most 5× the engine's per-member cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from pensions.engine.contract import handle_item  # noqa: E402


def member(n: int, years: int) -> dict:
    last_end = date(2025, 9, 26) - timedelta(days=n % 14)
    first = last_end - timedelta(days=14 * 26 * years - 1)
    service, pay = [], []
    for k in range(26 * years):
        start = first + timedelta(days=14 * k)
        end = start + timedelta(days=13)
        service.append({"start": start.isoformat(), "end": end.isoformat(), "cycle": "BIWEEKLY", "hours": "80"})
        pay.append({"start": start.isoformat(), "end": end.isoformat(), "amount": str(1500 + 10 * (k // 26))})
    return {"system": "SERS", "structure": "DB_CLASSIFIED", "birth_date": f"{1960 + n % 10}-0{1 + n % 9}-15",
            "retirement_effective_date": "2026-01-01", "hire_date": first.isoformat(), "service_records": service,
            "compensation": pay, "beneficiary_birth_date": "1962-05-01"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    arguments = parser.parse_args()

    sample = [member(n, arguments.years) for n in range(20)]
    started = time.perf_counter()
    for case in sample:
        handle_item(json.loads(json.dumps(case), parse_float=Decimal))
    engine_each = (time.perf_counter() - started) / len(sample)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for n in range(arguments.members):
            handle.write(json.dumps(member(n, arguments.years)) + "\n")
        path = handle.name
    try:
        started = time.perf_counter()
        with open(os.devnull, "w") as sink:
            completed = subprocess.run([sys.executable, "manage.py", "estimate", "--lines", "--input", path],
                                       stdout=sink, stderr=subprocess.PIPE, cwd=PROJECT, check=False)
        elapsed = time.perf_counter() - started
    finally:
        os.unlink(path)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"exit status {completed.returncode}")
    print(f"{arguments.members:,} members × {arguments.years} years of biweekly records through estimate --lines: "
          f"{elapsed:.1f} s, {elapsed / arguments.members * 1e3:.2f} ms each, peak memory {peak_mb:.0f} MB")
    print(f"contract work (parse, estimate, serialize) in this process: {engine_each * 1e3:.2f} ms each; "
          f"the command costs {elapsed / arguments.members / engine_each:.1f}× that, process start-up included")


if __name__ == "__main__":
    main()
