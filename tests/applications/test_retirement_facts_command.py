"""``manage.py retirement_facts`` (applications/rules/contract.py, ARCHITECTURE.md): cases that are not in the
repository, the contract's own example, and bad input of every field (exit 2, the field named, nothing else
printed)."""

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

# ARCHITECTURE.md, the contract's example input and output.
EXAMPLE = {"system": "SERS", "eligible_on": "2024-08-14", "terminated_on": "2026-05-29", "submitted_on": "2026-02-10",
           "married": True, "option": "SURVIVOR_50", "beneficiary_relationship": "SPOUSE", "equated": False,
           "monthly_pension": "2412.50", "tax_year": 2026,
           "federal": {"withhold": True, "filing_status": "MARRIED_JOINT", "step2_other_income": "0",
                       "step3_credits": "0", "step4a_other_income": "0", "step4b_deductions": "0",
                       "step4c_extra": "0"},
           "michigan": {"withhold": False},
           "insurance_premium_monthly": "183.40"}


def run(payload, *args):
    out = io.StringIO()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        call_command("retirement_facts", *args, stdin=io.StringIO(text), stdout=out)
    except CommandError as error:
        return error.returncode, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def case(changes=None, **more):
    item = copy.deepcopy(EXAMPLE)
    for key, value in {**(changes or {}), **more}.items():
        if value is ...:
            del item[key]
        else:
            item[key] = value
    return item


def test_the_contracts_example_reproduces():
    status, out = run(EXAMPLE)
    assert status == 0
    assert out["retirement_effective_date"] == "2026-06-01"
    assert out["recommended_apply_by"] == "2026-03-01"
    assert out["spousal_waiver_required"] is True
    assert out["required_proofs"] == ["BENEFICIARY_AGE", "MARRIAGE", "MEMBER_AGE", "SPOUSAL_WAIVER"]
    assert out["pay_dates"][:2] == ["2026-06-25", "2026-07-24"] and len(out["pay_dates"]) == 12
    assert (out["federal_withholding_monthly"], out["michigan_withholding_monthly"]) == ("0.00", "0.00")
    assert (out["net_monthly"], out["billed_monthly"]) == ("2229.10", "0.00")


def test_a_single_mpsers_member_with_straight_life_and_both_taxes():
    status, out = run(case(system="MPSERS", married=False, option="STRAIGHT_LIFE", beneficiary_relationship=None,
                           eligible_on="2027-01-01", terminated_on="2026-12-31", submitted_on="2026-09-30",
                           monthly_pension="3000", tax_year=2026, federal=None,
                           michigan={"filing_status": "SINGLE", "exemptions": 1, "birth_year": 1967},
                           insurance_premium_monthly="250"))
    assert status == 0
    assert out["retirement_effective_date"] == "2027-01-01"  # 60 on 1 January 2027: that day
    assert out["recommended_apply_by"] == "2026-10-01"
    assert out["spousal_waiver_required"] is False
    assert out["required_proofs"] == ["MEMBER_AGE"]
    assert out["pay_dates"][0] == "2027-01-25" and out["pay_dates"][11] == "2027-12-17"
    # No W-4P: single, 36,000 - 8,600 = 27,400 -> 2,140 a year. Michigan: 3,000 is under the deduction.
    assert (out["federal_withholding_monthly"], out["michigan_withholding_monthly"]) == ("178.33", "0.00")
    assert (out["net_monthly"], out["billed_monthly"]) == ("2571.67", "0.00")


def test_premiums_larger_than_the_pension_are_billed():
    status, out = run(case(monthly_pension="410.00", insurance_premium_monthly="612.35", federal={"withhold": False}))
    assert status == 0
    assert (out["net_monthly"], out["billed_monthly"]) == ("0.00", "202.35")


def test_an_equated_plan_needs_the_social_security_statement_and_100_percent_to_the_spouse_needs_no_waiver():
    status, out = run(case(option="SURVIVOR_100", equated=True))
    assert status == 0
    assert out["spousal_waiver_required"] is False
    assert out["required_proofs"] == ["BENEFICIARY_AGE", "MARRIAGE", "MEMBER_AGE", "SOCIAL_SECURITY_STATEMENT"]


def test_numbers_are_accepted_for_money_and_a_list_answers_a_list():
    status, out = run([case(monthly_pension=7000, federal=None, michigan=None), case(monthly_pension=2412.5)])
    assert status == 0
    assert [o["federal_withholding_monthly"] for o in out] == ["804.17", "0.00"]
    # 7,000 - 5,634.17 = 1,365.83 x 4.25%; 7,000 - 804.17 - 58.05 - 183.40.
    assert (out[0]["michigan_withholding_monthly"], out[0]["net_monthly"]) == ("58.05", "5954.38")


def test_input_from_a_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(EXAMPLE))
    status, out = run("this is not read", "--input", str(path))
    assert status == 0 and out["net_monthly"] == "2229.10"


