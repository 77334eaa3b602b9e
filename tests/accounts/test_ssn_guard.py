"""Numbers shaped like a Social Security number in message text (accounts/message_board/ssn_guard.py, issue 15
item 9): found in any usual spelling, masked to the last four digits, and numbers that can never be an SSN left
alone (SECURITY.md F20)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.message_board.ssn_guard import mask_ssn_shaped, ssn_shaped_numbers


@pytest.mark.parametrize("text", ["My SSN is 123-45-6789.", "ssn 123 45 6789 thanks", "123456789", "(123.45.6789)",
                                  "it is 123-45 6789"])
def test_an_ssn_shaped_number_is_found_and_masked_to_its_last_four_digits(text):
    assert ssn_shaped_numbers(text) == ["•••-••-6789"]
    masked = mask_ssn_shaped(text)
    assert "•••-••-6789" in masked and "123" not in masked and "45" not in masked


@pytest.mark.parametrize("text", ["Call me at 517-555-0142.", "ZIP 48909-7671", "member ID 10000013",
                                  "routing 021000021", "account 1234567890", "000-12-3456", "666-12-3456",
                                  "123-00-4567", "123-45-0000", "on 2026-11-23 at 5:00"])
def test_numbers_that_cannot_be_an_ssn_are_left_alone(text):
    assert ssn_shaped_numbers(text) == [] and mask_ssn_shaped(text) == text


def test_every_such_number_of_a_message_is_masked_and_the_words_around_them_kept():
    text = "Mine is 123-45-6789 and my wife's is 234567891."
    assert mask_ssn_shaped(text) == "Mine is •••-••-6789 and my wife's is •••-••-7891."


@given(st.text())
def test_masking_leaves_no_ssn_shaped_number_behind(text):
    assert ssn_shaped_numbers(mask_ssn_shaped(text)) == []
