"""Reads for the pages after submission (issue 17 items 4 and 5): the checklist of required proofs, the timeline
and what the member must do next. Each takes the member; another member's application is the same 404 as a
missing one. Query counts are fixed whatever the member's history: the proofs and milestones of one application
are read in one query each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Prefetch, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications.models import AcknowledgmentLetter, Application, ApplicationProof, AwardLetter, Milestone
from applications.rules import checklist as checklist_rules
from applications.rules import timeline as timeline_rules
from applications.rules.election import Proof, required_proofs
from applications.rules.next_step import NextStep, next_step
from applications.waivers import selectors as waiver_selectors
from insurance import selectors as insurance_selectors
from insurance.models import Dependent
from insurance.models import Proof as DependentProof
from pensions.engine.option_factors import OptionName

State = Application.State
# Uploads are taken while the office still works the application (a waiting one above all); not once it is
# calculated, awarded or withdrawn.
UPLOAD_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER)


def application_for_member(*, member, application_id) -> Application:
    """One of the member's applications, for the pages after submission (a draft shows that it is not submitted
    yet); the account number stays in the database: these pages show its last four digits only."""
    qs = Application.objects.filter(member=member).defer("deposit_account_number")
    application = get_object_or_404(qs, pk=application_id)
    application.member = member
    return application


def latest_application_for_member(*, member) -> Application | None:
    """The member's open application, else their latest (withdrawn) one; None when they never started one."""
    withdrawn_last = Case(When(state=Application.State.WITHDRAWN, then=1), default=0)
    return (Application.objects.filter(member=member).defer("deposit_account_number")
            .order_by(withdrawn_last, "-created_at", "-id").first())


def letter_for_application(*, application) -> AcknowledgmentLetter | None:
    """The acknowledgment letter of an application already read through ``application_for_member`` (None while it
    is being prepared)."""
    letter = AcknowledgmentLetter.objects.filter(application=application).select_related("document").first()
    if letter is not None:
        letter.application = application
    return letter


@dataclass(frozen=True)
class AwardLetterView:
    """The award letter as the page lays it out: its typed rows with dates as dates (the long_date filter's)."""

    letter: AwardLetter
    sections: list  # [(heading, [(label, kind, value)])]
    fac_years: list  # [(start, end, amount, service)]


def _typed(kind, value):
    return date.fromisoformat(value) if kind == "date" and value else value


def award_letter_for_application(*, application) -> AwardLetterView | None:
    """The award letter of the latest approved calculation of an application already read through
    ``application_for_member`` (None until it is written)."""
    letter = (AwardLetter.objects.filter(calculation__application=application).select_related("calculation")
              .order_by("-calculation__version").first())
    if letter is None:
        return None
    content = letter.content
    sections = [(section["heading"], [(label, kind, _typed(kind, value)) for label, kind, value in section["rows"]])
                for section in content["sections"]]
    fac_years = [(date.fromisoformat(start), date.fromisoformat(end), amount, service)
                 for start, end, amount, service in content["fac_years"]]
    return AwardLetterView(letter, sections, fac_years)


def is_married(member) -> bool:
    return member.marital_status == "MARRIED"


def own_proofs_required(application) -> list[Proof]:
    """The application's own proofs (RULES §11a), from its saved option and the member's marriage."""
    return required_proofs(married=is_married(application.member), option=_option(application),
                           equated=application.equated, waiver_required=application.spousal_waiver_required)


def _option(application):
    return OptionName(application.option or "STRAIGHT_LIFE")


def _upload(proof) -> checklist_rules.Upload:
    reviewed = timezone.localdate(proof.reviewed_at) if proof.reviewed_at else None
    return checklist_rules.Upload(checklist_rules.Review(proof.status), proof.received_on, reviewed,
                                  proof.rejection_reason)


def _newest_by_kind(proofs):
    newest = {}
    for proof in proofs:  # newest first
        newest.setdefault(proof.kind, proof)
    return newest


def insured_dependents(application) -> list[Dependent]:
    """The dependents the application enrols (step 2), with their proofs newest first."""
    if application.insurance_decision != Application.InsuranceDecision.ENROL:
        return []
    proofs = Prefetch("proofs", queryset=DependentProof.objects.order_by("-created_at", "-id"))
    return list(application.insurance_dependents.order_by("first_name", "pk").prefetch_related(proofs))


