"""``python manage.py retirement_facts``: the retirement application's dates and amounts (RULES §11a).

The shared JSON runner (:mod:`portal.json_command`) around :func:`applications.rules.contract.facts` (the contract of
ARCHITECTURE.md). Reads one JSON object or a list of objects from standard input or ``--input FILE`` and prints the
result the same way; bad input prints a JSON error naming the field (and the list item) and exits with status 2.
"""

from applications.rules import contract
from portal.json_command import JsonCommand


class Command(JsonCommand):
    help = ("The retirement application's facts (RULES §11a): RED, apply-by, spousal waiver, required proofs, pay "
            "dates, federal and Michigan withholding, net and billed amounts. Reads a JSON object or list from "
            "stdin or --input FILE; bad input exits with status 2.")
    handle_item = staticmethod(contract.facts)
    bad_input = (contract.FactsInputError,)
    error_json = staticmethod(contract.error_json)
