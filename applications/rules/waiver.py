"""The spousal waiver signed and notarised online (RULES §6, §11b; issue 18): the dates that must match, what a
notarial certificate must hold, how long a link lasts, and what the spouse gives up. Pure Python over plain data.

Date A and Date B hold by construction: a signature is notarised the same calendar day in Michigan (America/Detroit)
or it lapses at the next midnight there, and the signer signs again — the online form of "start over with a blank
copy" [002].
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

# The calendar day of a signature and of its notarisation is the day in Michigan, where the office is and where the
# form's dates are read (RULES §11b: "the spouse's signature date must equal the date of its notarisation").
MICHIGAN = ZoneInfo("America/Detroit")

# Issue 18 item 2: the spouse's link lasts 30 days; the notaries' links the same.
LINK_LIFETIME = timedelta(days=30)
# Issue 18 item 7: a spouse or notary who has not acted after 7 days is reminded, once.
REMINDER_AFTER = timedelta(days=7)
# Issue 18 item 2: five wrong dates of birth lock the spouse's link and the member is told.
DATE_OF_BIRTH_TRIES = 5
# Issue 18 item 7: "the member can resend (limited to a few a day)": three sends of a link per day.
RESENDS_PER_DAY = 3

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


class Part(enum.Enum):
    """The two signatures of R0869G, each notarised: the spouse's (Date A) and the applicant's (Date B) [002]."""

    SPOUSE = "SPOUSE"
    APPLICANT = "APPLICANT"


class ActKind(enum.Enum):
    """RULES §11b: in person with the notary's electronic signature (MCL 450.841), or remote over audio-video on a
    platform approved by the Secretary of State (MCL 55.286b, 2018 PA 330)."""

    IN_PERSON = "IN_PERSON"
    REMOTE = "REMOTE"


class IdentityDocument(enum.Enum):
    """How the notary knew the signer: a current government-issued identification with photograph and signature,
    or the notary's personal knowledge (Michigan Notary Public Act, 2003 PA 238, MCL 55.261 ff., "satisfactory
    evidence" of identity). Only the type and the issuer are recorded, never the document's number (RULES §11b)."""

    DRIVERS_LICENSE = "DRIVERS_LICENSE"
    STATE_ID = "STATE_ID"
    PASSPORT = "PASSPORT"
    MILITARY_ID = "MILITARY_ID"
    PERSONAL_KNOWLEDGE = "PERSONAL_KNOWLEDGE"


# --- the calendar day -------------------------------------------------------------------------------------------