BAD = [
    # changes, field
    ({"system": "STATE"}, "system"),
    ({"system": ...}, "system"),
    ({"eligible_on": "2026-02-30"}, "eligible_on"),
    ({"eligible_on": "06/01/2026"}, "eligible_on"),
    ({"terminated_on": ...}, "terminated_on"),
    ({"terminated_on": 20260529}, "terminated_on"),
    ({"submitted_on": "2026-13-01"}, "submitted_on"),
    ({"married": "yes"}, "married"),
    ({"married": ...}, "married"),
    ({"option": "JOINT_AND_SURVIVOR"}, "option"),
    ({"option": ...}, "option"),
    ({"beneficiary_relationship": "FRIEND"}, "beneficiary_relationship"),
    ({"beneficiary_relationship": ...}, "beneficiary_relationship"),
    ({"option": "STRAIGHT_LIFE"}, "beneficiary_relationship"),
    ({"married": False}, "beneficiary_relationship"),
    ({"system": "MPSERS", "beneficiary_relationship": "GRANDCHILD"}, "beneficiary_relationship"),
    ({"beneficiary_relationship": "TRUST"}, "beneficiary_relationship"),
    ({"equated": "no"}, "equated"),
    ({"monthly_pension": "-1"}, "monthly_pension"),
    ({"monthly_pension": "two thousand"}, "monthly_pension"),
    ({"monthly_pension": "NaN"}, "monthly_pension"),
    ({"monthly_pension": True}, "monthly_pension"),
    ({"monthly_pension": "1e12"}, "monthly_pension"),
    ({"monthly_pension": ...}, "monthly_pension"),
    ({"tax_year": 2024}, "tax_year"),
    ({"tax_year": "2026"}, "tax_year"),
    ({"tax_year": True}, "tax_year"),
    ({"tax_year": ...}, "tax_year"),
    ({"federal": "single"}, "federal"),
    ({"federal": {"withhold": "no"}}, "federal.withhold"),
    ({"federal": {"filing_status": "MARRIED"}}, "federal.filing_status"),
    ({"federal": {"step2_other_income": "lots"}}, "federal.step2_other_income"),
    ({"federal": {"step3_credits": "-2000"}}, "federal.step3_credits"),
    ({"federal": {"step4a_other_income": []}}, "federal.step4a_other_income"),
    ({"federal": {"step4b_deductions": "-1"}}, "federal.step4b_deductions"),
    ({"federal": {"step4c_extra": "Infinity"}}, "federal.step4c_extra"),
    ({"federal": {"step4d": "5"}}, "federal.step4d"),
    ({"michigan": []}, "michigan"),
    ({"michigan": {"withhold": 1}}, "michigan.withhold"),
    ({"michigan": {"filing_status": "HEAD_OF_HOUSEHOLD"}}, "michigan.filing_status"),
    ({"michigan": {"exemptions": -1}}, "michigan.exemptions"),
    ({"michigan": {"exemptions": 1.5}}, "michigan.exemptions"),
    ({"michigan": {"additional_withholding": "-3"}}, "michigan.additional_withholding"),
    ({"michigan": {"birth_year": 1800}}, "michigan.birth_year"),
    ({"michigan": {"birth_year": 2030}}, "michigan.birth_year"),
    ({"michigan": {"exemption": 2}}, "michigan.exemption"),
    ({"insurance_premium_monthly": "-5"}, "insurance_premium_monthly"),
    ({"insurance_premium_monthly": {"amount": 5}}, "insurance_premium_monthly"),
    ({"monthly_pensoin": "2412.50"}, "monthly_pensoin"),
]


@pytest.mark.parametrize("changes, field", BAD, ids=[f"{field}-{i}" for i, (_, field) in enumerate(BAD)])
def test_bad_input_exits_2_with_a_json_error_naming_the_field(changes, field):
    status, out = run(case(changes))
    assert status == 2
    assert set(out) == {"error", "field", "index"}
    assert out["field"] == field and out["index"] is None
    assert out["error"].startswith(f"{field}: ")


def test_a_bad_item_in_a_list_is_named_by_its_index_and_nothing_else_is_printed():
    status, out = run([EXAMPLE, case(option="JOINT")])
    assert status == 2
    assert out == {"error": out["error"], "field": "option", "index": 1}
    assert out["error"].startswith("item 1: option: expected one of STRAIGHT_LIFE")


@pytest.mark.parametrize("text", ["{not json", "42", "[1]"])
def test_text_that_is_not_an_object_or_a_list_of_objects_exits_2(text):
    status, out = run(text)
    assert status == 2 and "error" in out


def test_an_unreadable_input_file_is_named(tmp_path):
    status, out = run("", "--input", str(tmp_path / "missing.json"))
    assert status == 2 and out["field"] == "--input"
