"""The office's work on a submitted application (issue 19 item 3): start the review, ask the member for a missing
item, record the final payroll, start the calculation, approve the award, deny. Each is one transaction, audited (the
state moves through ``services.move_application``, which also tells the member by e-mail) and refused with
:class:`StaffActionError` (a message for the staff member) with nothing changed.

Approving is four-eyed: only staff with ``applications.approve_award`` (the Supervisor group), never the person who
started the calculation nor the one who made its latest version (``applications.calculation``), which the approval
marks as approved; the application's row is locked first, so of two concurrent approvals exactly one wins and the
other is told the award is already approved.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import audit
from accounts.message_board import services as message_board
from accounts.message_board.models import Thread
from applications import services, submitted_services, tasks
from applications.calculation import latest_calculation
from applications.models import Application, Milestone
from pensions.employer_report import ReportRejected
from pensions.models import PayPeriodReport
from pensions.report_file import ReportFile
from pensions.services import load_employer_report
from portal.errors import ServiceError
from portal.templatetags.portal_format import long_date

State = Application.State

ITEM_NEEDED = "Say what the member should send or complete: they read it as written."
NOT_A_SUPERVISOR = "Only a supervisor can approve an award."
FOUR_EYES = "You started this calculation, so another supervisor must approve the award (four eyes)."
FOUR_EYES_RECALCULATED = "You recalculated this pension, so another supervisor must approve the award (four eyes)."
NOT_RECALCULATED = "Recalculate before approving: the award is approved on the final calculation."
NOT_ELIGIBLE_FINALLY = ("The final calculation finds the member not eligible on the retirement effective date: return "
                        "the application to review, or deny it with the reason.")
ALREADY_AWARDED = "This award has already been approved."
NOT_CALCULATING = "Only an application being calculated can be awarded: start the calculation first."
REASON_NEEDED = "Write the reason for the denial: the member reads it as written."
RETURN_REASON_NEEDED = "Say why the application goes back under review (kept in its history)."
PAYROLL_NOT_NOW = "The final payroll is recorded while the application is under review or being calculated."
REPORT_REFUSED = "The employer's report was refused and nothing of it was loaded:"
NO_FINAL_PERIOD = ("This report does not give the member's final pay period (one ending on or after the last day "
                   "worked, {last_day}): nothing of it was loaded. Ask the employer for the final pay report.")
ASK_SUBJECT = "Your retirement application {reference}: we need something from you"


class StaffActionError(ServiceError):
    """The action was refused; ``message`` is for the staff member."""


def start_review(*, application_id, actor, ip_address=None) -> Application:
    return services.move_application(application_id=application_id, to=State.UNDER_REVIEW, actor=actor,
                                     ip_address=ip_address)


def ask_member(*, application_id, item, actor, ip_address=None) -> Application:
    """Ask the member for a missing or incomplete item: a message-board thread opens with ``item`` as the office's
    first message and the application waits for the member."""
    item = item.strip()
    if not item:
        raise StaffActionError(ITEM_NEEDED, field="item")
    with transaction.atomic():
        moved = services.move_application(application_id=application_id, to=State.WAITING_FOR_MEMBER, actor=actor,
                                          reason=item, ip_address=ip_address)
        body = f"{ASK_SUBJECT.format(reference=moved.reference)}\n\n{item}"
        message_board.start_staff_thread(member=moved.member, topic=Thread.Topic.OTHER, body=body, staff_user=actor,
                                         ip_address=ip_address)
    return moved


def record_final_payroll(*, application_id, report: ReportFile, actor) -> Milestone:
    """The employer's final pay report has arrived: ``report`` is loaded with the employer-report loader and the
    milestone is recorded on the member's timeline (once), dated the day the report was loaded — the day the office
    had the final payroll, which is what the member's timeline tells.

    The report must give the member's final pay period (RULES §11: the office collects the final payroll from the
    employer before it recalculates): with it loaded, the member's record must hold a pay period ending on or after
    the application's last day worked (the period that holds it, or a later one: a payout after the last day). The
    load and that check are one transaction, so a report without it is refused with nothing of it loaded. A malformed
    report is refused with the loader's reasons, row by row. Loading the same file again changes nothing (the loader
    knows it by its content), so a second upload only finds the milestone already recorded."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.state not in (State.UNDER_REVIEW, State.WAITING_FOR_MEMBER, State.CALCULATING):
            raise StaffActionError(PAYROLL_NOT_NOW)
        try:
            loaded = load_employer_report(content=report.content, filename=report.name, actor=actor)
        except ReportRejected as rejected:
            raise StaffActionError(REPORT_REFUSED, field="payroll_report",
                                   details=[f"Row {line}: {reason}" for line, reason in rejected.errors]) from None
        last_day = application.last_day_worked
        if not PayPeriodReport.objects.filter(member_id=application.member_id, period_end__gte=last_day).exists():
            raise StaffActionError(NO_FINAL_PERIOD.format(last_day=long_date(last_day)), field="payroll_report")
        return submitted_services.record_milestone(application_id=application_id,
                                                   kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED,
                                                   on=timezone.localdate(loaded.report.loaded_at), actor=actor)


