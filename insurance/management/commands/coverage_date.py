"""``python manage.py coverage_date``: when retiree coverage begins, and the rule that decided it.

The shared JSON runner (:mod:`portal.json_command`) around :mod:`insurance.coverage_contract` (the JSON contract of
ARCHITECTURE.md). Reads one JSON object or a list of objects from standard input or ``--input FILE``; prints the
result the same way; bad input prints a JSON error naming the field (and the list item) and exits with status 2.
"""

from insurance import coverage_contract
from portal.json_command import JsonCommand


class Command(JsonCommand):
    help = (
        "Compute when retiree insurance coverage begins (RULES §10). Reads a JSON object or list from stdin or "
        "--input FILE; prints {\"coverage_begins\": \"YYYY-MM-DD\", \"rule\": \"...\"}; bad input exits with status 2."
    )
    handle_item = staticmethod(coverage_contract.handle_item)
    bad_input = (coverage_contract.ContractError,)
    error_json = staticmethod(coverage_contract.error_json)
    input_field = None  # the contract names no field when the text as a whole is not JSON
