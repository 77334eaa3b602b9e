"""`manage.py estimate` never crashes (issue 14 item 8): every out-of-range input gets exit status 2 and a JSON error
naming the field with the reason; duplicate, overlapping and post-RED records are refused, never summed. And a fuzz
run: a few thousand random inputs of the contract's shape through the command, in one process."""

import io
import json
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

MEMBER = {"system": "SERS", "structure": "DB_CLASSIFIED", "employment_type": "REGULAR", "active": True,
          "birth_date": "1960-05-01", "retirement_effective_date": "2024-01-01", "fac": "50000", "yos": "20"}
PERIOD = {"start": "2023-01-06", "end": "2023-01-19", "cycle": "BIWEEKLY", "hours": "80"}
PAY = {"start": "2022-01-01", "end": "2022-12-31", "amount": "50000"}


def command(payload) -> tuple[int, object]:
    out = io.StringIO()
    text = payload if isinstance(payload, str) else json.dumps(payload)
    try:
        call_command("estimate", stdin=io.StringIO(text), stdout=out)
    except CommandError as error:
        return error.returncode, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def refusal(payload) -> dict:
    status, output = command(payload)
    assert status == 2, output
    return output["error"]


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"beneficiary_birth_date": "1900-01-01"}, "beneficiary_birth_date", "ages must be under 120"),
    ({"retirement_effective_date": "9999-01-01"}, "retirement_effective_date", "must be between"),
    ({"retirement_effective_date": "2099-01-01"}, "birth_date", "ages must be under 120"),
    ({"fac": "1E+30"}, "fac", "must be below $10,000,000"),
    ({"yos": "1E+100000"}, "yos", "must be at most 60 years"),
    ({"yos": "61"}, "yos", "must be at most 60 years"),
    ({"yos": "40", "purchased_yos": "21"}, "yos", "must be at most 60 years"),
    ({"projected_wage_increase": "1000000"}, "projected_wage_increase", "must be at most 25% a year"),
    ({"social_security_fra": "1E+30"}, "social_security_fra", "must be below $10,000,000"),
    ({"yos": None, "service_records": [{**PERIOD, "hours": "1E+9"}]}, "service_records[0].hours", "hours in a year"),
    ({"yos": "x" * 100_000}, "yos", "is not a decimal number"),
])
def test_rules_8_an_out_of_range_input_exits_2_naming_the_field_and_the_reason(changes, field, reason):
    """Issue 14 item 8: sensible bounds with the reason in the message (YOS at most 60, ages within a lifetime,
    money below a plausible ceiling)."""
    error = refusal({**MEMBER, **changes})
    assert error["field"] == field
    assert reason in error["message"]
    assert len(error["message"]) < 300  # the bad value is quoted short, whatever its size


def test_rules_8_json_nested_100000_deep_exits_2_with_a_json_error():
    error = refusal("[" * 100_000 + "]" * 100_000)
    assert error["field"] == "input" and "nested too deeply" in error["message"]


