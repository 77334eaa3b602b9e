"""``python manage.py coverage_date``: when retiree coverage begins, and the rule that decided it.

A thin shell around :mod:`insurance.coverage_contract` (the JSON contract of ARCHITECTURE.md) and
:func:`insurance.rules.coverage_effective_date`. Reads one JSON object or a list of objects from standard input or
``--input FILE``; prints the result the same way; bad input prints a JSON error naming the field (and the list
item) and exits with status 2.
"""

import json
import sys

from django.core.management.base import BaseCommand

from insurance import coverage_contract


class Command(BaseCommand):
    help = (
        "Compute when retiree insurance coverage begins (RULES §10). Reads a JSON object or list from stdin or "
        "--input FILE; prints {\"coverage_begins\": \"YYYY-MM-DD\", \"rule\": \"...\"}; bad input exits with status 2."
    )
    # Tests (and callers) may pass a text stream as ``stdin`` to call_command.
    stealth_options = ("stdin",)
    # Pure rules, no database: the command must answer even while another app's checks fail.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--input", metavar="FILE", help="read the JSON from FILE instead of standard input")

    def handle(self, *args, **options):
        path = options.get("input")
        if path:
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except OSError as exc:
                error = {"error": f"--input: cannot read {path}: {exc.strerror}", "field": "--input", "index": None}
                self._finish(coverage_contract.EXIT_BAD_INPUT, json.dumps(error))
                return
        else:
            text = (options.get("stdin") or sys.stdin).read()
        self._finish(*coverage_contract.run(text))

    def _finish(self, status, output):
        self.stdout.write(output)
        if status != coverage_contract.EXIT_OK:
            self.stdout.flush()
            sys.exit(status)
