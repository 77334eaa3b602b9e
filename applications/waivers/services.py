"""Every write of the spousal waiver (RULES §6, §11b; issue 18): start a round, the spouse's part, the notaries'
parts, the applicant's part, the lapse of a signature not notarised the same day, the document, staff review, a
changed election, resending links and the beat sweep.

Each runs in one transaction, refuses with :class:`WaiverError` (a message for whoever acts) and changes nothing
then, records the round's event (:class:`~applications.models.WaiverEvent`, with address and browser) and, for a
state move, the audit entry (``portal.state.change_state``). The spouse and the notaries act through single-use
links (``accounts.links``): a link is consumed in the transaction of the act it allows, so of ten concurrent posts
exactly one acts.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import links
from accounts.audit import audit
from accounts.models import SingleUseLink
from accounts.outbox import queue_email
from applications import selectors as application_selectors
from applications.models import Application, NotarialAct, Waiver, WaiverEvent
from applications.rules import waiver as rules
from applications.rules.waiver import Part
from applications.waivers.events import Seen, record_event
from applications.waivers.tasks import produce_waiver_document_task
from portal.enqueue import enqueue_on_commit
from portal.errors import ServiceError
from portal.state import change_state

State = Waiver.State
Actor = WaiverEvent.Actor

SPOUSE_LINK = "applications.waiver.spouse"
NOTARY_LINKS = {Part.SPOUSE: "applications.waiver.spouse_notary",
                Part.APPLICANT: "applications.waiver.applicant_notary"}
LINK_PURPOSES = (SPOUSE_LINK, *NOTARY_LINKS.values())
WAITING_FOR_NOTARY = {Part.SPOUSE: State.SPOUSE_NOTARY, Part.APPLICANT: State.APPLICANT_NOTARY}
WAITING_FOR_SIGNER = {Part.SPOUSE: State.SPOUSE, Part.APPLICANT: State.APPLICANT}

NOT_REQUIRED = "Your election does not need your spouse's waiver, so there is nothing to sign."
NO_ELECTION_YET = "Choose your payment option and beneficiary first: the waiver shows that election to your spouse."
ALREADY_STARTED = "A waiver for this election is already under way: follow it below."
APPLICATION_CLOSED = "This application has been withdrawn."
NOT_NOW = "This waiver is not at that stage any more. The page below shows where it is."
SPOUSE_BORN_TOO_LATE = "Check your spouse's date of birth: it must be in the past."
NOTARY_IS_A_PARTY = "Name a notary who is neither you nor your spouse: a party cannot notarise this waiver."
CONSENT_NEEDED = "Tick the box to agree to sign and receive this record electronically before you sign."
SPOUSE_NAME_MISMATCH = "Type your full name as it appears on this waiver: {name}."
MEMBER_NAME_MISMATCH = "Type your full name as we have it on record: {name}."
NOTARY_SIGNATURE_MISMATCH = "Sign by typing your full name exactly as you gave it above."
RESEND_LIMIT = "You have sent this link {limit} times today. You can send it again tomorrow."
NOTHING_TO_RESEND = "Nobody is waiting for a link at this stage."
EMAIL_ONLY_BEFORE_SIGNING = "Your spouse's e-mail address can only be changed before they sign."
DOCUMENT_NOT_READY = "The signed document is still being produced. Try again in a minute."
SIGNATURE_LAPSED = ("The signature was not notarised on the day it was made, so it has lapsed: on the form R0869G the "
                    "dates must match. The signer has been asked to sign again.")


class WaiverError(ServiceError):
    """The waiver refused what was asked; ``message`` is for whoever asked."""


class CertificateRefused(WaiverError):
    """The notarial certificate cannot be recorded; ``refusals`` are the rules' reasons, each on its field."""

    def __init__(self, refusals):
        super().__init__(refusals[0].reason, field=refusals[0].field or None)
        self.refusals = refusals


