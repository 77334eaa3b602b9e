"""The insurance a retirement application chose, enrolled once its required documents are all in (issue 17 step 2,
RULES §10, §11).

The insurance step only records the member's choice (plans, people covered, the coverage date and share shown).
:func:`enrol_when_documents_in` makes the enrolment through ``insurance.services.enrol_at_retirement`` when the
checklist is complete: at submission when nothing is missing, otherwise when staff accept the last required proof
(``accounts.proofs.proof_accepted``), or when a change of answers after submission leaves nothing missing. It is made
once per application (a unique row, checked under the application's row lock, so the last two proofs accepted at
the same moment still enrol once).

The coverage date is the rules' (RULES §10: the at-retirement rows, by the day the last required document arrived),
and it can differ from the one the member was shown on the insurance step: documents that came in later move it.
The member chose to enrol, not the date, and waiting for them to confirm a new one would only push it further back,
so the enrolment is made on the rules' date; the application records both dates, the member is told the new one and
why (and that the coverage can be withdrawn from the Insurance page before it begins), and staff see it in the
admin. A refusal of the insurance services (a plan withdrawn, a dependent no longer eligible) never fails the staff
action that completed the documents: it is recorded for staff to sort out with the member, who is told so.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit
from applications.models import Application, ApplicationEnrolment, ApplicationProof
from applications.notices import notify_member
from applications.submitted_selectors import checklist_for_application
from insurance import selectors as insurance_selectors
from insurance import services as insurance_services
from insurance.models import PLAN_LINES

State = Application.State
# The office is still acting on the application: submitted and neither withdrawn nor denied.
ENROLLING_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER, State.CALCULATING, State.AWARDED)


def documents_received_on(application, checklist) -> date:
    """The day the last required document arrived (RULES §10): the application itself, whose insurance step is the
    enrolment form, on the day it was submitted, and each proof on the checklist on the day its accepted copy
    arrived (acceptance confirms a document; it arrived when it was received)."""
    days = [item.latest.received_on for item in checklist.items if item.uploadable and item.latest is not None]
    return max([timezone.localdate(application.submitted_at), *days])


def enrol_when_documents_in(*, application_id, actor, today=None) -> ApplicationEnrolment | None:
    """Enrol the member in the insurance their application chose, once, if its required documents are all in.

    Returns the application's enrolment record (made now or before), or None when there is nothing to enrol yet
    (insurance declined, not submitted, withdrawn, or a document still missing). Runs in the caller's transaction.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        application = (Application.objects.select_for_update(of=("self",)).select_related("member", *PLAN_LINES)
                       .get(pk=application_id))
        if application.insurance_decision != Application.InsuranceDecision.ENROL \
                or application.state not in ENROLLING_STATES:
            return None
        made = ApplicationEnrolment.objects.filter(application=application).first()
        if made is not None and made.enrolment_id is not None:
            return made  # already enrolled: never twice
        checklist = checklist_for_application(application=application, today=today).checklist
        if not checklist.complete:
            return None
        received = documents_received_on(application, checklist)
        try:
            enrolment = _enrol(application, received=received, actor=actor)
        except insurance_services.InsuranceError as refused:
            return _record_refusal(application, made, received=received, problem=refused.message, actor=actor)
        return _record_enrolment(application, made, enrolment=enrolment, received=received, actor=actor)


def _enrol(application, *, received, actor):
    """The enrolment on the date the member was shown, or, when the rules now give another, on the rules' date."""
    arguments = {
        "member": application.member, "retirement_effective_date": application.retirement_effective_date,
        "plans": {line: getattr(application, line) for line in PLAN_LINES},
        "dependents": list(application.insurance_dependents.all()), "documents_received": received, "actor": actor}
    try:
        return insurance_services.enrol_at_retirement(shown_coverage_begins=application.insurance_coverage_begins,
                                                      **arguments)
    except insurance_services.DateChanged as changed:
        return insurance_services.enrol_at_retirement(shown_coverage_begins=changed.new_date, **arguments)


def _record_enrolment(application, made, *, enrolment, received, actor):
    shown = application.insurance_coverage_begins
    record = made or ApplicationEnrolment(application=application)
    record.enrolment, record.documents_received, record.problem = enrolment, received, ""
    record.shown_coverage_begins, record.coverage_begins = shown, enrolment.coverage_begins
    record.save()
    audit(actor=actor, member=application.member, action="applications.application.insurance_enrolled",
          target=f"application:{application.pk}",
          data={"enrolment": enrolment.pk, "documents_received": received.isoformat(),
                "coverage_begins": enrolment.coverage_begins.isoformat(),
                "shown_coverage_begins": shown.isoformat() if shown else None})
    if record.date_changed:
        # The application now says the date coverage really begins (its pages and letters read it from here).
        application.insurance_coverage_begins = enrolment.coverage_begins
        application.save(update_fields=["insurance_coverage_begins", "updated_at"])
        notify_member(member=application.member, dedupe_key=f"applications:insurance-date-changed:{record.pk}",
                      template="insurance_date_changed",
                      context={"application": application, "record": record, "enrolment": enrolment})
    return record


def _record_refusal(application, made, *, received, problem, actor):
    record = made or ApplicationEnrolment(application=application)
    record.documents_received, record.problem = received, problem
    record.shown_coverage_begins = application.insurance_coverage_begins
    record.save()
    audit(actor=actor, member=application.member, action="applications.application.insurance_not_enrolled",
          target=f"application:{application.pk}", data={"problem": problem,
                                                         "documents_received": received.isoformat()})
    notify_member(member=application.member, dedupe_key=f"applications:insurance-not-enrolled:{record.pk}",
                  template="insurance_not_enrolled", context={"application": application})
    return record


def withdraw_with_application(*, application, actor, today=None) -> bool:
    """The application is withdrawn or denied: the member does not retire now, so the insurance it enrolled is
    withdrawn too while its coverage has not begun (insurance's own service, audited and noticed). Coverage already
    begun is left for staff, who see the enrolment in the admin. True when an enrolment was withdrawn."""
    today = today or timezone.localdate()
    made = (ApplicationEnrolment.objects.select_related("enrolment")
            .filter(application_id=application.pk, enrolment__isnull=False).first())
    if made is None or not insurance_selectors.enrolment_withdrawable(enrolment=made.enrolment, on=today):
        return False
    insurance_services.withdraw_enrolment(member=application.member, enrolment_id=made.enrolment_id, actor=actor,
                                          today=today)
    return True


def applications_waiting_on(proof) -> list[int]:
    """The applications whose checklist an accepted proof is a line of: an application's own proof, or an insured
    dependent's proof (a dependent may be on the open application of their member only)."""
    if isinstance(proof, ApplicationProof):
        return [proof.application_id]
    if getattr(proof, "dependent_id", None) is None:
        return []  # a proof of a qualifying event after retirement: no application waits on it
    return list(Application.objects.filter(member_id=proof.member_id, state__in=ENROLLING_STATES,
                                           insurance_decision=Application.InsuranceDecision.ENROL,
                                           insurance_dependents=proof.dependent_id).values_list("pk", flat=True))


def on_proof_accepted(sender, *, proof, actor, **kwargs):
    """``accounts.proofs.proof_accepted``: the proof may have been the last document the enrolment waited on."""
    for application_id in applications_waiting_on(proof):
        enrol_when_documents_in(application_id=application_id, actor=actor)
