"""insurance/rules/ and insurance/coverage_contract.py are pure Python (ARCHITECTURE.md "rules.py — pure
functions over plain data"): importing them must not import Django."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


# Every module of the rules package, found on disk, so a new topic module is covered the day it is added.
RULE_MODULES = sorted(f"insurance.rules.{path.stem}" for path in (REPO / "insurance" / "rules").glob("*.py")
                      if path.stem != "__init__")


def test_every_topic_module_is_checked():
    topics = {"effective_dates", "enrolment", "dependents", "proofs", "medicare", "subsidy", "life", "catalogue"}
    assert topics <= {module.rsplit(".", 1)[1] for module in RULE_MODULES}


@pytest.mark.parametrize("module", ["insurance.rules", *RULE_MODULES, "insurance.coverage_contract"])
def test_the_module_imports_without_django(module):
    code = f"import sys, {module}; sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr or "django was imported"
