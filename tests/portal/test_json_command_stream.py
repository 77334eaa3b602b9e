"""The list face of the JSON commands streams (portal/json_command.py; issue 16 item 6): a JSON list is read one
item at a time and each result is written as it is computed, yet the printed text is exactly what the whole-document
runner prints. An error in item k prints only that error, with ``"index": k``: the results of items 0 … k−1 are not
printed (the list contract: one JSON document, a list or an error) and items after k are not read."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from insurance.management.commands.coverage_date import Command as CoverageDateCommand
from pensions.management.commands.estimate import Command as EstimateCommand
from portal import json_command
from portal.json_command import EXIT_BAD_INPUT, EXIT_OK, JsonCommand, ListReader, TextSource

from ..engine.members import MPSERS_MEMBER, MR_MAC

COVERAGE = {"situation": "PLAN_CHANGE", "medicare": False, "documents_received": "2021-12-01"}


class Wrong(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


class Counting(JsonCommand):
    """A command that doubles ``n`` and remembers which items it was given."""

    bad_input = (Wrong,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen = []

    def handle_item(self, item):
        self.seen.append(item.get("n"))
        if not isinstance(item.get("n"), int):
            raise Wrong("n", "must be an integer")
        return {"twice": item["n"] * 2}

    @staticmethod
    def error_json(field, message, index):
        return {"error": {"field": field, "message": message, "index": index}}


def printed(command, text, *arguments):
    """(exit status, printed text) of a command given ``text`` on standard input."""
    out = io.StringIO()
    try:
        call_command(command, *arguments, stdin=io.StringIO(text), stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return EXIT_OK, out.getvalue()


@pytest.fixture
def small_reads(monkeypatch):
    """Read the input three characters at a time, so every item, string and number spans several reads."""
    monkeypatch.setattr(json_command, "READ_SIZE", 3)


@pytest.mark.parametrize(
    ("command", "cases"),
    [
        (EstimateCommand, [MR_MAC, MPSERS_MEMBER, {**MR_MAC, "yos": 25.5}]),
        (CoverageDateCommand, [COVERAGE, {**COVERAGE, "medicare": True}]),
    ],
)
def test_a_streamed_list_prints_exactly_what_the_whole_document_runner_prints(small_reads, command, cases):
    text = json.dumps(cases, indent=1)
    status, whole = command().run_text(text)
    assert printed(command(), text) == (status, json.dumps(whole, indent=2) + "\n")


def test_an_empty_list_prints_an_empty_list():
    assert printed(Counting(), " [ ] ") == (EXIT_OK, "[]\n")


def test_a_single_object_still_prints_one_object(small_reads):
    assert printed(Counting(), '{"n": 21}') == (EXIT_OK, json.dumps({"twice": 42}, indent=2) + "\n")


def test_numbers_cut_by_a_read_are_decoded_whole(small_reads):
    status, text = printed(Counting(), '[{"n": 1234567}, {"n": 89}]')
    assert [item["twice"] for item in json.loads(text)] == [2469134, 178]


def test_an_error_in_item_k_prints_only_its_error_with_index_k_and_later_items_are_not_read():
    command = Counting()
    status, text = printed(command, '[{"n": 1}, {"n": 2}, {"n": "x"}, {"n": 4}, {"n": ')
    assert status == EXIT_BAD_INPUT
    assert json.loads(text) == {"error": {"field": "n", "message": "must be an integer", "index": 2}}
    assert command.seen == [1, 2, "x"]


def test_malformed_json_after_good_items_is_an_input_error_at_its_line_and_column(small_reads):
    status, text = printed(Counting(), '[{"n": 1},\n {"n": 2},\n {"n": 3} {"n": 4}]')
    assert status == EXIT_BAD_INPUT
    error = json.loads(text)["error"]
    assert (error["field"], error["index"]) == ("input", None)
    assert error["message"] == "malformed JSON at line 3 column 11: Expecting ',' delimiter"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"n": 1},]', "Expecting value"),
        ('[{"n": 1}] [', "Extra data"),
        ('[{"n": NaN}]', "NaN is not a number"),
        ('[{"n": 1}', "Expecting ',' delimiter"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_a_list_that_is_not_usable_json_is_an_input_error(text, message):
    status, printed_text = printed(Counting(), text)
    assert status == EXIT_BAD_INPUT
    assert message in json.loads(printed_text)["error"]["message"]


def test_bytes_that_are_not_utf8_in_a_later_item_name_their_offset_in_the_whole_input(small_reads):
    good = b'[{"n": 1}, {"n": 2}, '
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(Counting(), stdin=io.TextIOWrapper(io.BytesIO(good + b'{"n": "\xff"}]')), stdout=out)
    assert json.loads(out.getvalue())["error"]["message"] == f"the input is not UTF-8 text (byte {len(good) + 7})"


def test_the_list_reader_reads_ahead_of_the_current_item_by_at_most_about_its_length(small_reads):
    stream = io.StringIO("[" + ", ".join(json.dumps({"n": n, "pad": "x" * 50}) for n in range(100)) + "]")
    items = iter(ListReader(TextSource(stream, "input")))
    assert next(items)["n"] == 0
    first_item_length = len(json.dumps({"n": 0, "pad": "x" * 50}))
    assert stream.tell() <= 2 * (1 + first_item_length) + json_command.READ_SIZE  # the buffer doubles, no more
    assert [item["n"] for item in items] == list(range(1, 100))
