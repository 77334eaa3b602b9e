"""Every write of the retirement application (RULES §11): start, save each step, submit, and the state moves staff
make. Each runs in one transaction, refuses with :class:`ApplicationError` (a message for the member) and changes
nothing then, records an audit entry, and moves ``state`` only through ``portal.state.change_state``.

The bank account number is taken as an argument and written encrypted; it never goes into an audit entry, a
notice, a log line or an error message: those name its last four digits at most.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audit
from accounts.models import Member
from applications import selectors, steps, submitted_services, tasks
from applications.models import Application, Milestone
from applications.notices import notify_member
from applications.rules import election
from applications.validators import routing_number_problem
from applications.waivers import services as waiver_services
from insurance.models import PLAN_LINES
from pensions.engine.beneficiaries import Relationship, survivor_refusal
from pensions.engine.money import cents
from pensions.engine.option_factors import OptionName
from pensions.engine.plans import System
from portal.errors import ServiceError
from portal.glossary import plain_words
from portal.member_portal import portal_for
from portal.state import ShownChanged, change_state, confirm_shown

State = Application.State

NOT_OPEN_TO_YOU = "Retirement applications are for members who have a pension to come: call us if this is wrong."
EDRO_ON_FILE = ("You have an Eligible Domestic Relations Order (EDRO) on file, so our staff prepare your application "
                "with you: write to us on the Message board.")
ALREADY_OPEN = "You already have a retirement application: carry on with it instead of starting another."
NOT_ELIGIBLE = "You would not be eligible for a pension on {red:%B %-d, %Y}: {reasons}"
WAIVER_NOT_APPROVED = ("The spousal waiver is required and not yet approved: the application cannot be calculated "
                       "until it is (RULES §6).")
NOT_A_DRAFT = "This application has been submitted: its answers can no longer be changed here."
STEPS_UNFINISHED = "Finish these steps before you submit: {steps}."
NOT_ELIGIBLE_ON_RED = ("You would not be eligible for a pension on your retirement effective date, {red:%B %-d, %Y}: "
                       "{reasons}")
SIGNATURE_MISMATCH = "Type your full name as we have it on record: {name}."
ESIGN_NEEDED = "Tick the box to agree to receive and sign your application electronically."
DECLARATION_NEEDED = "Tick the box to confirm the declaration."
BENEFICIARY_NEEDED = "Name your survivor beneficiary: a survivor option pays them after your death."
BENEFICIARY_TOO_YOUNG = "Check the beneficiary's date of birth: it must be before your retirement effective date."
EQUATED_NEEDS_ESTIMATE = "Enter your Social Security estimate at full retirement age to choose the equated plan."
EQUATED_NOT_OFFERED = "The equated plan is not open to you on this date: {reason}"
CHOOSE_A_HEALTH_PLAN = "Choose a health plan to enrol, or choose not to enrol."
PLAN_NOT_OFFERED = "That plan is not offered where you live. Choose one from the list."
DEPENDENT_NOT_YOURS = "Choose the people to cover from your dependents on file."
ACCOUNT_INVALID = "A bank account number has 4 to 17 digits."
RED_CHANGED = ("Your retirement effective date is now {red:%B %-d, %Y}, not the date shown, because of the day you "
               "submit. Check the figures below, then submit again.")
NO_SUCH_MOVE = "An application in this state cannot be moved there."

ACCOUNT_DIGITS = (4, 17)  # RULES §11a: "the account number is 4–17 digits"

# The moves staff make (issue 17 item 6; the staff issue builds the screens). Submit and withdraw have services
# of their own; AWARDED and DENIED are the end of the road (a denial is reviewed in writing, outside the portal).
MOVES = {
    State.UNDER_REVIEW: ("review_started", (State.SUBMITTED, State.WAITING_FOR_MEMBER)),
    State.WAITING_FOR_MEMBER: ("member_asked", (State.UNDER_REVIEW,)),
    State.CALCULATING: ("calculation_started", (State.UNDER_REVIEW,)),
    State.AWARDED: ("awarded", (State.CALCULATING,)),
    State.DENIED: ("denied", (State.UNDER_REVIEW, State.WAITING_FOR_MEMBER, State.CALCULATING)),
    State.WITHDRAWN: ("withdrawn", (State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER,
                                    State.CALCULATING)),
}
# Back under review from the calculation (staff found something to check first; issue 19), its own verb in the
# history: the move to UNDER_REVIEW above starts a review, this one takes a calculation back.
RETURN_TO_REVIEW = ("returned_to_review", (State.CALCULATING,))


class ApplicationError(ServiceError):
    """The application refused what was asked; ``message`` is for the member."""


class RedChanged(ShownChanged, ApplicationError):
    """The RED shown on the check page is no longer the one a submission today gives."""

    def __init__(self, current):
        super().__init__(current, RED_CHANGED.format(red=current))



def _draft(application, *, step=None, today=None) -> Application:
    """The application locked for a change of its answers: a draft, or, for ``step``'s answers, a submitted
    application while ``submitted_services.change_refusal`` allows it (until staff start the calculation)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.state != State.DRAFT:
        refusal = submitted_services.change_refusal(locked, step=step, today=today) if step else NOT_A_DRAFT
        if refusal:
            raise ApplicationError(refusal)
    locked.member = application.member
    return locked


