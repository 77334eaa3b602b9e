"""`python manage.py estimate`: pension estimates from JSON (ARCHITECTURE, "The two command-line faces").

Reads one JSON object or a list of them from standard input or `--input FILE`, prints the result as JSON; bad input
prints a JSON error naming the field (and the item's index in a list) and exits with status 2. The loop is the
shared runner (`portal.json_command`); parsing, rules and output live in `pensions.engine.contract`.
"""

from __future__ import annotations

from pensions.engine import contract
from portal.json_command import JsonCommand


class Command(JsonCommand):
    help = "Estimate pensions from JSON on standard input or --input FILE (contract: ARCHITECTURE.md)."
    handle_item = staticmethod(contract.handle_item)
    bad_input = (contract.ContractError,)
    failures = (contract.EngineFailure,)
    error_json = staticmethod(contract.error_json)
