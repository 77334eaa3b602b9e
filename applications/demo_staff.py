"""Demo applications in every state the office works them through (issue 19 item 7), for ``seed_demo``: each is
submitted like the after-submission demo's (``applications.demo_submitted.submit``), then taken along the way by
the demo reviewer and supervisor with the real services — the review started, the member asked, the employer's
final pay report loaded (``pensions.demo.final_pay_report``), the calculation started and made by the engine
(``applications.calculation.recalculate``), the award approved by the other person (four eyes), the award letter
produced by its task's function, the member made a retiree by the beat job's service on their RED. No figure of the
pension is written here: every one is the engine's.

- Robert Castillo (20000007): under review.
- Susan Harper (20000004): waiting for her, with the office's question on her message board.
- Victor Nguyen (10000004): being calculated, the final calculation made by the reviewer: the supervisor approves.
- Darnell Brooks (10000002): awarded, his award letter in Documents; he retires on the first of next month.
- Angela Okafor (10000007): denied, with the reason she reads.
- Paul Jablonski (20000003): withdrawn by the member.
- Gerald Mason (20000001): retired on the first of this month through this path; his dashboard is a retiree's.

Idempotent: a member who already has an application is left alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Member, User
from applications import staff_services, submitted_services
from applications.award import produce_award_letter
from applications.calculation import recalculate
from applications.demo_submitted import copy_of, submit
from applications.models import Application, FinalCalculation
from applications.retiring import make_retirees
from applications.submitted_selectors import checklist_for_application
from pensions.demo import final_pay_report, last_pay_period_end
from pensions.report_file import ReportFile

State = Application.State
REVIEWER = "reviewer@demo.portal.example"
SUPERVISOR = "supervisor@demo.portal.example"
ASKED = ("We have not received the proof of your age: please upload a copy of your birth certificate or passport "
         "on your checklist, or reply here if you need help.")
DENIED = ("Your employer's final pay report shows you still on its payroll after the last day you gave: a pension "
          "cannot begin while you work for a reporting employer. Apply again once you have left.")

RETIRED = "RETIRED"  # not an application state: awarded, then retired by the beat job's service on the RED
# member ID → (the state the demo leaves the application in, option, bank account number); the figures the member
# chose from are the engine's (``demo_submitted.submit``)
DEMO = {
    "20000007": (State.UNDER_REVIEW, "SURVIVOR_100", "3309182274"),
    "20000004": (State.WAITING_FOR_MEMBER, "STRAIGHT_LIFE", "8812004537"),
    "10000004": (State.CALCULATING, "STRAIGHT_LIFE", "2207715590"),
    "10000002": (State.AWARDED, "STRAIGHT_LIFE", "6604419923"),
    "10000007": (State.DENIED, "STRAIGHT_LIFE", "9931027745"),
    "20000003": (State.WITHDRAWN, "SURVIVOR_100", "4470091836"),
    "20000001": (RETIRED, "SURVIVOR_100", "5528830417"),
}


def _submitted(member, option, account, target, today):
    """Submitted when the state allows: an application still under review retires in a few months; one whose final
    payroll is in left work at the end of the last pay period of last month — applying today (the RED the first of
    next month), or, for the retiree, three months before leaving (the RED the first of this month)."""
    if target not in (State.CALCULATING, State.AWARDED, RETIRED):
        return submit(member, option, account, today, days_ago=12)
    last_day = last_pay_period_end(member, by=today.replace(day=1) - datetime.timedelta(days=1))
    days_ago = (today - last_day).days + 90 if target == RETIRED else 0
    return submit(member, option, account, today, last_day=last_day, days_ago=days_ago)


def _proofs_accepted(application, reviewer, today):
    """The member sends every proof the checklist asks for, and the reviewer accepts each."""
    member = application.member
    for item in checklist_for_application(application=application, today=today).items:
        if item.uploadable:
            submitted_services.upload_proof(member=member, application=application, item_key=item.key,
                                            clean_file=copy_of(item.label, member), actor=member.user, today=today)
    for proof_id in application.proofs.values_list("pk", flat=True):
        submitted_services.review_application_proof(proof_id=proof_id, accept=True, actor=reviewer)


def _calculated(application, reviewer, today):
    """The proofs accepted, the reviewer loads the employer's final pay report, starts the calculation and makes
    it."""
    _proofs_accepted(application, reviewer, today)
    pk, member = application.pk, application.member
    report = ReportFile(content=final_pay_report(member, last_day=application.last_day_worked),
                        name=f"final-pay-{member.member_id}.csv")
    staff_services.record_final_payroll(application_id=pk, report=report, actor=reviewer)
    staff_services.start_calculation(application_id=pk, actor=reviewer)
    recalculate(application_id=pk, actor=reviewer, today=today)


def _work(application, target, reviewer, supervisor, today):
    """Take the submitted application to ``target`` as the office and the member do (short of the award letter)."""
    pk = application.pk
    if target == State.WITHDRAWN:
        submitted_services.withdraw_application(member=application.member, application=application,
                                                actor=application.member.user, today=today)
        return
    staff_services.start_review(application_id=pk, actor=reviewer)
    if target == State.WAITING_FOR_MEMBER:
        staff_services.ask_member(application_id=pk, item=ASKED, actor=reviewer)
    elif target == State.DENIED:
        staff_services.deny(application_id=pk, reason=DENIED, actor=reviewer)
    elif target == State.CALCULATING:
        _calculated(application, reviewer, today)
    elif target in (State.AWARDED, RETIRED):
        _calculated(application, reviewer, today)
        staff_services.approve_award(application_id=pk, actor=supervisor)  # four eyes: not the reviewer


def _letters_and_retirees(today):
    """Write every approved calculation's award letter now, with its task's function (the task enqueued by the
    approval then finds it written), and run the beat job's retiring for today, on or after the demo retiree's RED.
    Both are idempotent, so a run interrupted between an approval and its letter is finished by the next."""
    for calculation_id in FinalCalculation.objects.filter(
            approved_at__isnull=False, award_letter__isnull=True).values_list("pk", flat=True):
        produce_award_letter(calculation_id=calculation_id, today=today)
    make_retirees(today=today)


def seed_staff_applications(stdout):
    today = timezone.localdate()
    reviewer, supervisor = User.objects.get(email=REVIEWER), User.objects.get(email=SUPERVISOR)
    stdout.write(f"Demo applications for staff ({REVIEWER} reviews, {SUPERVISOR} approves):")
    applications = []
    for member_id, (target, option, account) in DEMO.items():
        member = Member.objects.select_related("user").get(member_id=member_id)
        application = Application.objects.filter(member=member).order_by("-pk").first()
        if application is None:
            with transaction.atomic():  # all of it or nothing: a failed run leaves no half-worked application
                application = _submitted(member, option, account, target, today)
                _work(application, target, reviewer, supervisor, today)
        applications.append((member_id, application.pk))
    _letters_and_retirees(today)
    for member_id, pk in applications:
        application = Application.objects.select_related("member__user").get(pk=pk)
        member = application.member
        login = member.user.email if member.user_id else "no login (claim the record at /claim/)"
        retired = " — now a retiree" if member.status == Member.Status.RETIRED else ""
        stdout.write(f"  {application.reference} {application.get_state_display():28} {member.full_name} "
                     f"({member_id}, {login}){retired}")