def michigan_day(moment: datetime) -> date:
    """The calendar day in Michigan of an aware ``moment``."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed to know its day in Michigan")
    return moment.astimezone(MICHIGAN).date()


def same_day(signed_at: datetime, notarised_at: datetime) -> bool:
    """Date A / Date B: the signature and its notarisation fall on the same calendar day in Michigan."""
    return michigan_day(signed_at) == michigan_day(notarised_at)


def lapses_at(signed_at: datetime) -> datetime:
    """The moment a signature not notarised by then lapses: the next midnight in Michigan."""
    next_day = michigan_day(signed_at) + timedelta(days=1)
    return datetime.combine(next_day, time(0), tzinfo=MICHIGAN)


def has_lapsed(signed_at: datetime, *, now: datetime) -> bool:
    return now >= lapses_at(signed_at)


# --- the notarial certificate -----------------------------------------------------------------------------------

COMMISSION_EXPIRED = ("Your commission expired on {expires:%B %-d, %Y}, before this notarial act: a notary may act "
                      "only while commissioned (MCL 55.261 ff.).")
NOTARY_IS_THE_SIGNER = ("A notary cannot notarise their own signature: you are the {party} named on this waiver. Ask "
                        "another notary.")
NOTARY_IS_A_PARTY = ("A notary cannot notarise a document in which they are a party: you are the {party} named on this "
                     "waiver. Ask another notary.")
REMOTE_NEEDS_PLATFORM = ("A remote notarisation must name the platform approved by the Michigan Secretary of State it "
                         "was performed on (MCL 55.286b).")
REMOTE_NEEDS_SESSION = "A remote notarisation must give the platform's session reference."
NOT_THE_SAME_DAY = ("The signature was made on {signed:%B %-d, %Y} and cannot be notarised on {act:%B %-d, %Y}: the "
                    "dates must match. The signature has lapsed and must be signed again.")
LOOKS_LIKE_A_NUMBER = ("Record only the kind of document and who issued it, never the document's number.")
ISSUER_NEEDED = "Name who issued the identification (for example: State of Michigan)."

# Four or more digits in a row in the identification's description is a document number, which is not kept.
_DOCUMENT_NUMBER = re.compile(r"\d{4,}")


@dataclass(frozen=True)
class Certificate:
    """What the notary certifies for one signature (RULES §11b)."""

    notary_name: str
    commission_number: str
    commission_county: str
    commission_expires: date
    act_county: str
    kind: ActKind
    platform: str
    session_reference: str
    identity_document: IdentityDocument
    identity_issuer: str
    notary_email: str = ""


@dataclass(frozen=True)
class Parties:
    """The people named on the waiver, who cannot notarise it."""

    member_name: str
    spouse_name: str
    member_email: str = ""
    spouse_email: str = ""


@dataclass(frozen=True)
class Refusal:
    field: str  # the certificate's field the reason is about ("" for the whole act)
    reason: str


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def party_of(certificate: Certificate, parties: Parties) -> str | None:
    """Which party the notary is ("member" or "spouse"), by name or e-mail address, or None."""
    name, email = _norm(certificate.notary_name), _norm(certificate.notary_email)
    for party, party_name, party_email in (("member", parties.member_name, parties.member_email),
                                           ("spouse", parties.spouse_name, parties.spouse_email)):
        if name == _norm(party_name) or (email and email == _norm(party_email)):
            return party
    return None


def certificate_refusals(certificate: Certificate, *, part: Part, parties: Parties, signed_at: datetime,
                         act_at: datetime) -> list[Refusal]:
    """Why this notarial act cannot be recorded, each with the field it is about; empty when it can.

    ``signed_at`` is the signature notarised, ``act_at`` the moment of the act (both aware): they must fall on the
    same day (Date A for the spouse, Date B for the applicant).
    """
    refusals = []
    act_day = michigan_day(act_at)
    if not same_day(signed_at, act_at):
        refusals.append(Refusal("", NOT_THE_SAME_DAY.format(signed=michigan_day(signed_at), act=act_day)))
    if certificate.commission_expires < act_day:
        refusals.append(Refusal("commission_expires",
                                COMMISSION_EXPIRED.format(expires=certificate.commission_expires)))
    party = party_of(certificate, parties)
    if party is not None:
        signer = (party == "spouse") == (part is Part.SPOUSE)
        refusals.append(Refusal("notary_name", (NOTARY_IS_THE_SIGNER if signer else NOTARY_IS_A_PARTY)
                                .format(party=party)))
    if certificate.kind is ActKind.REMOTE:
        if not certificate.platform.strip():
            refusals.append(Refusal("platform", REMOTE_NEEDS_PLATFORM))
        if not certificate.session_reference.strip():
            refusals.append(Refusal("session_reference", REMOTE_NEEDS_SESSION))
    if certificate.identity_document is not IdentityDocument.PERSONAL_KNOWLEDGE:
        if not certificate.identity_issuer.strip():
            refusals.append(Refusal("identity_issuer", ISSUER_NEEDED))
        elif _DOCUMENT_NUMBER.search(certificate.identity_issuer):
            refusals.append(Refusal("identity_issuer", LOOKS_LIKE_A_NUMBER))
    return refusals


# --- links and reminders ----------------------------------------------------------------------------------------

def reminder_due(*, sent_at: datetime, now: datetime, reminded: bool) -> bool:
    """A spouse or notary who has not acted is reminded once, 7 days after the link was sent."""
    return not reminded and now - sent_at >= REMINDER_AFTER


def resend_allowed(*, sends_today: int) -> bool:
    return sends_today < RESENDS_PER_DAY


# --- what the spouse gives up -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GivingUp:
    """The survivor pension the spouse could have had (100% survivor option, RULES §6) against what the election
    leaves them, monthly, as the engine computed both."""

    full_survivor_monthly: Decimal
    left_monthly: Decimal

    @property
    def given_up_monthly(self) -> Decimal:
        return max(self.full_survivor_monthly - self.left_monthly, ZERO).quantize(CENT)

    @property
    def leaves_nothing(self) -> bool:
        return self.left_monthly == 0


def what_spouse_gives_up(*, full_survivor_monthly: Decimal, election_survivor_monthly: Decimal,
                         spouse_is_beneficiary: bool) -> GivingUp:
    """The spouse's survivor pension under the 100% option against the election's: straight life, or a survivor
    option to someone else, leaves the spouse nothing; a smaller option to the spouse leaves its survivor amount."""
    left = election_survivor_monthly if spouse_is_beneficiary else ZERO
    return GivingUp(full_survivor_monthly.quantize(CENT), left.quantize(CENT))


def giving_up_in_words(giving_up: GivingUp, *, money=lambda amount: f"${amount:,.2f}") -> str:
    """The sentence the spouse reads before signing."""
    full = money(giving_up.full_survivor_monthly)
    if giving_up.leaves_nothing:
        return (f"Under the 100% survivor option you would receive {full} a month for the rest of your life if your "
                f"spouse dies first. With this election you would receive nothing from this pension.")
    return (f"Under the 100% survivor option you would receive {full} a month for the rest of your life if your "
            f"spouse dies first. With this election you would receive {money(giving_up.left_monthly)} a month: "
            f"{money(giving_up.given_up_monthly)} a month less.")