@dataclass(frozen=True)
class ChecklistView:
    application: Application
    checklist: checklist_rules.Checklist
    dependents: dict  # dependent id -> Dependent, for the upload of a dependent's line
    uploads_open: bool

    @property
    def items(self):
        return self.checklist.items


def checklist_for_application(*, application, today=None) -> ChecklistView:
    """The application's own lines, then each insured dependent's (RULES §10 proofs), with their statuses."""
    today = today or timezone.localdate()
    member = application.member
    own = _newest_by_kind(ApplicationProof.objects.filter(application=application))
    uploads = {Proof(kind): _upload(proof) for kind, proof in own.items()}
    items = checklist_rules.own_items(proofs=own_proofs_required(application), member_name=member.full_name,
                                      uploads=uploads)
    dependents = insured_dependents(application)
    for status in insurance_selectors.dependent_statuses(member=member, dependents=dependents, on=today):
        dependent = status.dependent
        for line in status.proofs:
            latest = _upload(line.latest) if line.latest else None
            items.append(checklist_rules.Item(f"dependent:{dependent.pk}:{line.kind}", dependent.full_name,
                                              line.label, line.description, checklist_rules.item_status(latest),
                                              latest))
    return ChecklistView(application, checklist_rules.Checklist(items), {d.pk: d for d in dependents},
                         application.state in UPLOAD_STATES)


@dataclass(frozen=True)
class Status:
    application: Application
    checklist: checklist_rules.Checklist
    steps: list
    next: NextStep
    letter_ready: bool
    award_ready: bool


def _milestones(application):
    return {row.kind: row.on for row in Milestone.objects.filter(application=application)}


def status_for_application(*, application, today=None) -> Status:
    """The timeline from submission to first payment, and the member's next step."""
    today = today or timezone.localdate()
    view = checklist_for_application(application=application, today=today)
    checklist = view.checklist
    done = _milestones(application)
    kinds = Milestone.Kind
    approved = waiver_selectors.waiver_approved(application=application) if application.spousal_waiver_required \
        else None
    waiver_approved = timezone.localdate(approved.reviewed_at) if approved else None
    steps = []
    if application.submitted_at is not None:
        withdrawn = timezone.localdate(application.withdrawn_at) if application.withdrawn_at else None
        steps = timeline_rules.timeline(timeline_rules.Facts(
            today=today, submitted_on=timezone.localdate(application.submitted_at),
            last_day_worked=application.last_day_worked,
            retirement_effective_date=application.retirement_effective_date,
            waiver_required=application.spousal_waiver_required, proofs_complete_on=checklist.complete_on,
            proofs_all_in_hand=checklist.all_in_hand, waiver_approved_on=waiver_approved,
            final_payroll_on=done.get(kinds.FINAL_PAYROLL_RECEIVED), calculated_on=done.get(kinds.CALCULATED),
            awarded_on=done.get(kinds.AWARDED), first_paid_on=done.get(kinds.FIRST_PAYMENT), withdrawn_on=withdrawn))
    step = next_step(state=application.state, to_send=[item.label for item in checklist.to_send],
                     waiver_pending=application.spousal_waiver_required and waiver_approved is None)
    letter_ready = AcknowledgmentLetter.objects.filter(application=application).exists()
    award_ready = (application.state == State.AWARDED  # only an awarded application has a letter to look for
                   and AwardLetter.objects.filter(calculation__application=application).exists())
    return Status(application, checklist, steps, step, letter_ready, award_ready)


@dataclass(frozen=True)
class DashboardCard:
    application: Application
    next: NextStep

    @property
    def awarded(self) -> bool:
        """The pension is decided: the dashboard stops offering estimates and retirement dates."""
        return self.application.state == Application.State.AWARDED


def dashboard_card_for_member(*, member, today: date) -> DashboardCard | None:
    """The dashboard's application card: the state and what to do next; None without any application."""
    # Most members never applied: asking whether a row exists costs a fraction of building the query for the
    # application's sixty columns (~4 ms of the dashboard, issue 16); those who applied make one query more.
    if not Application.objects.filter(member=member).exists():
        return None
    application = latest_application_for_member(member=member)
    if application is None:
        return None
    application.member = member
    if application.is_draft:
        return DashboardCard(application, next_step(state=application.state, to_send=[], waiver_pending=False))
    return DashboardCard(application, status_for_application(application=application, today=today).next)
