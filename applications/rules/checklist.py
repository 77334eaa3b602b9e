"""The checklist of required proofs after submission (RULES §11, §11a [002][004]): the application's own proofs and
its dependents', each missing, received (waiting for review), accepted, or rejected with the reason; and whether
the proofs are complete.

The spousal waiver is on the checklist but is not uploaded: it is signed by the spouse and the member before a
notary through its own process (RULES §6, §11b), so its line says it will be arranged and the proofs count as
complete without it (the timeline has a stage of its own for the waiver).

Pure Python: the review states are the values of ``accounts.proofs.ReviewableProof.Status``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from applications.rules.election import Proof


class Review(enum.Enum):
    """An upload's review, as ``ReviewableProof.Status`` stores it."""

    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


class ItemStatus(enum.Enum):
    MISSING = "Missing"
    RECEIVED = "Received: waiting for review"
    ACCEPTED = "Accepted"
    REJECTED = "Not accepted"
    TO_BE_ARRANGED = "We will arrange it with you"


# RULES §11 [004]: what proves each; the member reads these on the checklist and its PDF.
PROOF_LABELS = {
    Proof.MEMBER_AGE: "Proof of your age",
    Proof.BENEFICIARY_AGE: "Proof of your survivor beneficiary's age",
    Proof.MARRIAGE: "Marriage certificate",
    Proof.SOCIAL_SECURITY_STATEMENT: "Social Security statement",
    Proof.SPOUSAL_WAIVER: "Spousal waiver (Pension Election and Spousal Waiver, R0869G)",
}
_AGE_PROOFS = ("A birth certificate, hospital birth record, early baptismal record, passport, delayed birth "
               "certificate, or a Social Security statement showing the documented birth date. Without one of these, "
               "send two of: school, church, census, physician or midwife, family bible, insurance, marriage, "
               "employment or military records. Born abroad: a foreign passport or immigration, naturalization or "
               "alien registration records.")
PROOF_DESCRIPTIONS = {
    Proof.MEMBER_AGE: _AGE_PROOFS,
    Proof.BENEFICIARY_AGE: _AGE_PROOFS,
    Proof.MARRIAGE: "A copy of your marriage certificate.",
    Proof.SOCIAL_SECURITY_STATEMENT: "Your Social Security statement with your estimate at full retirement age "
                                     "(the equated plan is based on it).",
    Proof.SPOUSAL_WAIVER: "Your spouse and you each sign before a notary. We will arrange it with you online; there "
                          "is nothing to upload here.",
}
UPLOADABLE = tuple(proof for proof in Proof if proof is not Proof.SPOUSAL_WAIVER)


@dataclass(frozen=True)
class Upload:
    """The newest upload for a line: its review, the day it arrived, the day it was reviewed and why not."""

    review: Review
    received_on: date
    reviewed_on: date | None = None
    reason: str = ""


def item_status(latest: Upload | None) -> ItemStatus:
    if latest is None:
        return ItemStatus.MISSING
    return {Review.SUBMITTED: ItemStatus.RECEIVED, Review.ACCEPTED: ItemStatus.ACCEPTED,
            Review.REJECTED: ItemStatus.REJECTED}[latest.review]


@dataclass(frozen=True)
class Item:
    key: str  # what the upload form names: "own:MEMBER_AGE" or "dependent:<id>:<kind>"
    person: str
    label: str
    description: str
    status: ItemStatus
    latest: Upload | None = None

    @property
    def uploadable(self):
        return self.status is not ItemStatus.TO_BE_ARRANGED

    @property
    def needs_upload(self):
        """The member must send something: nothing yet, or a copy we did not accept."""
        return self.status in (ItemStatus.MISSING, ItemStatus.REJECTED)


def own_items(*, proofs: list[Proof], member_name: str, uploads: dict[Proof, Upload]) -> list[Item]:
    """The application's own lines, in the rules' order; the spousal waiver is a line to be arranged."""
    items = []
    for proof in proofs:
        if proof is Proof.SPOUSAL_WAIVER:
            status, latest = ItemStatus.TO_BE_ARRANGED, None
        else:
            latest = uploads.get(proof)
            status = item_status(latest)
        items.append(Item(f"own:{proof.value}", member_name, PROOF_LABELS[proof], PROOF_DESCRIPTIONS[proof], status,
                          latest))
    return items


@dataclass(frozen=True)
class Checklist:
    items: list[Item]

    @property
    def to_send(self) -> list[Item]:
        """What the member must still send: missing lines and copies we did not accept."""
        return [item for item in self.items if item.needs_upload]

    @property
    def complete(self) -> bool:
        """Every uploadable line accepted (the waiver has its own stage on the timeline)."""
        return all(item.status is ItemStatus.ACCEPTED for item in self.items if item.uploadable)

    @property
    def all_in_hand(self) -> bool:
        """Nothing left to send: every uploadable line received or accepted."""
        return not self.to_send

    @property
    def complete_on(self) -> date | None:
        """The day the last line was accepted, once every line is; None before."""
        if not self.complete:
            return None
        days = [item.latest.reviewed_on or item.latest.received_on for item in self.items
                if item.uploadable and item.latest is not None]
        return max(days, default=None)