def _save_step(application, fields, *, actor, step, ip_address=None, data=None):
    application.full_clean(exclude=[f.name for f in Application._meta.fields if f.name not in fields],
                           validate_unique=False, validate_constraints=False)
    application.save(update_fields=[*fields, "updated_at"])
    audit(actor=actor, member=application.member, action=f"applications.application.{step}_saved",
          target=f"application:{application.pk}", ip_address=ip_address, data=data or {})
    if application.state != State.DRAFT:  # a change after submission: the member hears of it (issue 17 item 4)
        submitted_services.notice_of_change(application=application, step=step, actor=actor)
    return application


# --- start -----------------------------------------------------------------------------------------------------

def start_application(*, member, last_day_worked, actor, today=None, ip_address=None) -> Application:
    """Open a draft for retiring after ``last_day_worked`` (ignored for a deferred member: it is on record).

    Refused for a member whose portal has no application (retired, refunded), with an EDRO on file (RULES §12),
    with an application already open, or who would not be eligible on the RED it gives (the reasons and, when there
    is one, the earliest date that works are in the message).
    """
    today = today or timezone.localdate()
    if not portal_for(member.status).plans_retirement:
        raise ApplicationError(NOT_OPEN_TO_YOU)
    if member.edro_on_file:
        raise ApplicationError(EDRO_ON_FILE)
    facts = selectors.start_facts_for_member(member=member, last_day_worked=last_day_worked, today=today)
    if facts.refusal:
        raise ApplicationError(facts.refusal)
    if not facts.eligible:
        raise ApplicationError(not_eligible_message(facts), field="last_day_worked")
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one start per member at a time
        if Application.objects.open().filter(member=member).exists():
            raise ApplicationError(ALREADY_OPEN)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    member=member, reference=f"new-{uuid4().hex[:16]}",  # numbered just below
                    last_day_worked=facts.last_day_worked, eligible_on=facts.eligible_on,
                    retirement_effective_date=facts.retirement_effective_date, provision=facts.provision)
        except IntegrityError:  # the one-open-application constraint: another tab started one first
            raise ApplicationError(ALREADY_OPEN) from None
        application.reference = reference_for(application)
        application.save(update_fields=["reference"])
        audit(actor=actor, member=member, action="applications.application.started",
              target=f"application:{application.pk}", ip_address=ip_address,
              data={"reference": application.reference, "red": facts.retirement_effective_date.isoformat(),
                    "provision": facts.provision})
    return application


def reference_for(application) -> str:
    """The human reference: "RA-<year started>-<six-digit number>", unique by the application's id."""
    return f"RA-{timezone.localdate().year}-{application.pk:06d}"


def not_eligible_message(facts) -> str:
    message = NOT_ELIGIBLE.format(red=facts.retirement_effective_date, reasons=plain_words("; ".join(facts.reasons)))
    if facts.earliest_red:
        message += (f" The earliest retirement effective date that works is {facts.earliest_red:%B %-d, %Y}: "
                    f"work until {facts.earliest_last_day:%B %-d, %Y} or later.")
    return message


# --- step 1: option and beneficiary -----------------------------------------------------------------------------

