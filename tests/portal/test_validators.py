"""The shared checks of what people type (issue 15 item 6): birth dates and ZIP codes."""

import datetime

import pytest
from django import forms

from portal.validators import (
    BORN_IN_THE_FUTURE,
    BORN_TOO_LONG_AGO,
    ZIP_NOT_IN_STATE,
    ZIP_UNKNOWN,
    validate_birth_date,
    zip_state_problem,
)

TODAY = datetime.date(2026, 11, 23)


def refusal(value):
    with pytest.raises(forms.ValidationError) as refused:
        validate_birth_date(value, today=TODAY)
    return refused.value.messages[0]


def test_a_birth_date_tomorrow_is_refused():
    assert refusal(TODAY + datetime.timedelta(days=1)) == BORN_IN_THE_FUTURE


def test_a_birth_date_more_than_120_years_back_is_refused():
    assert refusal(datetime.date(1906, 11, 22)) == BORN_TOO_LONG_AGO


def test_a_birth_date_exactly_120_years_back_and_today_are_accepted():
    assert validate_birth_date(datetime.date(1906, 11, 23), today=TODAY) == datetime.date(1906, 11, 23)
    assert validate_birth_date(TODAY, today=TODAY) == TODAY


def test_no_birth_date_is_left_to_the_field_to_require():
    assert validate_birth_date(None, today=TODAY) is None


def test_a_zip_code_of_the_state_fits():
    assert zip_state_problem("48933", "MI") is None
    assert zip_state_problem("48933-1234", "MI") is None


def test_a_zip_code_of_another_state_is_named_with_the_state():
    assert zip_state_problem("10001", "MI", state_name="Michigan") == ZIP_NOT_IN_STATE.format(zip="10001",
                                                                                                 state="Michigan")


def test_a_zip_code_nobody_uses_is_refused():
    assert zip_state_problem("00000", "MI") == ZIP_UNKNOWN.format(zip="00000")
