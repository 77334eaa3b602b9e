"""``python manage.py coverage_date`` end to end (ARCHITECTURE.md; RULES §10 effective-date table; [002] step 3).

The public examples are read from tests/data/examples.json (a byte-identical copy of ../shared/domain/examples.json)
and run through the real command, both in-process (call_command) and as a real process (exit status, stdout).
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO = Path(__file__).resolve().parents[2]
EXAMPLES_PATH = REPO / "tests" / "data" / "examples.json"
EXAMPLES = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))["coverage_date"]


def command(payload):
    """Run the command in-process; returns (exit status, parsed JSON output)."""
    out = io.StringIO()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        call_command("coverage_date", stdin=io.StringIO(text), stdout=out)
        status = 0
    except CommandError as exit_:
        status = exit_.returncode
    return status, json.loads(out.getvalue())


def manage(*args, stdin=""):
    return subprocess.run(
        [sys.executable, "manage.py", "coverage_date", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def check_expectations(result, expect):
    for key, value in expect.items():
        assert result[key] == value, (key, result)


# --- The public examples ----------------------------------------------------------------------------------------


def test_the_examples_file_has_the_two_coverage_date_examples():
    assert len(EXAMPLES) == 2


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_each_public_example_is_reproduced_by_the_command(example):
    status, result = command(example["input"])
    assert status == 0
    check_expectations(result, example["expect"])


def test_the_public_examples_are_reproduced_by_a_real_process_reading_a_file(tmp_path):
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps([e["input"] for e in EXAMPLES]), encoding="utf-8")
    completed = manage("--input", str(cases))
    assert completed.returncode == 0, completed.stderr
    results = json.loads(completed.stdout)
    for example, result in zip(EXAMPLES, results, strict=True):
        check_expectations(result, example["expect"])


def test_a_real_process_reads_one_case_from_standard_input():
    completed = manage(stdin=json.dumps(EXAMPLES[0]["input"]))
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["coverage_begins"] == EXAMPLES[0]["expect"]["coverage_begins"]


# --- Our own case for every row of the effective-date table, at the boundary days (RULES §10) ---------------------


def at_retirement(medicare, red, received):
    return {
        "situation": "AT_RETIREMENT",
        "medicare": medicare,
        "retirement_effective_date": red,
        "documents_received": received,
    }


def after(situation, medicare, received, event=None):
    return {
        "situation": situation,
        "medicare": medicare,
        "retirement_effective_date": "2015-01-01",
        "documents_received": received,
        "event_date": event,
    }


TABLE = [
    # row 1, no Medicare: before the RED -> the RED; on the RED is not before it.
    ("at retirement, last day before the RED", at_retirement(False, "2021-01-01", "2020-12-31"), "2021-01-01"),
    ("at retirement, documents on the RED", at_retirement(False, "2021-01-01", "2021-01-01"), "2021-02-01"),
    # row 1, Medicare: before the first of the month before the RED -> the RED; else one month later.
    ("medicare, last day before Dec 1", at_retirement(True, "2021-01-01", "2020-11-30"), "2021-01-01"),
    ("medicare, on Dec 1 (the workbook)", at_retirement(True, "2021-01-01", "2020-12-01"), "2021-02-01"),
    ("medicare, Dec 31", at_retirement(True, "2021-01-01", "2020-12-31"), "2021-02-01"),
    ("medicare, across the year end", at_retirement(True, "2022-01-01", "2021-11-30"), "2022-01-01"),
    # row 2: general rule, 1st / 2nd month after receipt, to the 30th day after the RED.
    ("general, 30th day", at_retirement(False, "2021-01-01", "2021-01-31"), "2021-02-01"),
    ("general with medicare, 30th day", at_retirement(True, "2021-01-01", "2021-01-31"), "2021-03-01"),
    ("general, leap February 30th day", at_retirement(False, "2024-02-01", "2024-03-02"), "2024-04-01"),
    # row 3: later than 30 calendar days -> 6th month.
    ("late, 31st day", at_retirement(False, "2021-01-01", "2021-02-01"), "2021-08-01"),
    ("late with medicare, 31st day", at_retirement(True, "2021-01-01", "2021-02-01"), "2021-08-01"),
    ("late, leap February 31st day", at_retirement(False, "2024-02-01", "2024-03-03"), "2024-09-01"),
    ("late, across the year end", at_retirement(False, "2021-12-01", "2022-01-01"), "2022-07-01"),
    # row 4: qualifying event within 30 days -> 1st / 2nd month.
    ("event, 30th day", after("QUALIFYING_EVENT", False, "2021-04-14", "2021-03-15"), "2021-05-01"),
    ("event with medicare, 30th day", after("QUALIFYING_EVENT", True, "2021-04-14", "2021-03-15"), "2021-06-01"),
    ("event, 30th day across the year end", after("QUALIFYING_EVENT", False, "2022-01-14", "2021-12-15"), "2022-02-01"),
    # row 5: qualifying event late, or voluntary -> 6th month.
    ("event, 31st day", after("QUALIFYING_EVENT", False, "2021-04-15", "2021-03-15"), "2021-10-01"),
    ("event with medicare, 31st day", after("QUALIFYING_EVENT", True, "2021-04-15", "2021-03-15"), "2021-10-01"),
    ("voluntary, first of a month", after("VOLUNTARY", False, "2021-08-01"), "2022-02-01"),
    ("voluntary with medicare, Dec 31", after("VOLUNTARY", True, "2021-12-31"), "2022-06-01"),
    # row 6: plan change -> 1st / 2nd month.
    ("plan change, Dec 31", after("PLAN_CHANGE", False, "2021-12-31"), "2022-01-01"),
    ("plan change with medicare, Dec 31", after("PLAN_CHANGE", True, "2021-12-31"), "2022-02-01"),
    ("plan change, Jan 1", after("PLAN_CHANGE", False, "2022-01-01"), "2022-02-01"),
    # Medicare re-enrolment -> 6th month after all forms and proofs.
    ("medicare re-enrolment, first of a month", after("MEDICARE_REENROLL", True, "2021-07-01"), "2022-01-01"),
    ("medicare re-enrolment, leap day", after("MEDICARE_REENROLL", True, "2024-02-29"), "2024-08-01"),
]


@pytest.mark.parametrize(("case", "expected"), [c[1:] for c in TABLE], ids=[c[0] for c in TABLE])
def test_each_effective_date_row_gives_the_expected_first_day_at_its_boundary(case, expected):
    status, result = command(case)
    assert status == 0
    assert result["coverage_begins"] == expected
    assert result["rule"]


def test_the_whole_table_as_one_list_gives_the_results_in_order():
    status, results = command([c[1] for c in TABLE])
    assert status == 0
    assert [r["coverage_begins"] for r in results] == [c[2] for c in TABLE]


# --- Bad input: a JSON error naming the field (and the list item), exit status 2 ---------------------------------


def test_a_missing_field_exits_2_naming_it():
    status, result = command({"situation": "VOLUNTARY", "medicare": False})
    assert status == 2
    assert result["field"] == "documents_received"


def test_an_unknown_situation_exits_2_naming_the_field():
    status, result = command({**EXAMPLES[0]["input"], "situation": "RETIRE"})
    assert status == 2
    assert result["field"] == "situation"


def test_an_impossible_date_exits_2_naming_the_field():
    status, result = command({**EXAMPLES[0]["input"], "retirement_effective_date": "2021-02-29"})
    assert status == 2
    assert result["field"] == "retirement_effective_date"


def test_malformed_json_exits_2_with_a_json_error():
    status, result = command("{not json")
    assert status == 2
    assert "malformed JSON" in result["error"]


def test_a_bad_item_in_a_list_exits_2_naming_its_index_and_prints_no_results():
    status, result = command([EXAMPLES[0]["input"], {**EXAMPLES[1]["input"], "medicare": "true"}])
    assert status == 2
    assert result == {"error": result["error"], "field": "medicare", "index": 1}


def test_an_unreadable_input_file_exits_2_naming_the_option(tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as exit_:
        call_command("coverage_date", input=str(tmp_path / "missing.json"), stdout=out)
    assert exit_.value.returncode == 2
    assert json.loads(out.getvalue())["field"] == "--input"


def test_a_real_process_exits_with_status_2_and_prints_the_json_error_on_stdout():
    completed = manage(stdin=json.dumps([EXAMPLES[0]["input"], {"situation": "VOLUNTARY"}]))
    assert completed.returncode == 2
    result = json.loads(completed.stdout)
    assert (result["field"], result["index"]) == ("documents_received", 1)
