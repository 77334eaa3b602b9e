"""Writes after submission (issue 17 item 4): the proofs uploaded on the checklist and their review, withdrawing the
application, the rule for changing answers after submission, and the office's milestones on the timeline. Each is
atomic, audited and, where the member should hear of it, noticed by e-mail through the outbox (never a personal
detail in it).
"""

from django.db import transaction
from django.utils import timezone

from accounts import proofs
from accounts.audit import audit
from accounts.models import Document
from accounts.uploads import store_document
from applications.models import Application, ApplicationProof, Milestone
from applications.notices import notify_member
from applications.rules.checklist import PROOF_LABELS, ItemStatus
from applications.rules.election import Proof
from applications.submitted_selectors import UPLOAD_STATES, checklist_for_application
from insurance import services as insurance_services
from portal.errors import ServiceError
from portal.state import change_state

State = Application.State

# Messages shown to the member as they are (tests assert these constants).
NOT_ON_THE_CHECKLIST = "Choose a proof from your checklist."
NOT_NEEDED_NOW = "This proof is already accepted: there is nothing more to upload for it."
UPLOADS_CLOSED = "Your application is past the stage where we take proofs here. Send us a message instead."
WITHDRAW_TOO_LATE = ("Your retirement effective date, {red:%B %-d, %Y}, has come: the application can no longer be "
                     "withdrawn here. Send us a message.")
NOT_WITHDRAWABLE = "This application cannot be withdrawn: it is not waiting for us, or it is already withdrawn."
CHANGES_CLOSED = ("We have started calculating your pension, so your answers can no longer be changed here. Send us a "
                  "message if something is wrong.")
OPTION_FIXED_AT_RED = ("Your payment option and survivor beneficiary can never change after your retirement "
                       "effective date, {red:%B %-d, %Y}.")

# The member may withdraw until the RED (issue 17 item 4): from every state before the award.
WITHDRAWABLE_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER, State.CALCULATING)
OPTION_STEP = "option"
NOT_WAITING = "The application is not waiting for the member."


class AfterSubmissionError(ServiceError):
    """Refused after submission; ``message`` is for the member."""



# ---------------------------------------------------------------------------------------------------------------
# Proofs on the checklist
# ---------------------------------------------------------------------------------------------------------------

def upload_proof(*, member, application, item_key, clean_file, actor, today=None):
    """Store a content-checked, virus-scanned copy (``clean_file`` from ``accounts.uploads.UploadField``) for one line
    of the checklist: the application's own proof, or an insured dependent's (through insurance's service, so the
    dependent's page shows it too). Only a line that is missing or was not accepted takes a copy. An application
    waiting for the member goes back under review (``member_answered``)."""
    today = today or timezone.localdate()
    if application.state not in UPLOAD_STATES:
        raise AfterSubmissionError(UPLOADS_CLOSED)
    view = checklist_for_application(application=application, today=today)
    item = next((line for line in view.items if line.key == item_key), None)
    if item is None or not item.uploadable:
        raise AfterSubmissionError(NOT_ON_THE_CHECKLIST, field="item")
    if item.status is ItemStatus.ACCEPTED:
        raise AfterSubmissionError(NOT_NEEDED_NOW, field="item")
    with transaction.atomic():
        if item_key.startswith("dependent:"):
            _, dependent_id, kind = item_key.split(":")
            proof = insurance_services.upload_proof(member=member, kind=kind, clean_file=clean_file, actor=actor,
                                                    dependent=view.dependents[int(dependent_id)], today=today)
        else:
            kind = item_key.removeprefix("own:")
            document = store_document(member=member, kind=Document.Kind.UPLOAD, clean_file=clean_file, actor=actor,
                                      title=f"{PROOF_LABELS[Proof(kind)]} ({application.reference})"[:200])
            proof = ApplicationProof.objects.create(application=application, member=member, kind=kind,
                                                    document=document, received_on=today)
            audit(actor=actor, member=member, action="applications.applicationproof.uploaded",
                  target=f"applicationproof:{proof.pk}", data={"kind": kind, "document": document.pk,
                                                              "application": application.pk})
        member_answered(member=member, actor=actor)
    return proof