def start_calculation(*, application_id, actor, ip_address=None) -> Application:
    """Refused without an approved spousal waiver when one is required (``move_application``); records who started
    it, who may then not approve the award."""
    return services.move_application(application_id=application_id, to=State.CALCULATING, actor=actor,
                                     ip_address=ip_address,
                                     changes={"calculation_started_by": actor, "calculation_started_at": timezone.now()})


def return_to_review(*, application_id, reason, actor, ip_address=None) -> Application:
    """Take an application being calculated back under review (something must be checked or asked first): who
    started the calculation is forgotten, and the calculations made so far can no longer be approved — the member
    may change their answers again under review, so the next calculation is started and made afresh."""
    reason = reason.strip()
    if not reason:
        raise StaffActionError(RETURN_REASON_NEEDED, field="reason")
    return services.move_application(application_id=application_id, to=State.UNDER_REVIEW, actor=actor,
                                     reason=reason, ip_address=ip_address, move=services.RETURN_TO_REVIEW,
                                     changes={"calculation_started_by": None, "calculation_started_at": None})


def approve_award(*, application_id, actor, ip_address=None) -> Application:
    if not actor.has_perm("applications.approve_award"):
        raise StaffActionError(NOT_A_SUPERVISOR)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application_id)
        if locked.state == State.AWARDED:
            raise StaffActionError(ALREADY_AWARDED)
        if locked.state != State.CALCULATING:
            raise StaffActionError(NOT_CALCULATING)
        if locked.calculation_started_by_id == actor.pk:
            raise StaffActionError(FOUR_EYES)
        calculation = latest_calculation(locked)
        if calculation is None or stale(calculation, started_at=locked.calculation_started_at):
            raise StaffActionError(NOT_RECALCULATED)
        if calculation.calculated_by_id == actor.pk:
            raise StaffActionError(FOUR_EYES_RECALCULATED)
        if not calculation.result["eligibility"]["eligible"]:
            raise StaffActionError(NOT_ELIGIBLE_FINALLY)
        awarded = services.move_application(application_id=application_id, to=State.AWARDED, actor=actor,
                                            ip_address=ip_address)
        calculation.approved_by, calculation.approved_at = actor, timezone.now()
        calculation.save(update_fields=["approved_by", "approved_at"])
        tasks.award_letter_on_commit(calculation.pk)
        return awarded


def reveal_account_number(*, application_id, reason, actor, ip_address=None) -> str:
    """The full bank account number, for a supervisor who says why (``applications.reveal_account_number``); each
    reveal is audited with the reason (SECURITY.md AC-10). The number goes into no audit entry, log or message."""
    if not actor.has_perm("applications.reveal_account_number"):
        raise PermissionDenied
    application = Application.objects.select_related("member").get(pk=application_id)
    audit(actor=actor, member=application.member, action="applications.application.account_number_revealed",
          target=f"application:{application.pk}", ip_address=ip_address,
          data={"reason": reason, "account_last4": application.deposit_account_last4})
    return application.deposit_account_number


def stale(calculation, *, started_at) -> bool:
    """Made before the calculation was (re)started: the answers or the record may have changed since."""
    return started_at is not None and calculation.calculated_at < started_at


def deny(*, application_id, reason, actor, ip_address=None) -> Application:
    """Deny the application with ``reason``, which the member reads on the status page (and may ask for a written
    review of); audited, and the member is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise StaffActionError(REASON_NEEDED, field="reason")
    return services.move_application(application_id=application_id, to=State.DENIED, actor=actor, reason=reason,
                                     ip_address=ip_address, changes={"denial_reason": reason})
