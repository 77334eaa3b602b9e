"""The JSON contract of ``coverage_date`` without Django (insurance/coverage_contract.py; ARCHITECTURE.md
"python manage.py coverage_date"): fields, shapes, and errors naming the field and the list item."""

import json

import pytest

from insurance.management.commands.coverage_date import Command as CoverageDateCommand
from portal.json_command import EXIT_BAD_INPUT, EXIT_OK


def run(text: str):
    """The command's loop over JSON text (the shared runner), as (exit status, output JSON text)."""
    status, output = CoverageDateCommand().run_text(text)
    return status, json.dumps(output)

VOLUNTARY = {
    "situation": "VOLUNTARY",
    "medicare": False,
    "retirement_effective_date": "2020-01-01",
    "documents_received": "2021-02-10",
    "event_date": None,
}


def ok(payload):
    status, text = run(json.dumps(payload))
    assert status == EXIT_OK, text
    return json.loads(text)


def error(payload_or_text):
    text_in = payload_or_text if isinstance(payload_or_text, str) else json.dumps(payload_or_text)
    status, text = run(text_in)
    assert status == EXIT_BAD_INPUT
    return json.loads(text)


def test_one_object_in_gives_one_object_out_with_exactly_the_two_contract_keys():
    result = ok(VOLUNTARY)
    assert set(result) == {"coverage_begins", "rule"}
    assert result["coverage_begins"] == "2021-08-01"


def test_a_list_in_gives_a_list_out_in_the_same_order():
    plan_change = {"situation": "PLAN_CHANGE", "medicare": True, "documents_received": "2021-12-31"}
    results = ok([VOLUNTARY, plan_change])
    assert [r["coverage_begins"] for r in results] == ["2021-08-01", "2022-02-01"]


def test_an_empty_list_gives_an_empty_list():
    assert ok([]) == []


def test_medicare_may_be_omitted_for_voluntary_enrolment():
    payload = {k: v for k, v in VOLUNTARY.items() if k != "medicare"}
    assert ok(payload)["coverage_begins"] == "2021-08-01"


def test_unknown_keys_are_ignored():
    assert ok({**VOLUNTARY, "name": "a note"})["coverage_begins"] == "2021-08-01"


def test_a_missing_situation_is_named():
    payload = {k: v for k, v in VOLUNTARY.items() if k != "situation"}
    assert error(payload)["field"] == "situation"


def test_an_unknown_situation_is_named_and_the_allowed_values_listed():
    result = error({**VOLUNTARY, "situation": "RETIRING"})
    assert result["field"] == "situation"
    assert "MEDICARE_REENROLL" in result["error"]


def test_a_lower_case_situation_is_not_accepted():
    assert error({**VOLUNTARY, "situation": "voluntary"})["field"] == "situation"


def test_a_missing_documents_received_date_is_named():
    payload = {k: v for k, v in VOLUNTARY.items() if k != "documents_received"}
    result = error(payload)
    assert result["field"] == "documents_received"
    assert "documents_received" in result["error"]


def test_an_impossible_date_is_named():
    result = error({**VOLUNTARY, "documents_received": "2021-02-30"})
    assert result["field"] == "documents_received"
    assert "not a real date" in result["error"]


def test_february_29_of_a_common_year_is_an_impossible_date():
    assert error({**VOLUNTARY, "documents_received": "2023-02-29"})["field"] == "documents_received"


def test_a_date_in_another_format_is_refused():
    assert error({**VOLUNTARY, "documents_received": "02/10/2021"})["field"] == "documents_received"


def test_a_number_instead_of_a_date_is_refused():
    assert error({**VOLUNTARY, "documents_received": 20210210})["field"] == "documents_received"


def test_medicare_must_be_a_boolean():
    assert error({**VOLUNTARY, "medicare": "yes"})["field"] == "medicare"


def test_medicare_is_required_where_it_changes_the_date():
    payload = {"situation": "PLAN_CHANGE", "documents_received": "2021-12-31"}
    assert error(payload)["field"] == "medicare"


def test_at_retirement_requires_the_retirement_effective_date():
    payload = {"situation": "AT_RETIREMENT", "medicare": False, "documents_received": "2020-12-01"}
    assert error(payload)["field"] == "retirement_effective_date"


def test_a_retirement_effective_date_that_is_not_a_first_of_month_is_refused():
    payload = {
        "situation": "AT_RETIREMENT",
        "medicare": False,
        "retirement_effective_date": "2021-01-15",
        "documents_received": "2020-12-01",
    }
    assert error(payload)["field"] == "retirement_effective_date"


def test_a_qualifying_event_requires_the_event_date():
    payload = {"situation": "QUALIFYING_EVENT", "medicare": False, "documents_received": "2021-04-01"}
    assert error(payload)["field"] == "event_date"


def test_a_change_after_retirement_with_documents_before_the_red_names_documents_received():
    assert error({**VOLUNTARY, "documents_received": "2019-12-31"})["field"] == "documents_received"


def test_malformed_json_is_reported():
    result = error('{"situation": "VOLUNTARY",')
    assert result["field"] is None
    assert "malformed JSON" in result["error"]


def test_a_bare_string_is_not_a_case():
    assert "object" in error('"VOLUNTARY"')["error"]


def test_a_bad_list_item_is_named_by_its_index_and_field():
    bad = {**VOLUNTARY, "documents_received": "2021-13-01"}
    result = error([VOLUNTARY, VOLUNTARY, bad])
    assert result["index"] == 2
    assert result["field"] == "documents_received"
    assert result["error"].startswith("item 2: documents_received:")


def test_a_list_item_that_is_not_an_object_is_named_by_its_index():
    assert error([VOLUNTARY, 7])["index"] == 1


def test_a_single_object_error_has_no_index():
    assert error({**VOLUNTARY, "situation": "X"})["index"] is None


@pytest.mark.parametrize("field", ["retirement_effective_date", "event_date"])
def test_optional_dates_are_still_validated_when_given(field):
    assert error({**VOLUNTARY, field: "2021-04-31"})["field"] == field
