"""`python manage.py estimate`: pension estimates from JSON (ARCHITECTURE, "The two command-line faces").

Reads one JSON object or a list of them from standard input or `--input FILE`, prints the result as JSON; bad input
prints a JSON error naming the field (and the item's index in a list) and exits with status 2. The loop is the
shared runner (`portal.json_command`); parsing, rules and output live in `pensions.engine.contract`. `--chunks N` fans a
batch out over Celery workers (pensions.tasks.estimate_chunk_task), results written in the input's order.
"""

from __future__ import annotations

from pensions.engine import contract
from pensions.tasks import estimate_chunk_task
from portal.json_command import JsonCommand


class Command(JsonCommand):
    help = "Estimate pensions from JSON on standard input or --input FILE (contract: ARCHITECTURE.md)."
    handle_item = staticmethod(contract.handle_item)
    bad_input = contract.BAD_INPUT
    failures = contract.FAILURES
    error_json = staticmethod(contract.error_json)
    chunk_task = estimate_chunk_task  # --chunks N: the batch fans out over Celery workers