def save_option(*, member, application, option, beneficiary, equated, social_security_fra, acknowledged, actor,
                today=None, ip_address=None) -> Application:
    """Save the payment option and survivor beneficiary with the engine's figures for them on the RED.

    ``beneficiary`` is None or a dict (name, relationship, birth_date, dependent). Whole answers complete the step;
    the figures kept are the ones the member chose from. ``acknowledged``: the irrevocability checkbox.
    """
    today = today or timezone.localdate()
    # Before the engine is asked for this RED: on or after it, the refusal is that the option is fixed (RULES §6).
    if not application.is_draft and (refusal := submitted_services.change_refusal(application, step="option",
                                                                                  today=today)):
        raise ApplicationError(refusal)
    if option != OptionName.STRAIGHT_LIFE.value and not beneficiary:
        raise ApplicationError(BENEFICIARY_NEEDED, field="beneficiary")
    beneficiary = beneficiary if option != OptionName.STRAIGHT_LIFE.value else None
    if beneficiary:
        _check_beneficiary(member=member, application=application, beneficiary=beneficiary, option=option,
                           today=today)
    if equated and social_security_fra is None:
        raise ApplicationError(EQUATED_NEEDS_ESTIMATE, field="social_security_fra")
    try:
        figures = selectors.option_figures(
            application, beneficiary_birth_date=beneficiary["birth_date"] if beneficiary else None,
            social_security_fra=social_security_fra if equated else None, today=today)
    except selectors.EstimateRefused as error:
        raise ApplicationError(error.message) from None
    row = selectors.chosen_row(figures, option)
    if equated and (row is None or not row.equated):
        reason = figures["result"].get("equated_note") or "it is not offered with this option"
        raise ApplicationError(EQUATED_NOT_OFFERED.format(reason=reason), field="equated")
    with transaction.atomic():
        draft = _draft(application, step="option", today=today)
        draft.option = option
        draft.beneficiary_name = beneficiary["name"] if beneficiary else ""
        draft.beneficiary_relationship = beneficiary["relationship"] if beneficiary else ""
        draft.beneficiary_birth_date = beneficiary["birth_date"] if beneficiary else None
        draft.beneficiary_dependent = bool(beneficiary and beneficiary.get("dependent"))
        draft.equated = bool(equated)
        draft.social_security_fra = social_security_fra if equated else None
        draft.irrevocable_acknowledged_at = timezone.now() if acknowledged else None
        draft.spousal_waiver_required = steps.waiver_required(member=member, option=option,
                                                              relationship=draft.beneficiary_relationship)
        draft.option_red = application.retirement_effective_date
        draft.option_factor = Decimal(row.factor) if row else None
        draft.option_monthly = row.monthly if row else None
        draft.option_survivor_monthly = row.survivor_monthly if row else None
        draft.option_saved_at = timezone.now()
        draft.option_estimate = figures["result"]
        _save_step(draft, OPTION_FIELDS, actor=actor, step="option", ip_address=ip_address,
                   data={"option": option, "relationship": draft.beneficiary_relationship,
                         "equated": draft.equated, "waiver_required": draft.spousal_waiver_required})
        waiver_services.void_if_election_changed(application=draft, actor=actor)  # issue 18: never reused
    return draft


OPTION_FIELDS = ("option", "beneficiary_name", "beneficiary_relationship", "beneficiary_birth_date",
                 "beneficiary_dependent", "equated", "social_security_fra", "irrevocable_acknowledged_at",
                 "spousal_waiver_required", "option_red", "option_factor", "option_monthly",
                 "option_survivor_monthly", "option_saved_at", "option_estimate")


def _check_beneficiary(*, member, application, beneficiary, option, today):
    """RULES §6: who may be a survivor beneficiary in the member's system, and the spouse only of a married member."""
    if beneficiary["birth_date"] >= application.retirement_effective_date:
        raise ApplicationError(BENEFICIARY_TOO_YOUNG, field="beneficiary_birth_date")
    relationship = Relationship(beneficiary["relationship"])
    refused = survivor_refusal(system=System(member.system), relationship=relationship,
                               birth_date=beneficiary["birth_date"], dependent=bool(beneficiary.get("dependent")),
                               today=today)
    if refused:
        raise ApplicationError(refused.reason, field="beneficiary_relationship")
    problem = election.beneficiary_refusal(system=System(member.system), option=OptionName(option),
                                           relationship=relationship, married=steps.is_married(member))
    if problem:
        raise ApplicationError(problem, field="beneficiary_relationship")


# --- step 2: insurances ----------------------------------------------------------------------------------------

