"""The shared runner of the JSON commands (portal/json_command.py; ARCHITECTURE "The two command-line faces";
issue 12 item 12): one object or a list in, the same out; a JSON error naming the field and exit status 2 for any
bad input, never a traceback."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal.json_command import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, run

PROJECT = Path(__file__).resolve().parents[2]


class Wrong(ValueError):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


class Broken(RuntimeError):
    field, message = "table", "the data file is missing"


def error_json(field, message, index):
    return {"field": field, "message": message, "index": index}


def double(item):
    if not isinstance(item.get("n"), int):
        raise Wrong("n", "must be an integer")
    if item["n"] < 0:
        raise Broken
    return {"twice": item["n"] * 2}


def runner(text):
    return run(text, double, bad_input=(Wrong,), error_json=error_json, failures=(Broken,))


def test_an_object_gives_an_object():
    assert runner('{"n": 2}') == (EXIT_OK, {"twice": 4})


def test_a_list_gives_a_list_in_order():
    assert runner('[{"n": 1}, {"n": 3}]') == (EXIT_OK, [{"twice": 2}, {"twice": 6}])


def test_a_bad_item_names_its_field_and_index_and_nothing_else_is_returned():
    assert runner('[{"n": 1}, {"n": "x"}]') == (EXIT_BAD_INPUT, {"field": "n", "message": "must be an integer",
                                                                  "index": 1})


def test_an_item_that_is_not_an_object_is_named_by_its_index():
    status, output = runner('[{"n": 1}, 7]')
    assert (status, output["index"]) == (EXIT_BAD_INPUT, 1)


def test_a_scalar_document_is_refused_against_the_input():
    assert runner("7")[1]["field"] == "input"


def test_a_failure_that_is_not_the_inputs_fault_exits_with_status_1():
    assert runner('{"n": -1}') == (EXIT_FAILURE, {"field": "table", "message": "the data file is missing",
                                                  "index": None})


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('{"n": ' + "9" * 100_000 + "}", "digits"),
        ('{"n": NaN}', "NaN"),
        ('{"n": Infinity}', "Infinity"),
        ('{"n": 1', "malformed"),
        ("", "malformed"),
    ],
)
def test_text_that_is_not_usable_json_is_a_bad_input_naming_the_input(text, why):
    status, output = runner(text)
    assert status == EXIT_BAD_INPUT
    assert output["field"] == "input"
    assert why in output["message"]


def test_a_value_nested_too_deep_to_describe_is_a_bad_input_of_its_item():
    def describe(item):
        return {"shown": repr(item)}  # recursion in the handler, after the JSON parsed

    nested = {"n": []}
    for _ in range(100_000):
        nested = {"n": [nested]}
    status, output = run('{"n": 1}', lambda item: describe(nested), bad_input=(Wrong,), error_json=error_json)
    assert (status, output["index"]) == (EXIT_BAD_INPUT, None)
    assert "nested" in output["message"]


# --- through a real command (estimate and coverage_date both use the runner) --------------------------------


def test_an_unreadable_input_file_exits_2_naming_the_option(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("estimate", "--input", str(tmp_path / "missing.json"), stdout=out)
    assert raised.value.returncode == 2
    assert json.loads(out.getvalue())["error"]["field"] == "--input"


def test_a_file_that_is_not_utf8_exits_2_naming_the_option(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"system": "SÉRS"}'.encode("latin-1"))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("estimate", "--input", str(path), stdout=out)
    assert "UTF-8" in json.loads(out.getvalue())["error"]["message"]


@pytest.mark.parametrize("command", ["estimate", "coverage_date"])
def test_a_real_process_given_bytes_that_are_not_utf8_exits_2_with_json_and_no_traceback(command):
    completed = subprocess.run([sys.executable, "manage.py", command], input=b'{"a": "\xff\xfe"}',
                               capture_output=True, cwd=PROJECT, check=False, timeout=120)
    assert completed.returncode == 2
    assert "UTF-8" in json.dumps(json.loads(completed.stdout))
    assert b"Traceback" not in completed.stderr


@pytest.mark.parametrize("command", ["estimate", "coverage_date"])
def test_a_real_process_given_json_nested_100000_deep_exits_2_with_json_and_no_traceback(command):
    completed = subprocess.run([sys.executable, "manage.py", command], input="[" * 100_000 + "]" * 100_000,
                               capture_output=True, text=True, cwd=PROJECT, check=False, timeout=120)
    assert completed.returncode == 2
    assert "nested too deeply" in json.dumps(json.loads(completed.stdout))
    assert "Traceback" not in completed.stderr


# --- --lines: JSON lines in and out, one case at a time (issue 16 item 6) ----------------------------------------

def test_json_lines_in_give_json_lines_out_in_order(tmp_path):
    cases = [{"situation": "PLAN_CHANGE", "medicare": False, "documents_received": f"2021-12-{day:02d}"}
             for day in (1, 31)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(case) for case in cases) + "\n\n")
    out = io.StringIO()
    call_command("coverage_date", "--lines", "--input", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["coverage_begins"] for line in lines] == ["2022-01-01", "2022-01-01"]


def test_a_bad_json_line_gets_its_error_in_place_the_others_are_computed_and_the_exit_is_2():
    good = json.dumps({"situation": "PLAN_CHANGE", "medicare": True, "documents_received": "2021-12-31"})
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("coverage_date", "--lines", stdin=io.StringIO(f"{good}\n{{not json\n{good}\n"), stdout=out)
    assert raised.value.returncode == 2
    first, error, last = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == last and first["coverage_begins"] == "2022-02-01"
    assert error["index"] == 1 and "malformed JSON" in error["error"]


def test_a_real_process_streams_estimates_as_json_lines():
    member = {"system": "SERS", "structure": "DB_CLASSIFIED", "birth_date": "1945-10-01",
              "retirement_effective_date": "2005-10-01", "fac": "41875.37", "yos": "31"}
    completed = subprocess.run([sys.executable, "manage.py", "estimate", "--lines"],
                               input="\n".join(json.dumps(member) for _ in range(3)), capture_output=True,
                               text=True, cwd=PROJECT, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert [json.loads(line)["eligibility"]["provision"] for line in completed.stdout.splitlines()] == ["FULL_60_10"] * 3
