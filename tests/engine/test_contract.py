"""The estimate command's JSON contract: validation and output (ARCHITECTURE "python manage.py estimate")."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pensions.management.commands.estimate import Command as EstimateCommand
from portal.json_command import EXIT_BAD_INPUT, EXIT_OK

from .members import MR_MAC


def run(text: str):
    """The estimate command's loop over JSON text (the shared runner), as (output, exit status)."""
    status, output = EstimateCommand().run_text(text)
    return output, status


def error_of(payload):
    output, status = run(json.dumps(payload) if not isinstance(payload, str) else payload)
    assert status == EXIT_BAD_INPUT
    return output["error"]


def test_malformed_json_is_a_bad_input():
    """ARCHITECTURE: malformed JSON → JSON error, exit status 2."""
    assert error_of('{"system": "SERS",')["field"] == "input"


def test_an_unknown_structure_names_the_field():
    """ARCHITECTURE: unknown structure → error naming the field."""
    assert error_of({**MR_MAC, "structure": "DB_40"})["field"] == "structure"


def test_a_structure_of_the_other_system_is_refused():
    """RULES §1: BASIC is an MPSERS structure."""
    assert error_of({**MR_MAC, "structure": "BASIC"})["field"] == "structure"


def test_mpsers_members_are_regular_employees():
    """RULES §1: MPSERS members are regular."""
    payload = {**MR_MAC, "system": "MPSERS", "structure": "MIP_FIXED", "employment_type": "COVERED"}
    assert error_of(payload)["field"] == "employment_type"


def test_fac_and_compensation_together_are_contradictory():
    """ARCHITECTURE: either fac or compensation, not both."""
    payload = {**MR_MAC, "compensation": [{"start": "2002-03-06", "end": "2003-03-05", "amount": "1"}]}
    assert error_of(payload)["field"] == "fac"


def test_yos_and_service_records_together_are_contradictory():
    """ARCHITECTURE: either yos or service_records, not both."""
    payload = {**MR_MAC, "service_records": [{"start": "2002-03-06", "end": "2002-03-19", "cycle": "BIWEEKLY",
                                              "hours": "80"}]}
    assert error_of(payload)["field"] == "yos"


def test_a_missing_birth_date_names_the_field():
    """ARCHITECTURE: a missing field → error naming it."""
    payload = dict(MR_MAC)
    del payload["birth_date"]
    assert error_of(payload)["field"] == "birth_date"


def test_an_impossible_date_names_the_field():
    """ARCHITECTURE: impossible dates → error."""
    assert error_of({**MR_MAC, "birth_date": "1945-02-30"})["field"] == "birth_date"


def test_a_red_not_on_the_first_of_a_month_is_refused():
    """RULES §3: the RED is always the first day of a month."""
    assert error_of({**MR_MAC, "retirement_effective_date": "2003-04-15"})["field"] == "retirement_effective_date"


def test_a_red_before_the_termination_month_ends_is_refused():
    """RULES §3: the RED follows the month of termination."""
    payload = {**MR_MAC, "termination_date": "2003-04-10"}
    assert error_of(payload)["field"] == "retirement_effective_date"


def test_a_negative_amount_names_the_field():
    """ARCHITECTURE: negative amounts → error."""
    assert error_of({**MR_MAC, "fac": "-1"})["field"] == "fac"


def test_a_negative_amount_inside_a_list_names_the_item():
    """ARCHITECTURE: the field inside a compensation list is named with its position."""
    payload = {**MR_MAC, "fac": None,
               "compensation": [{"start": "2002-03-06", "end": "2003-03-05", "amount": "-5"}]}
    assert error_of(payload)["field"] == "compensation[0].amount"


def test_a_bad_item_in_a_list_of_estimates_is_reported_by_index():
    """ARCHITECTURE: in a list, say which item."""
    error = error_of([MR_MAC, {**MR_MAC, "system": "XERS"}])
    assert (error["index"], error["field"]) == (1, "system")


def test_covered_years_above_total_service_are_contradictory():
    """RULES §3: covered YOS are part of the total."""
    assert error_of({**MR_MAC, "covered_yos": "40"})["field"] == "covered_yos"


def test_both_social_security_amounts_are_contradictory():
    """ARCHITECTURE: social_security_age65 or social_security_fra, not both."""
    payload = {**MR_MAC, "social_security_age65": "1533", "social_security_fra": "1600"}
    assert error_of(payload)["field"] == "social_security_age65"


def test_numbers_are_accepted_for_money_and_years():
    """ARCHITECTURE: numbers are accepted on input."""
    output, status = run(json.dumps({**MR_MAC, "fac": 41875.37, "yos": 31}))
    assert status == EXIT_OK
    assert output["straight_life"]["annual"] == "19472.05"


