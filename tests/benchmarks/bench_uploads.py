"""Benchmark of the upload checker against files built to exhaust it (SECURITY.md FI-4): not a test, prints figures.

    .venv/bin/python tests/benchmarks/bench_uploads.py

Budget: every bomb or oversized file is refused within two seconds. Exits with status 1 when one is accepted or
takes longer. (The refusal itself is asserted by tests/accounts/test_uploads.py; the time is measured here, away
from a shared CI machine's load.)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from accounts.uploads import UploadRejected, validate_upload  # noqa: E402
from tests.accounts.upload_corpus import BOMBS  # noqa: E402

BUDGET_SECONDS = 2.0


def refusal_seconds(sample) -> float | None:
    """Seconds the checker took to refuse ``sample``; None when it accepted it."""
    upload = sample.upload()
    started = time.monotonic()
    try:
        validate_upload(upload)
    except UploadRejected:
        return time.monotonic() - started
    return None


def main() -> int:
    failures = []
    for sample in BOMBS:
        seconds = refusal_seconds(sample)
        verdict = "ACCEPTED" if seconds is None else f"{seconds * 1000:8.1f} ms"
        print(f"{sample.id:<45} {verdict}")
        if seconds is None or seconds >= BUDGET_SECONDS:
            failures.append(sample.id)
    print(f"{len(BOMBS)} files; over the {BUDGET_SECONDS:.0f} s budget or accepted: {failures or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