class SignatureLapsed(WaiverError):
    def __init__(self):
        super().__init__(SIGNATURE_LAPSED)


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _link_url(name, token):
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(name, args=[token])


def _notify_member(waiver, template, *, key, **context):
    """A notice to the member: what happened to their waiver, never a personal detail of the spouse or notary."""
    member = waiver.member
    if member.notice_email:
        queue_email(dedupe_key=f"applications:waiver:{waiver.pk}:{key}", to=member.notice_email,
                    template=f"applications/emails/waiver_{template}",
                    context={"member": member, "waiver": waiver, **context})


def _send_link(waiver, *, purpose, email, actor, seen=None, why="sent", signer_present=False):
    """Issue a link of ``purpose`` for ``waiver`` and e-mail it to ``email``; returns the link. ``signer_present``:
    a notary with the signer in person, whose e-mail says to open it now on their own device."""
    link, token = links.issue(purpose=purpose, target=waiver, lifetime=rules.LINK_LIFETIME, email=email)
    name = {SPOUSE_LINK: "applications:waiver_spouse_open",
            NOTARY_LINKS[Part.SPOUSE]: "applications:waiver_notary_open",
            NOTARY_LINKS[Part.APPLICANT]: "applications:waiver_applicant_notary_open"}[purpose]
    template = "spouse_link" if purpose == SPOUSE_LINK else "notary_link"
    queue_email(dedupe_key=f"applications:waiver:link:{link.pk}", to=email,
                template=f"applications/emails/waiver_{template}",
                context={"waiver": waiver, "link": _link_url(name, token), "expires": link.expires_at,
                         "member_name": waiver.member.full_name, "signer_present": signer_present,
                         "signer": waiver.spouse_name if purpose == NOTARY_LINKS[Part.SPOUSE]
                         else waiver.member.full_name})
    record_event(waiver, actor, f"link_{why}", seen=seen, detail=f"{purpose.rsplit('.', 1)[-1]} link to {email}",
           link_id=link.pk)
    return link


def _end_links(waiver):
    for purpose in LINK_PURPOSES:
        links.revoke(purpose=purpose, target=waiver)


# --- starting a round -------------------------------------------------------------------------------------------

def giving_up_for(application, *, spouse_birth_date: date, today: date) -> rules.GivingUp:
    """From the engine: the spouse's survivor pension under the 100% option on the application's RED (for the
    spouse's age), against what the election leaves them."""
    spouse_is_beneficiary = application.beneficiary_relationship == "SPOUSE"
    birth = application.beneficiary_birth_date if spouse_is_beneficiary else spouse_birth_date
    try:
        figures = application_selectors.option_figures(application, beneficiary_birth_date=birth,
                                                       social_security_fra=None, today=today)
    except application_selectors.EstimateRefused as error:
        raise WaiverError(error.message) from None
    full = application_selectors.chosen_row(figures, "SURVIVOR_100").survivor_monthly
    return rules.what_spouse_gives_up(full_survivor_monthly=full,
                                      election_survivor_monthly=application.option_survivor_monthly or 0,
                                      spouse_is_beneficiary=spouse_is_beneficiary)


