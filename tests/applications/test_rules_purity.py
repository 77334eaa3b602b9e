"""applications/rules/ is pure Python (ARCHITECTURE.md: "applications/ rules… pure Python"; issue 17 item 1): importing
any of its modules, and computing the facts, must not import Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import applications.rules

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(f"applications.rules.{info.name}" for info in pkgutil.iter_modules(applications.rules.__path__))


def test_every_rules_module_and_the_facts_import_no_django():
    code = ("import sys; " + "; ".join(f"import {module}" for module in MODULES) + "; "
            "from applications.rules.contract import facts; "
            "facts({'system': 'SERS', 'eligible_on': '2024-08-14', 'terminated_on': '2026-05-29', "
            "'submitted_on': '2026-02-10', 'married': False, 'option': 'STRAIGHT_LIFE', "
            "'monthly_pension': '3000', 'tax_year': 2026}); "
            "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)")
    completed = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                               cwd=REPO)
    assert completed.returncode == 0, completed.stderr or "django was imported"
    assert "applications.rules.contract" in MODULES and len(MODULES) >= 9