def test_a_list_gives_a_list_of_results():
    """ARCHITECTURE: one JSON object or a list, printed the same way."""
    output, status = run(json.dumps([MR_MAC, MR_MAC]))
    assert status == EXIT_OK
    assert len(output) == 2


def test_unknown_fields_are_listed_as_ignored():
    """contract.py: a misspelt field never passes unnoticed."""
    output, _ = run(json.dumps({**MR_MAC, "beneficary_birth_date": "1951-10-01"}))
    assert output["ignored_fields"] == ["beneficary_birth_date"]


def test_amounts_are_rounded_half_up_to_cents_and_yos_to_four_places():
    """ARCHITECTURE / RULES preamble: money half-up to cents, YOS to four decimals."""
    output, _ = run(json.dumps({**MR_MAC, "fac": "41875.37", "yos": "25"}))
    assert output["yos"] == "25.0000"
    assert output["straight_life"]["monthly"] == "1308.61"  # 1,308.6053…


@pytest.mark.parametrize("field", ["retirement_effective_date", "termination_date"])
def test_either_a_red_or_a_termination_date_is_needed(field):
    """RULES §3: the RED is given, or computed from the termination date."""
    payload = {key: value for key, value in MR_MAC.items() if key != "retirement_effective_date"}
    assert error_of(payload)["field"] == "retirement_effective_date"


def test_a_beneficiary_born_after_a_computed_red_names_the_field():
    """ARCHITECTURE: impossible dates → error naming the field, also when the RED is computed (RULES §3)."""
    payload = {key: value for key, value in MR_MAC.items() if key != "retirement_effective_date"}
    payload |= {"termination_date": "2003-03-05", "beneficiary_birth_date": "2003-06-01"}
    assert error_of(payload)["field"] == "beneficiary_birth_date"


STRUCTURES = {"SERS": ["DB_CLASSIFIED", "DB_30", "DB_DC_BLEND"],
              "MPSERS": ["BASIC", "BASIC_4", "BASIC_DC_CONVERTED", "MIP_FIXED", "MIP_GRADED", "MIP_PLUS", "MIP_7",
                         "MIP_DC_CONVERTED"]}


@st.composite
def any_member(draw):
    system = draw(st.sampled_from(sorted(STRUCTURES)))
    iso = st.dates(min_value=date(1920, 1, 1), max_value=date(2040, 12, 31)).map(date.isoformat)
    amount = st.decimals(min_value=0, max_value=400000, places=2).map(str)
    member = {
        "system": system,
        "structure": draw(st.sampled_from(STRUCTURES[system])),
        "birth_date": draw(iso),
        "retirement_effective_date": draw(st.dates(min_value=date(1970, 1, 1), max_value=date(2040, 12, 1)))
        .replace(day=1).isoformat(),
        "active": draw(st.booleans()),
        "fac": draw(amount),
        "yos": draw(st.decimals(min_value=0, max_value=45, places=4).map(str)),
        "option_factors": draw(st.sampled_from(["published", "actuarial"])),
    }
    if system == "SERS":
        member["employment_type"] = draw(st.sampled_from(
            ["REGULAR", "COVERED", "CONSERVATION_OFFICER", "UNCLASSIFIED", "FACILITY_CLOSURE"]))
    optional = {
        "beneficiary_birth_date": iso, "social_security_age65": amount, "hire_date": iso,
        "covered_yos": st.decimals(min_value=0, max_value=30, places=2).map(str),
        "conservation_officer_yos": st.decimals(min_value=0, max_value=30, places=2).map(str),
        "retirement_type": st.sampled_from(["SERVICE", "DUTY_DISABILITY", "NONDUTY_DISABILITY"]),
        "termination_date": iso,
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            member[name] = draw(strategy)
    return member


@settings(max_examples=200, deadline=None)
@given(any_member())
def test_any_well_typed_input_gets_a_result_or_an_error_naming_a_field(member):
    """ARCHITECTURE: the command answers every input with a result or a JSON error (exit 2), never a crash."""
    output, status = run(json.dumps(member))
    assert status in (EXIT_OK, EXIT_BAD_INPUT)
    if status == EXIT_BAD_INPUT:
        assert output["error"]["field"]
    else:
        assert output["eligibility"]["provision"]



def test_fac_with_an_empty_compensation_list_is_contradictory():
    """ARCHITECTURE: either fac or compensation, not both (an empty list is still a second source)."""
    assert error_of({**MR_MAC, "compensation": []})["field"] == "fac"


def test_yos_with_an_empty_service_record_list_is_contradictory():
    """ARCHITECTURE: either yos or service_records, not both."""
    assert error_of({**MR_MAC, "service_records": []})["field"] == "yos"


def test_an_empty_compensation_list_alone_names_the_field():
    payload = {key: value for key, value in MR_MAC.items() if key != "fac"}
    assert error_of({**payload, "compensation": []})["field"] == "compensation"
