"""What the member must do next (applications/rules/next_step.py): a draft to finish, proofs to send, a waiver to
arrange, a message to read, or nothing while staff work."""

import pytest

from applications.rules.next_step import (
    ARRANGE,
    AWARDED,
    CALCULATING,
    DENIED,
    FINISH,
    MESSAGE,
    REVIEWING,
    Action,
    next_step,
)


def test_a_draft_is_to_be_finished():
    assert next_step(state="DRAFT", to_send=[], waiver_pending=False).text == FINISH


def test_proofs_to_send_are_named_and_counted():
    step = next_step(state="SUBMITTED", to_send=["Proof of your age", "Marriage certificate"], waiver_pending=True)
    assert (step.action, step.text) == (Action.SEND_PROOFS,
                                        "Send us 2 proofs: Proof of your age; Marriage certificate.")


def test_one_proof_is_said_in_the_singular():
    assert next_step(state="UNDER_REVIEW", to_send=["Marriage certificate"], waiver_pending=False).text \
        == "Send us 1 proof: Marriage certificate."


def test_with_every_proof_in_the_waiver_comes_next():
    assert next_step(state="SUBMITTED", to_send=[], waiver_pending=True).text == ARRANGE


def test_waiting_for_the_member_without_proofs_points_to_the_message():
    assert next_step(state="WAITING_FOR_MEMBER", to_send=[], waiver_pending=False).text == MESSAGE


@pytest.mark.parametrize("state, text", [("SUBMITTED", REVIEWING), ("UNDER_REVIEW", REVIEWING),
                                         ("CALCULATING", CALCULATING), ("AWARDED", AWARDED)])
def test_nothing_is_asked_while_staff_work(state, text):
    step = next_step(state=state, to_send=[], waiver_pending=False)
    assert (step.member_must_act, step.text) == (False, text)


def test_once_calculating_a_leftover_line_asks_nothing():
    assert next_step(state="CALCULATING", to_send=["Marriage certificate"], waiver_pending=True).action is Action.NOTHING


def test_a_denied_application_points_to_the_reason_and_a_written_review():
    step = next_step(state="DENIED", to_send=["Marriage certificate"], waiver_pending=False)
    assert (step.action, step.text) == (Action.READ_OUR_MESSAGE, DENIED)
