"""`python manage.py estimate`: pension estimates from JSON (ARCHITECTURE, "The two command-line faces").

Reads one JSON object or a list of them from standard input or `--input FILE`, prints the result as JSON.
Bad input prints a JSON error naming the field (and the item's index in a list) and exits with status 2.
All parsing, rules and output live in `pensions.engine.contract`; this command only moves text.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from pensions.engine.contract import EXIT_BAD_INPUT, EXIT_OK, ContractError, run


class Command(BaseCommand):
    help = "Estimate pensions from JSON on standard input or --input FILE (contract: ARCHITECTURE.md)."
    stealth_options = ("stdin",)  # call_command(..., stdin=io.StringIO(...)) in tests

    def add_arguments(self, parser):
        parser.add_argument("--input", metavar="FILE", help="read the JSON from FILE instead of standard input")

    def handle(self, *args, **options):
        path = options.get("input")
        try:
            if path:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            else:
                text = (options.get("stdin") or sys.stdin).read()
        except (OSError, UnicodeDecodeError) as error:
            output, status = ContractError("input", f"cannot read the input: {error}").as_json(), EXIT_BAD_INPUT
        else:
            output, status = run(text)
        self.stdout.write(json.dumps(output, indent=2))
        if status != EXIT_OK:
            # CommandError's returncode sets the exit status; its message goes to stderr only.
            raise CommandError("estimate failed: see the JSON error above", returncode=status)
