"""insurance/rules.py and insurance/coverage_contract.py are pure Python (ARCHITECTURE.md "rules.py — pure
functions over plain data"): importing them must not import Django."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("module", ["insurance.rules", "insurance.coverage_contract"])
def test_the_module_imports_without_django(module):
    code = f"import sys, {module}; sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert completed.returncode == 0, completed.stderr or "django was imported"