def _new_round(application, *, spouse_name, spouse_birth_date, spouse_email, giving_up, actor, seen):
    number = (application.waivers.aggregate(last=Max("round"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            waiver = Waiver.objects.create(
                application=application, member=application.member, round=number, option=application.option,
                beneficiary_name=application.beneficiary_name,
                beneficiary_relationship=application.beneficiary_relationship,
                retirement_effective_date=application.retirement_effective_date,
                full_survivor_monthly=giving_up.full_survivor_monthly, left_monthly=giving_up.left_monthly,
                spouse_name=" ".join(spouse_name.split()), spouse_birth_date=spouse_birth_date,
                spouse_email=spouse_email)
    except IntegrityError:  # the one-live-round constraint: another tab started one first
        raise WaiverError(ALREADY_STARTED) from None
    record_event(waiver, Actor.MEMBER if actor == "member" else Actor.STAFF, "round_started", seen=seen,
           detail=f"round {number}: option {waiver.option}")
    _send_link(waiver, purpose=SPOUSE_LINK, email=spouse_email, actor=Actor.SYSTEM)
    return waiver


def start_waiver(*, member, application, spouse_name, spouse_birth_date, spouse_email, actor, seen=None,
                 today=None) -> Waiver:
    """Start the waiver of the member's election: content frozen from it now, the spouse's link e-mailed."""
    today = today or timezone.localdate()
    if application.state == Application.State.WITHDRAWN:
        raise WaiverError(APPLICATION_CLOSED)
    if not application.option:
        raise WaiverError(NO_ELECTION_YET)
    if not application.spousal_waiver_required:
        raise WaiverError(NOT_REQUIRED)
    if spouse_birth_date >= today:
        raise WaiverError(SPOUSE_BORN_TOO_LATE, field="spouse_birth_date")
    giving_up = giving_up_for(application, spouse_birth_date=spouse_birth_date, today=today)
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()  # one start at a time
        if application.waivers.filter(state__in=Waiver.LIVE_STATES).exists():
            raise WaiverError(ALREADY_STARTED)
        waiver = _new_round(application, spouse_name=spouse_name, spouse_birth_date=spouse_birth_date,
                            spouse_email=spouse_email, giving_up=giving_up, actor="member", seen=seen)
        audit(actor=actor, member=member, action="applications.waiver.started", target=f"waiver:{waiver.pk}",
              ip_address=seen and seen.ip_address, data={"application": application.reference, "round": waiver.round})
    return waiver


def _locked(waiver_id, *states) -> Waiver:
    waiver = Waiver.objects.select_for_update(of=("self",)).select_related("member").get(pk=waiver_id)
    if states and waiver.state not in states:
        raise WaiverError(NOT_NOW)
    return waiver


def change_spouse_email(*, member, waiver, email, actor, seen=None) -> Waiver:
    """A new address for the spouse before they sign: the old link ends, a new one goes to the new address."""
    with transaction.atomic():
        locked = _locked(waiver.pk)
        if locked.state != State.SPOUSE:
            raise WaiverError(EMAIL_ONLY_BEFORE_SIGNING, field="email")
        links.revoke(purpose=SPOUSE_LINK, target=locked)
        locked.spouse_email = email
        locked.save(update_fields=["spouse_email"])
        record_event(locked, Actor.MEMBER, "spouse_email_changed", seen=seen)
        _send_link(locked, purpose=SPOUSE_LINK, email=email, actor=Actor.SYSTEM)
        audit(actor=actor, member=member, action="applications.waiver.spouse_email_changed",
              target=f"waiver:{locked.pk}", ip_address=seen and seen.ip_address)
    return locked


def resend_link(*, member, waiver, actor, seen=None, now=None) -> Waiver:
    """Send the link of whoever the round waits for again (the old one ends), a few times a day at most."""
    now = now or timezone.now()
    start_of_day = datetime.combine(rules.michigan_day(now), time(0), tzinfo=rules.MICHIGAN)
    with transaction.atomic():
        locked = _locked(waiver.pk)
        waiting = {State.SPOUSE: (SPOUSE_LINK, locked.spouse_email),
                   State.SPOUSE_NOTARY: (NOTARY_LINKS[Part.SPOUSE], locked.spouse_notary_email),
                   State.APPLICANT_NOTARY: (NOTARY_LINKS[Part.APPLICANT], locked.applicant_notary_email)}
        if locked.state not in waiting:
            raise WaiverError(NOTHING_TO_RESEND)
        sends = locked.events.filter(action="link_resent", at__gte=start_of_day).count()
        if not rules.resend_allowed(sends_today=sends):
            raise WaiverError(RESEND_LIMIT.format(limit=rules.RESENDS_PER_DAY))
        purpose, email = waiting[locked.state]
        links.revoke(purpose=purpose, target=locked)
        _send_link(locked, purpose=purpose, email=email, actor=Actor.MEMBER, seen=seen, why="resent")
        audit(actor=actor, member=member, action="applications.waiver.link_resent", target=f"waiver:{locked.pk}",
              ip_address=seen and seen.ip_address, data={"purpose": purpose})
    return locked


# --- the spouse's part ------------------------------------------------------------------------------------------

def waiver_of_link(token, *, purpose) -> Waiver:
    """The waiver a usable link names (``links.LinkRefused`` otherwise). Never consumes the link."""
    link = links.resolve(token, purpose=purpose)
    return Waiver.objects.select_related("member", "application").get(pk=link.target_id)


def check_spouse_identity(*, token, birth_date, seen=None) -> bool:
    """The spouse proves who they are with their date of birth. A wrong date counts against the link; at the fifth
    the link locks for good and the member is told (``links.LinkRefused`` for a link already refused)."""
    waiver = waiver_of_link(token, purpose=SPOUSE_LINK)
    if birth_date == waiver.spouse_birth_date:
        record_event(waiver, Actor.SPOUSE, "identity_proved", seen=seen)
        return True
    link = links.record_failure(token, purpose=SPOUSE_LINK, limit=rules.DATE_OF_BIRTH_TRIES)
    with transaction.atomic():
        record_event(waiver, Actor.SPOUSE, "identity_failed", seen=seen, link_id=link.pk,
               detail=f"wrong date of birth ({link.failed_attempts} of {rules.DATE_OF_BIRTH_TRIES})")
        if link.locked_at is not None:
            record_event(waiver, Actor.SYSTEM, "link_locked", link_id=link.pk)
            _notify_member(waiver, "link_locked", key=f"locked:{link.pk}")
    return False


def _flags(waiver, seen) -> list[str]:
    """Issue 18 item 5: whether the spouse signs from the member's own session, address or browser."""
    flags = []
    if seen.member_user_id is not None and seen.member_user_id == waiver.member.user_id:
        flags.append("session")
    member_events = waiver.events.filter(actor=Actor.MEMBER)
    if seen.ip_address and member_events.filter(ip_address=seen.ip_address).exists():
        flags.append("ip")
    if seen.user_agent and member_events.filter(user_agent=seen.user_agent[:300]).exists():
        flags.append("device")
    return flags


def _check_notary_named(waiver, *, notary_name, notary_email):
    certificate_like = rules.Certificate(notary_name, "", "", date.max, "", rules.ActKind.IN_PERSON, "", "",
                                         rules.IdentityDocument.PERSONAL_KNOWLEDGE, "", notary_email)
    if rules.party_of(certificate_like, _parties(waiver)) is not None:
        raise WaiverError(NOTARY_IS_A_PARTY, field="notary_name")


def _parties(waiver) -> rules.Parties:
    return rules.Parties(member_name=waiver.member.full_name, spouse_name=waiver.spouse_name,
                         member_email=waiver.member.notice_email or "", spouse_email=waiver.spouse_email)


def spouse_signs(*, token, consent, signature, notary_name, notary_email, notary_present=False, seen=None,
                 now=None) -> Waiver:
    """The spouse consents to electronic records, then signs by typing their full name (dated by the server), and
    names the notary, who gets their link for today (``notary_present``: the notary is with the spouse in person)."""
    seen = seen or Seen()
    waiver = waiver_of_link(token, purpose=SPOUSE_LINK)
    if not consent:
        raise WaiverError(CONSENT_NEEDED, field="esign_consent")
    if _norm(signature) != _norm(waiver.spouse_name):
        raise WaiverError(SPOUSE_NAME_MISMATCH.format(name=waiver.spouse_name), field="signature")
    _check_notary_named(waiver, notary_name=notary_name, notary_email=notary_email)
    with transaction.atomic():
        link = links.consume(token, purpose=SPOUSE_LINK)
        now = now or timezone.now()
        signed = change_state(
            model=Waiver, pk=link.target_id, field="state", allowed_from=(State.SPOUSE,), to=State.SPOUSE_NOTARY,
            verb="spouse_signed", actor=None, refusal=WaiverError(NOT_NOW), ip_address=seen.ip_address,
            changes={"spouse_consented_at": now, "spouse_signed_at": now,
                     "spouse_signature": " ".join(signature.split()),
                     "spouse_flags": _flags(waiver, seen), "spouse_notary_name": " ".join(notary_name.split()),
                     "spouse_notary_email": notary_email})
        record_event(signed, Actor.SPOUSE, "esign_consented", seen=seen)
        record_event(signed, Actor.SPOUSE, "spouse_signed", seen=seen, link_id=link.pk,
               detail=_signed_detail(signed.spouse_flags, notary_present=notary_present))
        _send_link(signed, purpose=NOTARY_LINKS[Part.SPOUSE], email=notary_email, actor=Actor.SPOUSE, seen=seen,
                   signer_present=notary_present)
        _notify_member(signed, "spouse_signed", key=f"spouse_signed:{now.isoformat()}")
    return signed


def _signed_detail(flags, *, notary_present) -> str:
    """The signature's event detail: the flags for staff, and whether the signer said the notary was with them."""
    parts = (["flags: " + ", ".join(flags)] if flags else []) + (["notary present in person"] if notary_present else [])
    return "; ".join(parts)


def spouse_declines(*, token, seen=None) -> Waiver:
    """The spouse declines to waive: the round ends, and the member (and staff, in the admin) see it."""
    with transaction.atomic():
        link = links.consume(token, purpose=SPOUSE_LINK)
        declined = change_state(
            model=Waiver, pk=link.target_id, field="state", allowed_from=(State.SPOUSE,), to=State.DECLINED,
            verb="spouse_declined", actor=None, refusal=WaiverError(NOT_NOW), ip_address=seen and seen.ip_address,
            changes={"spouse_declined_at": timezone.now(), "ended_at": timezone.now()})
        record_event(declined, Actor.SPOUSE, "spouse_declined", seen=seen, link_id=link.pk)
        _end_links(declined)
        _notify_member(declined, "declined", key="declined")
    return declined


# --- the notaries' parts ----------------------------------------------------------------------------------------

def signed_at_of(waiver, part: Part):
    return waiver.spouse_signed_at if part is Part.SPOUSE else waiver.applicant_signed_at


def notarise(*, token, part: Part, certificate: rules.Certificate, notary_signature, seen=None,
             now=None) -> Waiver:
    """Record the notary's certificate for ``part``'s signature. A notarisation on another day than the signature
    lapses the signature (:class:`SignatureLapsed`; the signer signs again); any other reason of the rules refuses
    it (:class:`CertificateRefused`) and changes nothing."""
    purpose = NOTARY_LINKS[part]
    waiver = waiver_of_link(token, purpose=purpose)
    now = now or timezone.now()
    if waiver.state != WAITING_FOR_NOTARY[part]:
        raise WaiverError(NOT_NOW)
    signed_at = signed_at_of(waiver, part)
    if rules.has_lapsed(signed_at, now=now):
        lapse_signature(waiver_id=waiver.pk, part=part, now=now)
        raise SignatureLapsed()
    refusals = rules.certificate_refusals(certificate, part=part, parties=_parties(waiver), signed_at=signed_at,
                                          act_at=now)
    if refusals:
        raise CertificateRefused(refusals)
    if _norm(notary_signature) != _norm(certificate.notary_name):
        raise WaiverError(NOTARY_SIGNATURE_MISMATCH, field="notary_signature")
    with transaction.atomic():
        link = links.consume(token, purpose=purpose)
        locked = _locked(link.target_id, WAITING_FOR_NOTARY[part])
        NotarialAct.objects.create(
            waiver=locked, part=part.value, signed_at=signed_at, performed_at=now,
            notary_name=" ".join(certificate.notary_name.split()), notary_email=certificate.notary_email,
            commission_number=certificate.commission_number, commission_county=certificate.commission_county,
            commission_expires=certificate.commission_expires, act_county=certificate.act_county,
            kind=certificate.kind.value, platform=certificate.platform, session_reference=certificate.session_reference,
            identity_document=certificate.identity_document.value, identity_issuer=certificate.identity_issuer,
            notary_signature=" ".join(notary_signature.split()))
        to = State.APPLICANT if part is Part.SPOUSE else State.COMPLETE
        moved = change_state(model=Waiver, pk=locked.pk, field="state", allowed_from=(WAITING_FOR_NOTARY[part],),
                             to=to, verb=f"{part.value.lower()}_notarised", actor=None, refusal=WaiverError(NOT_NOW),
                             ip_address=seen and seen.ip_address,
                             changes={"completed_at": now} if to == State.COMPLETE else None)
        record_event(moved, Actor.NOTARY, f"{part.value.lower()}_notarised", seen=seen, link_id=link.pk,
               detail=f"{certificate.kind.value.lower().replace('_', ' ')}, commission {certificate.commission_number}")
        if to == State.COMPLETE:
            enqueue_on_commit(produce_waiver_document_task, moved.pk)
            _notify_member(moved, "complete", key="complete")
        else:
            _notify_member(moved, "your_turn", key=f"your_turn:{now.isoformat()}")
    return moved


def notary_page_refused(*, waiver, part: Part, seen=None):
    """A notary's page opened on the signer's own device (or session) was refused: on the audit page for staff."""
    record_event(waiver, Actor.SYSTEM, "notary_page_refused", seen=seen,
                 detail=f"the {part.value.lower()} notary's page was opened on the signer's device and refused")


def lapse_signature(*, waiver_id, part: Part, now=None) -> Waiver | None:
    """A signature not notarised the day it was made lapses at midnight (RULES §11b, Date A / Date B): its
    notary's link ends and the signer is asked to sign again (the spouse by a new link). None when it was not
    waiting for its notary any more."""
    now = now or timezone.now()
    cleared = {Part.SPOUSE: {"spouse_consented_at": None, "spouse_signed_at": None, "spouse_signature": "",
                             "spouse_flags": [], "spouse_notary_name": "", "spouse_notary_email": ""},
               Part.APPLICANT: {"applicant_consented_at": None, "applicant_signed_at": None,
                                "applicant_signature": "", "applicant_notary_name": "",
                                "applicant_notary_email": ""}}[part]
    with transaction.atomic():
        try:
            lapsed = change_state(model=Waiver, pk=waiver_id, field="state", allowed_from=(WAITING_FOR_NOTARY[part],),
                                  to=WAITING_FOR_SIGNER[part], verb=f"{part.value.lower()}_signature_lapsed",
                                  actor=None, refusal=WaiverError(NOT_NOW), changes=cleared)
        except WaiverError:
            return None
        links.revoke(purpose=NOTARY_LINKS[part], target=lapsed)
        record_event(lapsed, Actor.SYSTEM, f"{part.value.lower()}_signature_lapsed",
               detail="not notarised on the day it was signed")
        if part is Part.SPOUSE:
            _send_link(lapsed, purpose=SPOUSE_LINK, email=lapsed.spouse_email, actor=Actor.SYSTEM, why="sent_again")
        _notify_member(lapsed, f"{part.value.lower()}_lapsed", key=f"lapsed:{part.value}:{now.isoformat()}")
    return lapsed


# --- the applicant's part ---------------------------------------------------------------------------------------

def applicant_signs(*, member, waiver, consent, signature, notary_name, notary_email, actor, notary_present=False,
                    seen=None, now=None) -> Waiver:
    """The member signs the applicant's certification (the view has re-authenticated them) and names the notary,
    who gets their link for today (Date B; ``notary_present``: the notary is with the member in person)."""
    if not consent:
        raise WaiverError(CONSENT_NEEDED, field="esign_consent")
    if _norm(signature) not in {_norm(member.full_name), _norm(f"{member.first_name} {member.last_name}")}:
        raise WaiverError(MEMBER_NAME_MISMATCH.format(name=member.full_name), field="signature")
    _check_notary_named(waiver, notary_name=notary_name, notary_email=notary_email)
    now = now or timezone.now()
    with transaction.atomic():
        signed = change_state(
            model=Waiver, pk=waiver.pk, field="state", allowed_from=(State.APPLICANT,), to=State.APPLICANT_NOTARY,
            verb="applicant_signed", actor=actor, refusal=WaiverError(NOT_NOW), ip_address=seen and seen.ip_address,
            changes={"applicant_consented_at": now, "applicant_signed_at": now,
                     "applicant_signature": " ".join(signature.split()),
                     "applicant_notary_name": " ".join(notary_name.split()), "applicant_notary_email": notary_email})
        record_event(signed, Actor.MEMBER, "esign_consented", seen=seen)
        record_event(signed, Actor.MEMBER, "applicant_signed", seen=seen,
                     detail=_signed_detail([], notary_present=notary_present))
        _send_link(signed, purpose=NOTARY_LINKS[Part.APPLICANT], email=notary_email, actor=Actor.MEMBER, seen=seen,
                   signer_present=notary_present)
    return signed


# --- staff review -----------------------------------------------------------------------------------------------

def approve_waiver(*, waiver_id, actor) -> Waiver:
    """A reviewer approves a complete round: the application can go on (RULES §6)."""
    with transaction.atomic():
        if not Waiver.objects.filter(pk=waiver_id, document__isnull=False).exists():
            raise WaiverError(DOCUMENT_NOT_READY)
        now = timezone.now()
        approved = change_state(model=Waiver, pk=waiver_id, field="state", allowed_from=(State.COMPLETE,),
                                to=State.APPROVED, verb="approved", actor=actor, refusal=WaiverError(NOT_NOW),
                                changes={"reviewed_at": now, "reviewed_by": actor, "ended_at": now})
        record_event(approved, Actor.STAFF, "approved")
        # The application's timeline moves on by itself: its "spousal waiver approved" stage reads the approved
        # round (waivers.selectors.waiver_approved). The approval notice is the member's one e-mail about it.
        _notify_member(approved, "approved", key="approved")
    return approved


def reject_waiver(*, waiver_id, reason, note="", actor, today=None) -> Waiver:
    """A reviewer rejects a complete round with a reason from the list: the member is told what to fix and a new
    round starts at once with new links, its content frozen from the election as it is now. Returns the new round."""
    if reason not in Waiver.Reason.values:
        raise WaiverError("Choose a reason from the list.", field="reason")
    today = today or timezone.localdate()
    with transaction.atomic():
        now = timezone.now()
        rejected = change_state(model=Waiver, pk=waiver_id, field="state", allowed_from=(State.COMPLETE,),
                                to=State.REJECTED, verb="rejected", actor=actor, refusal=WaiverError(NOT_NOW),
                                changes={"reviewed_at": now, "reviewed_by": actor, "ended_at": now,
                                         "rejection_reason": reason, "rejection_note": note[:500]},
                                data={"reason": reason})
        record_event(rejected, Actor.STAFF, "rejected", detail=rejected.get_rejection_reason_display())
        application = Application.objects.select_related("member").get(pk=rejected.application_id)
        giving_up = giving_up_for(application, spouse_birth_date=rejected.spouse_birth_date, today=today)
        new = _new_round(application, spouse_name=rejected.spouse_name, spouse_birth_date=rejected.spouse_birth_date,
                         spouse_email=rejected.spouse_email, giving_up=giving_up, actor="staff", seen=None)
        _notify_member(rejected, "rejected", key="rejected", new_round=new)
    return new


# --- a changed election -----------------------------------------------------------------------------------------

def void_if_election_changed(*, application, actor) -> Waiver | None:
    """A waiver shows one election: when the option or beneficiary saved now is not the one it shows (or no waiver
    is needed any more), it is void, its links end, and a new one must start. Returns the voided waiver."""
    current = (Waiver.objects.filter(application=application, state__in=(*Waiver.LIVE_STATES, State.APPROVED))
               .first())
    if current is None:
        return None
    same = (current.option == application.option and current.beneficiary_name == application.beneficiary_name
            and current.beneficiary_relationship == application.beneficiary_relationship
            and application.spousal_waiver_required)
    if same:
        return None
    with transaction.atomic():
        voided = change_state(model=Waiver, pk=current.pk, field="state", allowed_from=(current.state,),
                              to=State.VOID, verb="voided", actor=actor, refusal=WaiverError(NOT_NOW),
                              changes={"ended_at": timezone.now()})
        _end_links(voided)
        record_event(voided, Actor.SYSTEM, "voided", detail="the election changed")
        _notify_member(voided, "voided", key="voided")
    return voided


# --- the beat sweep ---------------------------------------------------------------------------------------------

def sweep(*, now=None) -> dict:
    """Once a minute or so (idempotent): lapse signatures not notarised by midnight, remind a spouse or notary once
    after 7 days, tell the member once when a link expires, and enqueue the document of every completed round
    that has none. Every notice is recorded once (a unique event per link, an outbox row per key)."""
    now = now or timezone.now()
    counts = {"lapsed": 0, "reminded": 0, "expired": 0, "documents": 0}
    midnight = datetime.combine(rules.michigan_day(now), time(0), tzinfo=rules.MICHIGAN)
    for part, field in ((Part.SPOUSE, "spouse_signed_at"), (Part.APPLICANT, "applicant_signed_at")):
        overdue = Waiver.objects.filter(state=WAITING_FOR_NOTARY[part], **{f"{field}__lt": midnight})
        for waiver_id in overdue.values_list("pk", flat=True):
            counts["lapsed"] += lapse_signature(waiver_id=waiver_id, part=part, now=now) is not None
    open_links = SingleUseLink.objects.filter(
        purpose__in=LINK_PURPOSES, target_type=ContentType.objects.get_for_model(Waiver), used_at=None,
        revoked_at=None, locked_at=None)
    for link in open_links.filter(created_at__lte=now - rules.REMINDER_AFTER, expires_at__gt=now):
        counts["reminded"] += _once_per_link(link, "reminder_sent", now=now)
    for link in open_links.filter(expires_at__lte=now):
        counts["expired"] += _once_per_link(link, "link_expired", now=now)
    missing = Waiver.objects.filter(completed_at__isnull=False, document=None,
                                    state__in=(State.COMPLETE, State.APPROVED))
    for waiver_id in missing.values_list("pk", flat=True):
        enqueue_on_commit(produce_waiver_document_task, waiver_id)
        counts["documents"] += 1
    return counts


def _once_per_link(link, action, *, now) -> bool:
    """Record ``action`` for ``link`` and send its notice, once: the unique event decides a concurrent sweep."""
    waiver = Waiver.objects.select_related("member").get(pk=link.target_id)
    try:
        with transaction.atomic():
            record_event(waiver, Actor.SYSTEM, action, link_id=link.pk)
            if action == "reminder_sent":
                queue_email(dedupe_key=f"applications:waiver:link:{link.pk}:reminder", to=link.email,
                            template="applications/emails/waiver_reminder",
                            context={"waiver": waiver, "sent": link.created_at, "expires": link.expires_at,
                                     "member_name": waiver.member.full_name,
                                     "for_notary": link.purpose != SPOUSE_LINK})
            else:
                _notify_member(waiver, "link_expired", key=f"expired:{link.pk}",
                               for_notary=link.purpose != SPOUSE_LINK)
    except IntegrityError:
        return False
    return True
