"""What the member must do next about their application, in one sentence for the dashboard and the status page
(issue 17 item 5). The states are the values of ``applications.models.Application.State``.

The order is the order in which the office can move: a draft waits for the member to finish it; a submitted one
cannot be processed until every required proof has arrived and an approved waiver is on file (RULES §6, §11); once
staff calculate, nothing is asked of the member. Pure Python.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Action(enum.Enum):
    FINISH_APPLICATION = "finish"
    SEND_PROOFS = "proofs"
    ARRANGE_WAIVER = "waiver"
    READ_OUR_MESSAGE = "message"
    NOTHING = "nothing"
    START_AGAIN = "start"


@dataclass(frozen=True)
class NextStep:
    action: Action
    text: str

    @property
    def member_must_act(self):
        return self.action not in (Action.NOTHING, Action.START_AGAIN)


FINISH = "Finish the steps of your application and submit it."
SEND = "Send us {count}: {labels}."
ARRANGE = ("Your spouse must waive the 100% survivor option before a notary, and you sign before a notary too. We "
           "will arrange it with you.")
MESSAGE = "We need something from you: read our message on the Message board."
REVIEWING = "Nothing for now: we are reviewing your application."
CALCULATING = "Nothing for now: we are calculating your pension."
AWARDED = "Nothing: your pension is awarded."
DENIED = ("We could not approve your application: read why on this page. You may ask for a written review of this "
          "decision: write to us on the Message board.")
WITHDRAWN = "You withdrew this application. You can start a new one when you are ready."


def _proofs(labels):
    count = "1 proof" if len(labels) == 1 else f"{len(labels)} proofs"
    return SEND.format(count=count, labels="; ".join(labels))


def next_step(*, state: str, to_send: list[str], waiver_pending: bool) -> NextStep:
    """``to_send``: the labels of the proofs still to send (missing or not accepted); ``waiver_pending``: a spousal
    waiver is required and not yet approved."""
    if state == "DRAFT":
        return NextStep(Action.FINISH_APPLICATION, FINISH)
    if state == "WITHDRAWN":
        return NextStep(Action.START_AGAIN, WITHDRAWN)
    if state == "AWARDED":
        return NextStep(Action.NOTHING, AWARDED)
    if state == "DENIED":
        return NextStep(Action.READ_OUR_MESSAGE, DENIED)
    if state == "CALCULATING":
        return NextStep(Action.NOTHING, CALCULATING)
    if to_send:
        return NextStep(Action.SEND_PROOFS, _proofs(to_send))
    if waiver_pending:
        return NextStep(Action.ARRANGE_WAIVER, ARRANGE)
    if state == "WAITING_FOR_MEMBER":
        return NextStep(Action.READ_OUR_MESSAGE, MESSAGE)
    return NextStep(Action.NOTHING, REVIEWING)