def save_insurance(*, member, application, decision, plans, dependents, actor, today=None,
                   ip_address=None) -> Application:
    """Enrol at retirement (``plans``: plan field → plan or None; ``dependents``: the member's dependents to cover)
    or decline; the coverage date and the member's share are worked out now and kept with the RED they are for.
    The enrolment itself is made with the insurance services once the application's documents are in."""
    today = today or timezone.localdate()
    offer = selectors.insurance_offer(member=member, on=application.retirement_effective_date)
    plans = {line: plans.get(line) for line in PLAN_LINES} if decision == Application.InsuranceDecision.ENROL \
        else dict.fromkeys(PLAN_LINES)
    dependents = list(dependents) if decision == Application.InsuranceDecision.ENROL else []
    if decision == Application.InsuranceDecision.ENROL:
        if plans["health_plan"] is None:
            raise ApplicationError(CHOOSE_A_HEALTH_PLAN, field="health_plan")
        for line, plan in plans.items():
            if plan is not None and plan not in offer.plans_by_line[line]:
                raise ApplicationError(PLAN_NOT_OFFERED, field=line)
        if any(d.member_id != member.pk for d in dependents):
            raise ApplicationError(DEPENDENT_NOT_YOURS, field="dependents")
        quote = selectors.coverage_quote(member=member, red=application.retirement_effective_date,
                                         plans=[p for p in plans.values() if p], dependents=dependents, today=today)
    with transaction.atomic():
        draft = _draft(application, step="insurance", today=today)
        draft.insurance_decision = decision
        for line, plan in plans.items():
            setattr(draft, line, plan)
        enrol = decision == Application.InsuranceDecision.ENROL
        draft.insurance_red = application.retirement_effective_date if enrol else None
        draft.insurance_coverage_begins = quote.coverage_begins if enrol else None
        # The share is kept as the pages show it: in cents, half-up (RULES preamble).
        draft.insurance_member_share = cents(quote.member_share) if enrol and quote.member_share is not None \
            else None
        draft.insurance_saved_at = timezone.now()
        _save_step(draft, INSURANCE_FIELDS, actor=actor, step="insurance", ip_address=ip_address,
                   data={"decision": decision, "plans": {line: plan.pk for line, plan in plans.items() if plan},
                         "dependents": [d.pk for d in dependents]})
        draft.insurance_dependents.set(dependents)
    return draft


INSURANCE_FIELDS = ("insurance_decision", *PLAN_LINES, "insurance_red", "insurance_coverage_begins",
                    "insurance_member_share", "insurance_saved_at")


# --- step 3: tax withholding -----------------------------------------------------------------------------------

TAX_FIELDS = ("federal_withhold", "federal_filing_status", "federal_step2_other_income", "federal_step3_credits",
              "federal_step4a_other_income", "federal_step4b_deductions", "federal_step4c_extra",
              "michigan_withhold", "michigan_filing_status", "michigan_exemptions", "michigan_additional",
              "tax_saved_at")


def save_tax(*, member, application, answers: selectors.TaxAnswers, actor, ip_address=None) -> Application:
    """Save the Form W-4P and MI W-4P answers (or the elections of no withholding)."""
    with transaction.atomic():
        draft = _draft(application, step="tax")
        draft.federal_withhold = answers.federal_withhold
        draft.federal_filing_status = answers.federal_filing_status if answers.federal_withhold else ""
        for step in ("step2_other_income", "step3_credits", "step4a_other_income", "step4b_deductions",
                     "step4c_extra"):
            setattr(draft, f"federal_{step}", getattr(answers, step) if answers.federal_withhold else Decimal(0))
        draft.michigan_withhold = answers.michigan_withhold
        draft.michigan_filing_status = answers.michigan_filing_status if answers.michigan_withhold else ""
        draft.michigan_exemptions = answers.michigan_exemptions if answers.michigan_withhold else 0
        draft.michigan_additional = answers.michigan_additional if answers.michigan_withhold else Decimal(0)
        draft.tax_saved_at = timezone.now()
        _save_step(draft, TAX_FIELDS, actor=actor, step="tax", ip_address=ip_address,
                   data={"federal_withhold": answers.federal_withhold, "michigan_withhold": answers.michigan_withhold})
    return draft


# --- step 4: direct deposit ------------------------------------------------------------------------------------

DEPOSIT_FIELDS = ("deposit_routing_number", "deposit_account_number", "deposit_account_last4",
                  "deposit_account_type", "deposit_saved_at")


def save_deposit(*, member, application, routing_number, account_number, account_type, actor,
                 ip_address=None) -> Application:
    """Save the bank account the pension is paid into: encrypted, kept with its last four digits, and announced to
    the member's e-mail (which names only those four digits). Re-authentication is the view's job."""
    problem = routing_number_problem(routing_number)
    if problem:
        raise ApplicationError(problem, field="routing_number")
    if not (account_number.isdigit() and ACCOUNT_DIGITS[0] <= len(account_number) <= ACCOUNT_DIGITS[1]):
        raise ApplicationError(ACCOUNT_INVALID, field="account_number")
    with transaction.atomic():
        draft = _draft(application, step="deposit")
        draft.deposit_routing_number = routing_number
        draft.deposit_account_number = account_number
        draft.deposit_account_last4 = account_number[-4:]
        draft.deposit_account_type = account_type
        draft.deposit_saved_at = timezone.now()
        _save_step(draft, DEPOSIT_FIELDS, actor=actor, step="deposit", ip_address=ip_address,
                   data={"routing_number": routing_number, "account_last4": draft.deposit_account_last4,
                         "account_type": account_type})
        notify_member(member=member, dedupe_key=f"applications:deposit:{draft.pk}:{draft.deposit_saved_at.isoformat()}",
                template="deposit_saved", context={"application": draft})
    draft.deposit_account_number = None  # the caller keeps the saved row; it has no need of the number
    return draft


