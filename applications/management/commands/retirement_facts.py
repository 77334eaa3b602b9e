"""``python manage.py retirement_facts``: the retirement application's dates and amounts (RULES §11a).

A thin shell around :func:`applications.rules.contract.facts` (the contract of ARCHITECTURE.md). Reads one JSON
object or a list of objects from standard input or ``--input FILE`` and prints the result the same way; bad input
prints a JSON error naming the field (and the list item) and exits with status 2, printing nothing else.

(When the shared runner ``portal.json_command`` lands this becomes ``JsonCommand`` with
``handle_item = contract.facts``, ``bad_input = (contract.FactsInputError,)``, ``error_json = contract.error_json``.)
"""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from applications.rules.contract import FactsInputError, error_json, facts

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = ("The retirement application's facts (RULES §11a): RED, apply-by, spousal waiver, required proofs, pay "
            "dates, federal and Michigan withholding, net and billed amounts. Reads a JSON object or list from "
            "stdin or --input FILE; bad input exits with status 2.")
    stealth_options = ("stdin",)  # call_command(..., stdin=io.StringIO(...)) in tests
    requires_system_checks = ()  # pure rules, no database

    def add_arguments(self, parser):
        parser.add_argument("--input", metavar="FILE", help="read the JSON from FILE instead of standard input")

    def handle(self, *args, **options):
        index = None
        try:
            payload = self._payload(options.get("input"), options.get("stdin"))
            if isinstance(payload, list):
                output = []
                for index, item in enumerate(payload):
                    output.append(facts(item))
            elif isinstance(payload, dict):
                output = facts(payload)
            else:
                raise FactsInputError("input", "expected a JSON object or a list of objects")
        except FactsInputError as error:
            self.stdout.write(json.dumps(error_json(error.field, error.message, index)))
            raise CommandError("retirement_facts: bad input, see the JSON error above", returncode=EXIT_BAD_INPUT)
        self.stdout.write(json.dumps(output, indent=2))

    @staticmethod
    def _payload(path, stdin):
        try:
            if path:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            else:
                text = (stdin or sys.stdin).read()
        except (OSError, UnicodeDecodeError) as error:
            raise FactsInputError("--input" if path else "input", f"cannot read the input: {error}") from None
        try:
            return json.loads(text, parse_float=Decimal)
        except (json.JSONDecodeError, RecursionError, ValueError) as error:
            raise FactsInputError("input", f"malformed JSON: {error}") from None