def member_answered(*, member, actor, ip_address=None) -> Application | None:
    """The member sent something (a proof, a message on the message board) while their application waited for them:
    it goes back under review, audited, and they are told by e-mail. Idempotent: without an application of theirs
    waiting for them it does nothing (returns None)."""
    with transaction.atomic():
        waiting = (Application.objects.select_for_update().filter(member=member, state=State.WAITING_FOR_MEMBER)
                   .values_list("pk", flat=True).first())
        if waiting is None:
            return None
        moved = change_state(model=Application, pk=waiting, field="state", allowed_from=(State.WAITING_FOR_MEMBER,),
                             to=State.UNDER_REVIEW, verb="member_answered", actor=actor, ip_address=ip_address,
                             refusal=AfterSubmissionError(NOT_WAITING))
        moved.member = member
        notify_member(member=member, dedupe_key=f"applications:answered:{moved.pk}:{timezone.now().isoformat()}",
                      template="state_changed", context={"application": moved})
    return moved


def review_application_proof(*, proof_id, accept, reason="", actor):
    """Staff accept a proof, or reject it with the reason the member reads (and is told of by e-mail)."""
    with transaction.atomic():
        proof = proofs.review_proof(model=ApplicationProof, proof_id=proof_id, accept=accept, reason=reason,
                                    actor=actor, error=AfterSubmissionError)
        if not accept:
            notify_member(member=proof.member, dedupe_key=f"applications:proof-rejected:{proof.pk}",
                    template="proof_rejected", context={})
    return proof


# ---------------------------------------------------------------------------------------------------------------
# Withdrawing, and changing answers after submission
# ---------------------------------------------------------------------------------------------------------------

def withdraw_application(*, member, application, actor, today=None, ip_address=None):
    """The member withdraws their submitted application, before its RED; audited and confirmed by e-mail."""
    today = today or timezone.localdate()
    if today >= application.retirement_effective_date:
        raise AfterSubmissionError(WITHDRAW_TOO_LATE.format(red=application.retirement_effective_date))
    with transaction.atomic():
        withdrawn = change_state(model=Application, pk=application.pk, allowed_from=WITHDRAWABLE_STATES,
                                 to=State.WITHDRAWN, verb="withdrawn", actor=actor, ip_address=ip_address, field="state",
                                 refusal=AfterSubmissionError(NOT_WITHDRAWABLE),
                                 changes={"withdrawn_at": timezone.now()}, data={"by": "member"})
        withdrawn.member = member
        notify_member(member=member, dedupe_key=f"applications:withdrawn:{withdrawn.pk}", template="withdrawn",
                context={"application": withdrawn})
    return withdrawn


def change_refusal(application, *, step, today=None) -> str | None:
    """Why a submitted application's answers of ``step`` ("option", "insurance", "tax", "deposit") cannot change
    now, or None when they can: until staff start the calculation (``Application.CHANGEABLE_STATES``), and the
    option and beneficiary never on or after the RED (RULES §6). The step pages call this before they save."""
    today = today or timezone.localdate()
    if application.state not in Application.CHANGEABLE_STATES:
        return CHANGES_CLOSED
    if step == OPTION_STEP and today >= application.retirement_effective_date:
        return OPTION_FIXED_AT_RED.format(red=application.retirement_effective_date)
    return None


def notice_of_change(*, application, step, actor):
    """Tell the member by e-mail that an answer of their submitted application changed (the step's own service has
    audited the change); call inside the change's transaction, once per change."""
    notify_member(member=application.member, template="answer_changed", context={"application": application, "step": step},
            dedupe_key=f"applications:changed:{application.pk}:{step}:{timezone.now().isoformat()}")


# ---------------------------------------------------------------------------------------------------------------
# The office's milestones (the staff review and the waiver issues record them)
# ---------------------------------------------------------------------------------------------------------------

def record_milestone(*, application_id, kind, on, actor, notify=True):
    """Record that ``kind`` happened on ``on``, once per application (a second record changes nothing).
    ``notify=False`` where the caller's own notice already tells the member (the waiver's approval)."""
    with transaction.atomic():
        milestone, created = Milestone.objects.get_or_create(application_id=application_id, kind=kind,
                                                             defaults={"on": on, "recorded_by": actor})
        if created:
            application = Application.objects.select_related("member").get(pk=application_id)
            audit(actor=actor, member=application.member, action="applications.milestone.recorded",
                  target=f"application:{application_id}", data={"kind": kind, "on": on.isoformat()})
            if notify:
                notify_member(member=application.member, dedupe_key=f"applications:milestone:{milestone.pk}",
                        template="milestone", context={"milestone": milestone})
    return milestone
