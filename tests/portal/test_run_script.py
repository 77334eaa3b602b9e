"""bin/run tells the portal the address it serves on, so e-mailed links work on any port (issue 15 item 12)."""

import subprocess
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "bin" / "run"


def _base_url_after_run_exports(env):
    exports = [line for line in RUN.read_text().splitlines() if line.startswith("export PORTAL_BASE_URL=")]
    assert len(exports) == 1
    result = subprocess.run(["sh", "-c", f'{exports[0]}\nprintf %s "$PORTAL_BASE_URL"'], env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout


def test_the_links_follow_the_port_the_run_command_serves_on():
    assert _base_url_after_run_exports({"PORT": "8123"}) == "http://127.0.0.1:8123"


def test_the_links_default_to_the_run_commands_default_port():
    assert _base_url_after_run_exports({}) == "http://127.0.0.1:8000"


def test_an_address_set_by_the_operator_is_kept():
    assert _base_url_after_run_exports({"PORT": "8123", "PORTAL_BASE_URL": "https://portal.example"}) == \
        "https://portal.example"
