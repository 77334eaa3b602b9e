"""Benchmark of the streaming `manage.py estimate` (issue 16 item 6): not a test, prints figures.

    .venv/bin/python tests/benchmarks/bench_estimate_stream.py [--members 10000] [--years 10]

Writes `--members` members with `--years` years of biweekly pay and service records twice — a JSON-lines file and a
JSON list file — and runs a real `manage.py estimate` process over each (`--lines --input FILE`, then
`--input FILE`) under `/usr/bin/time -v` (Debian package `time`), output to /dev/null. One line per run: members,
seconds (wall and CPU: the machine may be shared), ms per member, peak resident memory, and the ratio to the engine's
own per-member cost, measured in this process on a sample of the same members (`estimate()` on requests parsed
beforehand, the best of three runs, in CPU time). A line also gives the
command's per-member work in this process (parse the JSON, check, estimate, format) for comparison.
Budget: 10,000 such members in under 1 GB, at most 5× the engine's per-member cost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from pensions.engine.contract import parse_request, serialize  # noqa: E402
from pensions.engine.estimate import estimate  # noqa: E402
from portal.json_command import parse_json  # noqa: E402

TIME = "/usr/bin/time"
SAMPLE = 200


def member(n: int, years: int) -> dict:
    """Member n: `years` years of biweekly pay (a raise each year) and service up to the end of 2025-09."""
    last_end = date(2025, 9, 26) - timedelta(days=n % 14)
    first = last_end - timedelta(days=14 * 26 * years - 1)
    service, pay = [], []
    for k in range(26 * years):
        start = first + timedelta(days=14 * k)
        end = start + timedelta(days=13)
        service.append({"start": start.isoformat(), "end": end.isoformat(), "cycle": "BIWEEKLY", "hours": "80"})
        pay.append({"start": start.isoformat(), "end": end.isoformat(),
                    "amount": f"{1500 + 10 * (k // 26) + n % 97}.{n % 100:02d}"})
    return {"system": "SERS", "structure": "DB_CLASSIFIED", "birth_date": f"{1960 + n % 10}-0{1 + n % 9}-15",
            "retirement_effective_date": "2026-01-01", "hire_date": first.isoformat(), "service_records": service,
            "compensation": pay, "beneficiary_birth_date": "1962-05-01", "option_factors": "published"}


def best_of(repeats: int, work) -> float:
    """The fastest of `repeats` runs of work(), in CPU seconds of this process (the machine may be shared: CPU time,
    and the minimum, are the cost)."""
    timings = []
    for _ in range(repeats):
        started = time.process_time()
        work()
        timings.append(time.process_time() - started)
    return min(timings)


def in_process_costs(years: int) -> tuple[float, float]:
    """(engine alone, the command's whole per-member work) in seconds per member, on SAMPLE members."""
    texts = [json.dumps(member(n, years)) for n in range(SAMPLE)]
    requests = [parse_request(parse_json(text)).request for text in texts]

    def engine():
        for request in requests:
            estimate(request)

    def command_work():
        for text in texts:
            json.dumps(serialize(estimate(parse_request(parse_json(text)).request)))

    return best_of(3, engine) / SAMPLE, best_of(3, command_work) / SAMPLE


def write_files(directory: str, members: int, years: int) -> tuple[str, str]:
    lines_path, list_path = os.path.join(directory, "members.jsonl"), os.path.join(directory, "members.json")
    with open(lines_path, "w") as lines, open(list_path, "w") as listed:
        listed.write("[")
        for n in range(members):
            text = json.dumps(member(n, years))
            lines.write(text + "\n")
            listed.write((",\n" if n else "\n") + text)
        listed.write("\n]\n")
    return lines_path, list_path


def run_command(arguments: list[str]) -> tuple[int, float, float, int]:
    """(exit status, wall seconds, CPU seconds, peak resident kB) of `manage.py estimate ARGUMENTS` under
    /usr/bin/time -v."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        completed = subprocess.run([TIME, "-v", sys.executable, "manage.py", "estimate", *arguments],
                                   stdout=sink, stderr=subprocess.PIPE, text=True, cwd=PROJECT, check=False)
    elapsed = time.perf_counter() - started
    report = dict(re.findall(r"^\s*([^:\n]+): (\S+)$", completed.stderr, re.MULTILINE))
    cpu = float(report.get("User time (seconds)", "nan")) + float(report.get("System time (seconds)", "nan"))
    return completed.returncode, elapsed, cpu, int(report.get("Maximum resident set size (kbytes)", -1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=10)
    arguments = parser.parse_args()
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} is missing: apt-get install -y time")

    engine_each, work_each = in_process_costs(arguments.years)
    print(f"in this process, {SAMPLE} members × {arguments.years} years: engine alone {engine_each * 1e3:.3f} ms "
          f"each; the command's work (JSON in, checks, engine, JSON out) {work_each * 1e3:.3f} ms each "
          f"({work_each / engine_each:.1f}×)")
    directory = tempfile.mkdtemp(prefix="bench_estimate_")
    try:
        lines_path, list_path = write_files(directory, arguments.members, arguments.years)
        for face, command in (("JSON lines", ["--lines", "--input", lines_path]),
                              ("JSON list", ["--input", list_path])):
            status, elapsed, cpu, peak_kb = run_command(command)
            each, cpu_each = elapsed / arguments.members, cpu / arguments.members
            print(f"{face:10} exit {status}: {arguments.members:,} members in {elapsed:.1f} s ({cpu:.1f} s of CPU), "
                  f"{each * 1e3:.3f} ms each ({cpu_each * 1e3:.3f} ms of CPU), peak RSS {peak_kb / 1024:.0f} MB, "
                  f"{each / engine_each:.1f}× the engine ({cpu_each / engine_each:.1f}× in CPU time; process "
                  f"start-up included)")
    finally:
        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
