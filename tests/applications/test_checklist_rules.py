"""The checklist of required proofs (applications/rules/checklist.py, RULES §11, §11a): each line missing, received,
accepted or rejected with its reason; the spousal waiver a line to be arranged, never uploaded."""

from datetime import date

from applications.rules.checklist import (
    Checklist,
    ItemStatus,
    Review,
    Upload,
    item_status,
    own_items,
)
from applications.rules.election import Proof

RECEIVED = Upload(Review.SUBMITTED, date(2026, 3, 1))
ACCEPTED = Upload(Review.ACCEPTED, date(2026, 3, 1), reviewed_on=date(2026, 3, 4))
REJECTED = Upload(Review.REJECTED, date(2026, 3, 1), reviewed_on=date(2026, 3, 3), reason="The copy is unreadable.")


def test_a_line_without_an_upload_is_missing():
    assert item_status(None) is ItemStatus.MISSING


def test_each_review_gives_its_status():
    assert [item_status(u) for u in (RECEIVED, ACCEPTED, REJECTED)] == [
        ItemStatus.RECEIVED, ItemStatus.ACCEPTED, ItemStatus.REJECTED]


def test_the_spousal_waiver_is_a_line_to_be_arranged_not_uploaded():
    items = own_items(proofs=[Proof.MEMBER_AGE, Proof.SPOUSAL_WAIVER], member_name="Pat", uploads={})
    waiver = items[1]
    assert (waiver.status, waiver.uploadable, waiver.needs_upload) == (ItemStatus.TO_BE_ARRANGED, False, False)


def test_the_lines_keep_the_rules_order_and_name_the_proof():
    items = own_items(proofs=[Proof.BENEFICIARY_AGE, Proof.MEMBER_AGE], member_name="Pat",
                      uploads={Proof.MEMBER_AGE: ACCEPTED})
    assert [(i.key, i.status) for i in items] == [("own:BENEFICIARY_AGE", ItemStatus.MISSING),
                                                  ("own:MEMBER_AGE", ItemStatus.ACCEPTED)]


def test_missing_and_rejected_lines_are_still_to_send():
    items = own_items(proofs=[Proof.MARRIAGE, Proof.MEMBER_AGE, Proof.BENEFICIARY_AGE], member_name="Pat",
                      uploads={Proof.MEMBER_AGE: REJECTED, Proof.BENEFICIARY_AGE: RECEIVED})
    assert [i.key for i in Checklist(items).to_send] == ["own:MARRIAGE", "own:MEMBER_AGE"]


def test_received_lines_are_in_hand_but_not_complete():
    checklist = Checklist(own_items(proofs=[Proof.MEMBER_AGE], member_name="Pat", uploads={Proof.MEMBER_AGE: RECEIVED}))
    assert (checklist.all_in_hand, checklist.complete, checklist.complete_on) == (True, False, None)


def test_the_proofs_are_complete_on_the_day_the_last_is_accepted_waiver_aside():
    later = Upload(Review.ACCEPTED, date(2026, 3, 2), reviewed_on=date(2026, 3, 9))
    checklist = Checklist(own_items(proofs=[Proof.MARRIAGE, Proof.MEMBER_AGE, Proof.SPOUSAL_WAIVER],
                                    member_name="Pat", uploads={Proof.MEMBER_AGE: ACCEPTED, Proof.MARRIAGE: later}))
    assert (checklist.complete, checklist.complete_on) == (True, date(2026, 3, 9))