def test_rules_8_a_value_nested_100000_deep_exits_2_naming_the_field():
    error = refusal('{"system": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert error["field"] in ("input", "system")


@pytest.mark.parametrize("records", ["service_records", "compensation"])
def test_rules_8_a_duplicated_record_is_refused_not_summed(records):
    record = PERIOD if records == "service_records" else PAY
    summary = "yos" if records == "service_records" else "fac"
    error = refusal({**MEMBER, summary: None, records: [record, dict(record)]})
    assert error["field"] == f"{records}[1]" and "overlaps" in error["message"]


def test_rules_8_overlapping_pay_periods_are_refused():
    later = {**PERIOD, "start": "2023-01-13", "end": "2023-01-26"}
    assert refusal({**MEMBER, "yos": None, "service_records": [PERIOD, later]})["field"] == "service_records[1]"


def test_rules_8_a_leave_payout_beside_the_wages_of_the_same_dates_is_not_an_overlap():
    payout = {**PAY, "amount": "3000", "kind": "ANNUAL_LEAVE_PAYOUT", "hours": "200"}
    status, _ = command({**MEMBER, "fac": None, "compensation": [PAY, payout]})
    assert status == 0


@pytest.mark.parametrize("records", ["service_records", "compensation"])
def test_rules_8_a_record_dated_on_or_after_the_red_is_refused(records):
    record = {**(PERIOD if records == "service_records" else PAY), "start": "2023-12-25", "end": "2024-01-07"}
    summary = "yos" if records == "service_records" else "fac"
    error = refusal({**MEMBER, summary: None, records: [record]})
    assert error["field"] == f"{records}[0].end" and "retirement effective date" in error["message"]


def test_rules_8_a_record_after_the_termination_date_is_refused():
    member = {**MEMBER, "retirement_effective_date": None, "termination_date": "2023-01-10", "active": False}
    error = refusal({**member, "yos": None, "service_records": [PERIOD]})
    assert error["field"] == "service_records[0].end" and "termination date" in error["message"]


# --- the fuzz run ----------------------------------------------------------------------------------------------------

STRUCTURES = {"SERS": ["DB_CLASSIFIED", "DB_30", "DB_DC_BLEND"],
              "MPSERS": ["BASIC", "BASIC_4", "BASIC_DC_CONVERTED", "MIP_FIXED", "MIP_GRADED", "MIP_PLUS", "MIP_7",
                         "MIP_DC_CONVERTED"]}
EMPLOYMENT_TYPES = ["REGULAR", "COVERED", "CONSERVATION_OFFICER", "UNCLASSIFIED", "FACILITY_CLOSURE"]
# The youngest age at which each provision can apply (RULES §3); None: any age (service or disability alone).
YOUNGEST_AGE = {"FULL_60_10": 60, "FULL_55_30": 55, "FULL_60_5": 60, "EARLY_REDUCED": 55, "DEFERRED": 46,
                "COVERED_51_25": 51, "COVERED_56_10": 56, "CONSERVATION_OFFICER_25": None, "FACILITY_51_25": 51,
                "FACILITY_56_10": 56, "FACILITY_25": None, "MIP_30": None, "MIP_60_10": 60, "MIP_60_5": 60,
                "BASIC_55_30": 55, "BASIC_60_10": 60, "DUTY_DISABILITY": None, "NONDUTY_DISABILITY": None}


def _day(rng, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _number(rng, low, high, places=2):
    """Mostly plausible, sometimes out of range or not a number at all (still the contract's shape)."""
    roll = rng.random()
    if roll < 0.03:
        return rng.choice(["-1", "1E+30", "1E+100000", "NaN", "abc", "", 1e308, True])
    if roll < 0.06:
        return str(Decimal(high) * rng.randint(2, 1000))
    value = Decimal(rng.uniform(low, high)).quantize(Decimal(1).scaleb(-places))
    return str(value) if rng.random() < 0.8 else float(value)


def random_member(rng: random.Random) -> dict:
    system = rng.choice(["SERS", "MPSERS"])
    birth = _day(rng, date(1900, 1, 1), date(2005, 12, 31))
    red = _day(rng, birth + timedelta(days=365 * 16), birth + timedelta(days=365 * 125)).replace(day=1)
    member = {"system": system, "structure": rng.choice(STRUCTURES[system]),
              "employment_type": rng.choice(EMPLOYMENT_TYPES) if system == "SERS" else "REGULAR",
              "active": rng.random() < 0.7, "birth_date": birth.isoformat(), "retirement_effective_date": red.isoformat(),
              "fac": _number(rng, 0, 300000), "yos": _number(rng, 0, 50, 4),
              "hire_date": _day(rng, birth + timedelta(days=365 * 16), red).isoformat(),
              "retirement_type": rng.choice(["SERVICE", "SERVICE", "SERVICE", "DUTY_DISABILITY", "NONDUTY_DISABILITY"]),
              "option_factors": rng.choice(["actuarial", "published"])}
    yos = member["yos"]
    for field in ("covered_yos", "conservation_officer_yos", "facility_yos", "yos_after_2013_02_01",
                  "yos_after_dc_switch", "purchased_yos", "projected_yos", "act88_yos"):
        if rng.random() < 0.3:
            member[field] = _number(rng, 0, 40, 4)
    if rng.random() < 0.5:
        member["beneficiary_birth_date"] = _day(rng, date(1890, 1, 1), red).isoformat()
    if rng.random() < 0.3:
        member[rng.choice(["social_security_age65", "social_security_fra"])] = _number(rng, 0, 4000)
    if rng.random() < 0.3:
        member["projected_wage_increase"] = _number(rng, 0, 10)
    if rng.random() < 0.2:
        member["contributions_stop_at_30"] = True
    if rng.random() < 0.25:  # service from pay periods instead of a total
        del member["yos"]
        last = red - timedelta(days=rng.randint(1, 3000))
        count = rng.randint(1, 120)
        hours = _number(rng, 0, 100)
        member["service_records"] = [{"start": (last - timedelta(days=14 * (n + 1) - 1)).isoformat(),
                                      "end": (last - timedelta(days=14 * n)).isoformat(),
                                      "cycle": "BIWEEKLY", "hours": hours} for n in range(count)]
    elif yos is not None and isinstance(yos, str) and rng.random() < 0.1:
        member["termination_date"] = _day(rng, birth + timedelta(days=365 * 18), red - timedelta(days=40)).isoformat()
    return member


def assert_sensible(member: dict, output: dict) -> None:
    """No nonsense: no negative amount, factors in (0, 1], a survivor never above the retiree, never eligible
    before the youngest age the provision allows."""
    for option in output["options"]:
        factor = Decimal(option["factor"])
        assert Decimal(0) < factor <= 1, option
        for key in ("monthly", "annual", "survivor_monthly"):
            assert Decimal(option[key]) >= 0, option
        assert Decimal(option["survivor_monthly"]) <= Decimal(option["monthly"]), option
    assert Decimal(output["straight_life"]["annual"]) >= 0
    assert Decimal(output["fac"]) >= 0
    eligibility = output["eligibility"]
    youngest = YOUNGEST_AGE.get(eligibility["provision"])
    if eligibility["eligible"] and youngest is not None:
        assert output["age_at_retirement"]["years"] >= youngest, (eligibility, output["age_at_retirement"])
    if eligibility["early_reduced"]:
        assert output["age_at_retirement"]["years"] < 60
    for step in output["cola"]:
        assert Decimal(step["monthly"]) >= 0


@pytest.mark.parametrize("seed", range(4))
def test_rules_8_a_thousand_random_inputs_get_exit_0_or_2_with_json_and_no_nonsense(seed):
    """Issue 14 "Done when": random valid-shaped inputs through the command in one process (4 × 750)."""
    rng = random.Random(seed)
    statuses = []
    for _ in range(750):
        member = random_member(rng)
        status, output = command(member)
        assert status in (0, 2), (member, output)
        statuses.append(status)
        if status == 2:
            assert set(output["error"]) >= {"field", "message"}, output
        else:
            assert_sensible(member, output)
    assert 0 in statuses and 2 in statuses  # the run covered both answers
