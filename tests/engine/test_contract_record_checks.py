"""The estimate contract's quick checks of pay and service records (issue 16 item 6) decide nothing the full checks
would decide otherwise: the usual wage record, pay periods already checked for an earlier member of the batch, and the
bulk order/overlap check give the same results, and every fault is still named by the field-naming path."""

import pytest

from pensions.engine.contract import ContractError, handle_item, parse_request

from .members import MR_MAC

MEMBER = {**{k: v for k, v in MR_MAC.items() if k not in ("fac", "yos")}, "retirement_effective_date": "2003-04-01"}


def wages(amount="1600.00"):
    return [{"start": f"2002-{month:02d}-01", "end": f"2002-{month:02d}-14", "amount": amount}
            for month in range(1, 13)]


def periods():
    return [{"start": f"2002-{month:02d}-01", "end": f"2002-{month:02d}-14", "cycle": "BIWEEKLY", "hours": "80"}
            for month in range(1, 13)]


def refusal(data) -> ContractError:
    with pytest.raises(ContractError) as raised:
        parse_request(data)
    return raised.value


def test_a_wage_record_with_its_kind_spelt_out_gives_the_same_estimate_as_the_usual_record():
    spelt_out = [{**record, "kind": "WAGES"} for record in wages()]
    usual = handle_item({**MEMBER, "compensation": wages(), "yos": "25"})
    assert handle_item({**MEMBER, "compensation": spelt_out, "yos": "25"}) == usual


@pytest.mark.parametrize(
    ("amount", "message"),
    [("abc", "'abc' is not a decimal number"), ("-5", "must not be negative"), ("1e400", "")],
)
def test_a_usual_wage_record_with_a_bad_amount_is_refused_naming_its_index_and_field(amount, message):
    records = wages()
    records[3] = {**records[3], "amount": amount}
    error = refusal({**MEMBER, "compensation": records, "yos": "25"})
    assert error.field == "compensation[3].amount"
    assert message in error.message


def test_a_pay_period_checked_for_an_earlier_member_is_still_checked_against_this_members_retirement_date():
    parse_request({**MEMBER, "fac": "40000", "service_records": periods()})
    error = refusal({**MEMBER, "retirement_effective_date": "2002-12-01", "fac": "40000",
                     "service_records": periods()})
    assert error.field == "service_records[11].end"


def test_a_pay_period_given_with_a_boolean_is_refused_even_after_the_same_period_with_a_string():
    parse_request({**MEMBER, "fac": "40000", "service_records": periods()})
    records = periods()
    records[0] = {**records[0], "hours": True}
    assert refusal({**MEMBER, "fac": "40000", "service_records": records}).field == "service_records[0].hours"


def test_overlapping_wage_records_given_out_of_order_are_refused_naming_the_one_that_starts_later():
    records = wages()
    records.append({"start": "2002-03-10", "end": "2002-03-20", "amount": "100"})
    records.reverse()  # the extra record is now item 0; March, which it overlaps, item 10
    error = refusal({**MEMBER, "compensation": records, "yos": "25"})
    assert error.field == "compensation[0]"
    assert "overlaps compensation[10]" in error.message