# --- step 5: check and submit ----------------------------------------------------------------------------------

def _same_name(typed: str, member) -> bool:
    def norm(text):
        return " ".join(text.casefold().split())

    return norm(typed) in {norm(member.full_name), norm(f"{member.first_name} {member.last_name}")}


def submit_application(*, member, application, shown_red: date, esign_consent: bool, declaration: bool,
                       signature: str, actor, today=None, ip_address=None) -> Application:
    """Submit the draft: every step completed, the member eligible on the RED a submission today gives (the one
    they were shown, or :class:`RedChanged`), the ESIGN consent and the declaration given, and their name typed.
    The notice names the reference only."""
    today = today or timezone.localdate()
    if not esign_consent:
        raise ApplicationError(ESIGN_NEEDED, field="esign_consent")
    if not declaration:
        raise ApplicationError(DECLARATION_NEEDED, field="declaration")
    if not _same_name(signature, member):
        raise ApplicationError(SIGNATURE_MISMATCH.format(name=member.full_name), field="signature")
    with transaction.atomic():
        draft = _draft(application)
        unfinished = steps.unfinished(draft)
        if unfinished:
            raise ApplicationError(STEPS_UNFINISHED.format(steps="; ".join(step.title for step in unfinished)))
        red = selectors.submission_red(draft, today=today)
        confirm_shown(shown=shown_red, current=red, error=RedChanged)
        eligible, reasons = selectors.eligible_on_red(draft, red=red, today=today)
        if not eligible:
            raise ApplicationError(NOT_ELIGIBLE_ON_RED.format(red=red, reasons=plain_words("; ".join(reasons))))
        now = timezone.now()
        submitted = change_state(
            model=Application, pk=draft.pk, field="state", allowed_from=(State.DRAFT,), to=State.SUBMITTED,
            verb="submitted", actor=actor, refusal=ApplicationError(NOT_A_DRAFT), ip_address=ip_address,
            changes={"submitted_at": now, "esign_consented_at": now, "declaration_accepted_at": now,
                     "signature": " ".join(signature.split())},
            data={"reference": draft.reference, "red": red.isoformat()})
        submitted.member = member
        tasks.acknowledge_on_commit(submitted.pk)
        notify_member(member=member, dedupe_key=f"applications:submitted:{submitted.pk}", template="submitted",
                context={"application": submitted})
    return submitted


# --- the moves staff make ----------------------------------------------------------------------------------------

def _waiver_satisfied(application_id) -> bool:
    """No spousal waiver is required, or an approved one is on file (RULES §6: not processed before)."""
    application = Application.objects.only("spousal_waiver_required").get(pk=application_id)
    return not application.spousal_waiver_required or Milestone.objects.filter(
        application_id=application_id, kind=Milestone.Kind.WAIVER_APPROVED).exists()


def move_application(*, application_id, to, actor, reason="", ip_address=None, changes=None,
                     move=None) -> Application:
    """Move an application to ``to`` along :data:`MOVES` (or ``move``, a (verb, allowed from) pair such as
    :data:`RETURN_TO_REVIEW`); audited, and the member is told by e-mail. ``changes`` are further fields set with
    the move (who started the calculation)."""
    if move is None and to not in MOVES:
        raise ApplicationError(NO_SUCH_MOVE)
    verb, allowed_from = move or MOVES[to]
    changes = {**(changes or {}), **({"withdrawn_at": timezone.now()} if to == State.WITHDRAWN else {})}
    with transaction.atomic():
        if to == State.CALCULATING and not _waiver_satisfied(application_id):
            raise ApplicationError(WAIVER_NOT_APPROVED)
        moved = change_state(model=Application, pk=application_id, field="state", allowed_from=allowed_from, to=to,
                             verb=verb, actor=actor, refusal=ApplicationError(NO_SUCH_MOVE), changes=changes,
                             ip_address=ip_address, data={"reason": reason} if reason else None)
        notify_member(member=moved.member, dedupe_key=f"applications:moved:{moved.pk}:{to}:{timezone.now().isoformat()}",
                template="state_changed", context={"application": moved})
    return moved
