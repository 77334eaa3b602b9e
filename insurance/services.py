"""Every write of the insurance app: one function per use case, atomic, audited; notices through the outbox.

Dates always come from insurance/rules/. A function that records a date the member was shown takes that date
back (``shown_…``) and refuses with :class:`DateChanged` when the rule now gives another one (the day turned, a
proof arrived), so nobody commits to a date they did not see.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import proofs
from accounts.audit import audit
from accounts.models import Document, Member, OutboundEmail
from accounts.outbox import queue_email
from accounts.proofs import PROOF_ALREADY_REVIEWED, REASON_REQUIRED  # noqa: F401  (callers read them here)
from accounts.uploads import store_document
from insurance import selectors
from insurance.models import (
    PLAN_LINES,
    CoveredDependent,
    Dependent,
    Enrolment,
    InsuranceProfile,
    LifeBeneficiary,
    OtherCoverageVerification,
    Proof,
    ProofKind,
    Relation,
    Situation,
)
from insurance.rules import catalogue as catalogue_rules
from insurance.rules import dependents as dependents_rules
from insurance.rules import medicare as medicare_rules
from pensions.engine.dates import add_months, birthday
from pensions.engine.plans import System
from portal.errors import ServiceError
from portal.state import ShownChanged, confirm_shown

# Messages shown to the member as they are (tests assert these constants).
NOT_A_DRAFT = "This enrolment has already been submitted or replaced. Start a new one from the Insurance page."
PROOFS_MISSING = "Upload every proof listed before you submit: we can enrol no one without them."
SITUATION_NOT_OPEN = "That kind of enrolment is not open to you now. The Insurance page lists what you can do."
NO_PLAN_CHOSEN = "Choose at least one plan."
PLAN_NOT_OFFERED = "{plan} is not offered where you live. Outside Michigan only the statewide PPO is offered."
PLAN_WRONG_KIND = "{plan} is not a {line} plan."
DEPENDENT_NOT_ELIGIBLE = "{name} cannot be covered on {day:%B %-d, %Y}: {reason}."
EVENT_REQUIRED = "Say which qualifying event happened, and on what date."
NOTHING_TO_CANCEL = "You have no coverage to cancel."
NOT_COVERED = "{name} is not covered by your insurance."
NOT_A_SPOUSE = "Only a spouse's coverage ends with a divorce."
PROOF_NOT_NEEDED = "That proof is not one we need here. Choose one of the proofs listed."
NO_PENDING_VERIFICATION = "There is no verification of other coverage waiting for your answer."
SHARES_OVER_100 = "The shares of your life insurance beneficiaries would add up to {total}%: they cannot pass 100%."
NO_LIFE_INSURANCE = "You have no retiree group life insurance, so there is no beneficiary to name."
SECOND_SPOUSE = ("{name} is your spouse in our records, and there is one spouse at a time. If you divorced, report "
                 "the divorce on {name}'s page first.")
SAME_PERSON = "{name}, born {born:%B %-d, %Y}, is already one of your dependents."
NOT_DELETABLE = ("{name} has been covered by your insurance, so we keep them in your records. To stop covering "
                 "{name}, use “Stop covering” instead.")
NOT_WITHDRAWABLE = ("Only a submitted request that has not begun can be withdrawn: this one has begun, or was "
                    "already withdrawn or replaced.")
DATE_CHANGED = ("The date has changed since the page was shown (the day or your documents changed). Read the new "
                "date below before you confirm.")


class InsuranceError(ServiceError):
    """A use case of the insurance app refused (shown to the member, or to staff in the admin)."""


class DateChanged(ShownChanged, InsuranceError):
    """The coverage date the member confirmed is no longer the one the rules give (portal.state.confirm_shown)."""

    default_message = DATE_CHANGED

    @property
    def new_date(self):
        return self.current


def _notify(*, member, dedupe_key, template, context):
    """An outbox row for the member, once per ``dedupe_key``; nothing when we have no e-mail address."""
    to = member.notice_email
    if not to:
        return None
    return queue_email(dedupe_key=dedupe_key, to=to, template=f"insurance/emails/{template}",
                       context={"member": member, **context})


def profile_for_update(member):
    profile, _ = InsuranceProfile.objects.get_or_create(member=member)
    return profile


def save_profile_by_staff(*, profile, changed_fields, actor, ip_address=None):
    """Staff record or correct a retiree's insurance facts in the admin (its form has checked them): saved and
    audited with the names of the fields changed."""
    created = profile._state.adding
    with transaction.atomic():
        profile.save()
        audit(actor=actor, member=profile.member, ip_address=ip_address,
              action="insurance.profile.created_by_staff" if created else "insurance.profile.changed_by_staff",
              data={"fields": list(changed_fields)})
    return profile


# ---------------------------------------------------------------------------------------------------------------
# Medicare
# ---------------------------------------------------------------------------------------------------------------

def save_medicare(*, member, actor, medicare_number, part_a, part_b, individual_part_d, dependent=None):
    """Record the Medicare of the member, or of one of their dependents.

    ``medicare_number`` None keeps the stored number; the audit entry names the fields changed, never the number.
    """
    with transaction.atomic():
        person = dependent or profile_for_update(member)
        changed = []
        values = {"medicare_part_a": part_a, "medicare_part_b": part_b, "individual_part_d": individual_part_d}
        if medicare_number is not None:
            values["medicare_number"] = medicare_number
        for field, value in values.items():
            if getattr(person, field) != value:
                setattr(person, field, value)
                changed.append(field)
        if changed:
            person.save(update_fields=changed)
        audit(actor=actor, member=member, action="insurance.medicare.changed",
              target=f"{person._meta.model_name}:{person.pk}", data={"fields": changed})
    return person


# ---------------------------------------------------------------------------------------------------------------
# Dependents and proofs
# ---------------------------------------------------------------------------------------------------------------

def _check_person(*, member, dependent):
    """One spouse at a time, and nobody twice: the same name and date of birth is the same person."""
    others = Dependent.objects.filter(member=member).exclude(pk=dependent.pk)
    if dependent.relation == Relation.SPOUSE and dependent.divorce_date is None:
        spouse = others.filter(relation=Relation.SPOUSE, divorce_date__isnull=True).first()
        if spouse is not None:
            raise InsuranceError(SECOND_SPOUSE.format(name=spouse.full_name), field="relation")
    if others.filter(first_name__iexact=dependent.first_name.strip(), last_name__iexact=dependent.last_name.strip(),
                     birth_date=dependent.birth_date).exists():
        raise InsuranceError(SAME_PERSON.format(name=dependent.full_name, born=dependent.birth_date),
                             field="first_name")


def add_dependent(*, member, actor, **fields):
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # two tabs cannot add the same person
        dependent = Dependent(member=member, **fields)
        dependent.full_clean()
        _check_person(member=member, dependent=dependent)
        dependent.save()
        audit(actor=actor, member=member, action="insurance.dependent.added", target=f"dependent:{dependent.pk}",
              data={"relation": dependent.relation})
    return dependent


def change_dependent(*, member, dependent, actor, **fields):
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        changed = [name for name, value in fields.items() if getattr(dependent, name) != value]
        for name in changed:
            setattr(dependent, name, fields[name])
        dependent.full_clean()
        _check_person(member=member, dependent=dependent)
        if changed:
            dependent.save(update_fields=changed)
        audit(actor=actor, member=member, action="insurance.dependent.changed", target=f"dependent:{dependent.pk}",
              data={"fields": changed})
    return dependent


def delete_dependent(*, member, dependent, actor, today=None):
    """Take back a dependent added by mistake, before any coverage of theirs has begun: they leave the member's
    requests not begun yet, and the records; their proofs stay in the member's Documents."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        if not selectors.dependent_deletable(member=member, dependent=dependent, on=today):
            raise InsuranceError(NOT_DELETABLE.format(name=dependent.full_name))
        name = dependent.full_name
        CoveredDependent.objects.filter(dependent=dependent).delete()
        audit(actor=actor, member=member, action="insurance.dependent.deleted", target=f"dependent:{dependent.pk}",
              data={"relation": dependent.relation})
        dependent.delete()
    return name


def upload_proof(*, member, kind, clean_file, actor, dependent=None, enrolment=None, today=None):
    """Store a validated copy in the member's Documents and link it as a proof of ``dependent`` or ``enrolment``.

    Only a proof the rules ask for is taken; its ``received_on`` is the day it arrived (it can move the coverage
    date, RULES §10).
    """
    today = today or timezone.localdate()
    wanted = (selectors.required_proof_kinds(member=member, dependent=dependent, on=today) if dependent
              else selectors.event_proof_kinds(enrolment))
    if kind not in wanted:
        raise InsuranceError(PROOF_NOT_NEEDED)
    label = ProofKind(kind).label
    about = dependent.full_name if dependent else enrolment.get_qualifying_event_display()
    with transaction.atomic():
        document = store_document(member=member, kind=Document.Kind.UPLOAD, title=f"{label} ({about})"[:200],
                                  clean_file=clean_file, actor=actor)
        proof = Proof.objects.create(member=member, dependent=dependent, enrolment=enrolment, kind=kind,
                                     document=document, received_on=today)
        audit(actor=actor, member=member, action="insurance.proof.uploaded", target=f"proof:{proof.pk}",
              data={"kind": kind, "document": document.pk})
    return proof


def review_proof(*, proof_id, accept, reason="", actor):
    """Staff accept a proof, or reject it with a reason the member reads; exactly one concurrent review wins."""
    with transaction.atomic():
        proof = proofs.review_proof(model=Proof, proof_id=proof_id, accept=accept, reason=reason, actor=actor,
                                    error=InsuranceError)
        if not accept:
            _notify(member=proof.member, dedupe_key=f"insurance:proof-rejected:{proof.pk}", template="proof_rejected",
                    context={"proof": proof})
    return proof


# ---------------------------------------------------------------------------------------------------------------
# Enrolment and changes
# ---------------------------------------------------------------------------------------------------------------

def _check_plans(*, plans, address):
    if not any(plans.values()):
        raise InsuranceError(NO_PLAN_CHOSEN)
    for line, plan in plans.items():
        if plan is None:
            continue
        if plan.kind not in PLAN_LINES[line]:
            raise InsuranceError(PLAN_WRONG_KIND.format(plan=plan.name, line=line.replace("_plan", "")))
        if not plan.active or not plan.offered_at(address):
            raise InsuranceError(PLAN_NOT_OFFERED.format(plan=plan.name))


def _check_dependents(*, member, dependents, on):
    results = dependents_rules.evaluate_dependents(system=System(member.system),
                                                   dependents=[d.as_rule() for d in dependents], on=on)
    for dependent, result in zip(dependents, results):
        if not result.eligible:
            raise InsuranceError(DEPENDENT_NOT_ELIGIBLE.format(name=dependent.full_name, day=on,
                                                               reason=selectors.plain_reason(result.reason)))


def start_enrolment(*, member, actor, situation, plans, dependents, qualifying_event="", event_date=None,
                    today=None):
    """Save the member's choices as a draft; nothing is enrolled until :func:`submit_enrolment`."""
    today = today or timezone.localdate()
    profile = selectors.profile_for_member(member=member)
    open_situations = selectors.situations_open_to(member=member, profile=profile, on=today)
    if situation not in open_situations:
        raise InsuranceError(open_situations.refusal or SITUATION_NOT_OPEN)
    if situation == Situation.QUALIFYING_EVENT and not (qualifying_event and event_date):
        raise InsuranceError(EVENT_REQUIRED)
    _check_plans(plans=plans, address=selectors.address_for_member(member=member, on=today))
    dependents = list(dependents)
    if any(d.member_id != member.pk for d in dependents):
        raise InsuranceError(SITUATION_NOT_OPEN)
    _check_dependents(member=member, dependents=dependents, on=today)
    with transaction.atomic():
        enrolment = Enrolment.objects.create(
            member=member, situation=situation, qualifying_event=qualifying_event or "",
            event_date=event_date if situation == Situation.QUALIFYING_EVENT else None,
            retirement_effective_date=profile.retirement_effective_date, **plans)
        CoveredDependent.objects.bulk_create(CoveredDependent(enrolment=enrolment, dependent=d) for d in dependents)
        audit(actor=actor, member=member, action="insurance.enrolment.drafted", target=f"enrolment:{enrolment.pk}",
              data={"situation": situation})
    return enrolment


def _replace_earlier(*, enrolment):
    """End (or withdraw) the member's other submitted enrolments from the day ``enrolment`` begins."""
    begins = enrolment.coverage_begins
    others = (Enrolment.objects.select_for_update().filter(member_id=enrolment.member_id,
                                                           status=Enrolment.Status.SUBMITTED)
              .exclude(pk=enrolment.pk).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=begins)))
    for other in others:
        if other.coverage_begins >= begins:
            other.status = Enrolment.Status.WITHDRAWN
            other.save(update_fields=["status"])
        else:
            other.ends_on, other.end_reason = begins - timedelta(days=1), Enrolment.EndReason.REPLACED
            other.end_rule_text = f"replaced by the enrolment that begins on {begins:%B %-d, %Y}"
            other.save(update_fields=["ends_on", "end_reason", "end_rule_text"])


def submit_enrolment(*, member, enrolment_id, shown_coverage_begins, actor, today=None):
    """Submit a draft: the coverage date the rules give today, recorded with the rule that produced it.

    ``shown_coverage_begins`` is the date on the page the member confirmed; when the rules now give another date
    the draft stays a draft and :class:`DateChanged` carries the new one. The application counts as received
    today, with every proof already uploaded, so ``today`` is the day the last required document arrived.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one submission per member at a time
        enrolment = selectors.enrolment_for_member(member=member, enrolment_id=enrolment_id, for_update=True)
        if enrolment.status != Enrolment.Status.DRAFT:
            raise InsuranceError(NOT_A_DRAFT)
        preview = selectors.enrolment_preview(member=member, enrolment=enrolment, on=today)
        if preview.missing:
            raise InsuranceError(PROOFS_MISSING)
        if preview.error:
            raise InsuranceError(preview.error)
        decision = preview.decision
        confirm_shown(shown=shown_coverage_begins, current=decision.coverage_begins, error=DateChanged)
        _check_dependents(member=member, dependents=preview.dependents, on=decision.coverage_begins)
        _record_decision(enrolment=enrolment, decision=decision, medicare=preview.medicare, received=today,
                         actor=actor)
    return enrolment


def _record_decision(*, enrolment, decision, medicare, received, actor):
    enrolment.status, enrolment.medicare, enrolment.documents_received = Enrolment.Status.SUBMITTED, medicare, received
    enrolment.coverage_begins, enrolment.rule = decision.coverage_begins, decision.rule.value
    enrolment.rule_text, enrolment.rule_source = decision.rule_text, decision.source[:200]
    enrolment.submitted_at, enrolment.submitted_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    enrolment.save()
    _replace_earlier(enrolment=enrolment)
    audit(actor=actor, member=enrolment.member, action="insurance.enrolment.submitted",
          target=f"enrolment:{enrolment.pk}",
          data={"coverage_begins": decision.coverage_begins.isoformat(), "rule": decision.rule.value,
                "rule_text": decision.rule_text, "documents_received": received.isoformat()})
    _notify(member=enrolment.member, dedupe_key=f"insurance:enrolment-submitted:{enrolment.pk}",
            template="enrolment_submitted", context={"enrolment": enrolment})


def withdraw_enrolment(*, member, enrolment_id, actor, today=None):
    """The member takes back a submitted request before its coverage begins: what it replaced runs on as before."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one change of coverage at a time
        enrolment = selectors.enrolment_for_member(member=member, enrolment_id=enrolment_id, for_update=True)
        if not selectors.enrolment_withdrawable(enrolment=enrolment, on=today):
            raise InsuranceError(NOT_WITHDRAWABLE)
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.end_rule_text = f"withdrawn by the member on {today:%B %-d, %Y}, before it began"
        enrolment.save(update_fields=["status", "end_rule_text"])
        restored = (Enrolment.objects.filter(member=member, status=Enrolment.Status.SUBMITTED,
                                             end_reason=Enrolment.EndReason.REPLACED,
                                             ends_on=enrolment.coverage_begins - timedelta(days=1))
                    .update(ends_on=None, end_reason="", end_rule_text=""))
        audit(actor=actor, member=member, action="insurance.enrolment.withdrawn", target=f"enrolment:{enrolment.pk}",
              data={"coverage_begins": enrolment.coverage_begins.isoformat(), "restored": restored})
        _notify(member=member, dedupe_key=f"insurance:enrolment-withdrawn:{enrolment.pk}",
                template="enrolment_withdrawn", context={"enrolment": enrolment})
    return enrolment


def enrol_at_retirement(*, member, retirement_effective_date, plans, dependents, documents_received,
                        shown_coverage_begins, actor):
    """Enrol a member at retirement: the retirement application calls this once its documents are all in.

    ``documents_received`` is the day the application's last required document arrived; ``plans`` maps the plan
    fields (``health_plan``, …) to plans. The application first shows the member
    :func:`selectors.at_retirement_preview` and passes back the date shown: the enrolment is recorded with the
    AT_RETIREMENT row of the table that gives it, or refused with :class:`DateChanged`.
    """
    with transaction.atomic():
        profile = profile_for_update(member)
        if profile.retirement_effective_date != retirement_effective_date:
            profile.retirement_effective_date = retirement_effective_date
            profile.full_clean(validate_unique=False)
            profile.save(update_fields=["retirement_effective_date"])
        enrolment = start_enrolment(member=member, actor=actor, situation=Situation.AT_RETIREMENT, plans=plans,
                                    dependents=dependents, today=documents_received)
        preview = selectors.enrolment_preview(member=member, enrolment=enrolment, on=documents_received)
        if preview.error:
            raise InsuranceError(preview.error)
        confirm_shown(shown=shown_coverage_begins, current=preview.decision.coverage_begins, error=DateChanged)
        _check_dependents(member=member, dependents=preview.dependents, on=preview.decision.coverage_begins)
        _record_decision(enrolment=enrolment, decision=preview.decision, medicare=preview.medicare,
                         received=documents_received, actor=actor)
    return enrolment


def _end_coverage(*, member, ends_on, reason, text):
    """End every submitted enrolment of ``member`` after ``ends_on``; those not yet begun are withdrawn."""
    ended = 0
    # An enrolment replaced from the day after ``ends_on`` by one now withdrawn ends for this reason instead.
    running = (Q(ends_on__isnull=True) | Q(ends_on__gt=ends_on)
               | Q(ends_on=ends_on, end_reason=Enrolment.EndReason.REPLACED))
    for enrolment in Enrolment.objects.select_for_update().filter(member=member, status=Enrolment.Status.SUBMITTED
                                                                  ).filter(running):
        if enrolment.coverage_begins > ends_on:
            enrolment.status = Enrolment.Status.WITHDRAWN
            enrolment.save(update_fields=["status"])
        else:
            enrolment.ends_on, enrolment.end_reason, enrolment.end_rule_text = ends_on, reason, text
            enrolment.save(update_fields=["ends_on", "end_reason", "end_rule_text"])
        ended += 1
    return ended


def cancel_coverage(*, member, shown_ends_on, actor, today=None):
    """The member cancels all their coverage: it ends on the last day of this month (rules)."""
    today = today or timezone.localdate()
    ends_on = catalogue_rules.cancellation_coverage_ends(today)
    confirm_shown(shown=shown_ends_on, current=ends_on, error=DateChanged)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        text = (f"cancelled by the member on {today:%B %-d, %Y}: coverage continues to the end of the month the "
                "cancellation was reported")
        if not _end_coverage(member=member, ends_on=ends_on, reason=Enrolment.EndReason.CANCELLED, text=text):
            raise InsuranceError(NOTHING_TO_CANCEL)
        audit(actor=actor, member=member, action="insurance.coverage.cancelled", data={"ends_on": ends_on.isoformat()})
    return ends_on


def _end_dependent(*, member, dependent, ends_on, text):
    """Stop covering ``dependent`` after ``ends_on`` on every enrolment still running then."""
    rows = (CoveredDependent.objects.select_for_update(of=("self",)).select_related("enrolment")
            .filter(dependent=dependent, enrolment__member=member, enrolment__status=Enrolment.Status.SUBMITTED)
            .filter(Q(enrolment__ends_on__isnull=True) | Q(enrolment__ends_on__gt=ends_on))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=ends_on)))
    changed = 0
    for row in rows:
        if row.enrolment.coverage_begins > ends_on:
            row.delete()  # that enrolment has not begun: the dependent is simply not on it
        else:
            row.ends_on, row.end_rule_text = ends_on, text
            row.save(update_fields=["ends_on", "end_rule_text"])
        changed += 1
    return changed


def remove_dependent(*, member, dependent, shown_ends_on, actor, today=None):
    """The member stops covering a dependent: the coverage ends on the last day of this month (rules)."""
    today = today or timezone.localdate()
    ends_on = catalogue_rules.cancellation_coverage_ends(today)
    confirm_shown(shown=shown_ends_on, current=ends_on, error=DateChanged)
    with transaction.atomic():
        text = f"removed by the member on {today:%B %-d, %Y}: covered to the end of the month reported"
        if not _end_dependent(member=member, dependent=dependent, ends_on=ends_on, text=text):
            raise InsuranceError(NOT_COVERED.format(name=dependent.full_name))
        audit(actor=actor, member=member, action="insurance.dependent.removed", target=f"dependent:{dependent.pk}",
              data={"ends_on": ends_on.isoformat()})
    return ends_on


def record_divorce(*, member, dependent, divorce_date, shown_ends_on, actor):
    """A divorce: the former spouse's coverage ends at the end of the month of the divorce (RULES §10)."""
    if dependent.relation != dependents_rules.Relation.SPOUSE.value:
        raise InsuranceError(NOT_A_SPOUSE)
    ends_on = dependents_rules.former_spouse_coverage_ends(divorce_date)
    confirm_shown(shown=shown_ends_on, current=ends_on, error=DateChanged)
    with transaction.atomic():
        dependent.divorce_date = divorce_date
        dependent.full_clean()
        dependent.save(update_fields=["divorce_date"])
        _end_dependent(member=member, dependent=dependent, ends_on=ends_on,
                       text=f"divorce on {divorce_date:%B %-d, %Y}: a former spouse is covered to the end of the "
                            "month of the divorce")
        audit(actor=actor, member=member, action="insurance.dependent.divorced", target=f"dependent:{dependent.pk}",
              data={"divorce_date": divorce_date.isoformat(), "ends_on": ends_on.isoformat()})
    return ends_on


# ---------------------------------------------------------------------------------------------------------------
# Verification of other coverage
# ---------------------------------------------------------------------------------------------------------------

def answer_verification(*, member, has_other_coverage, details, actor):
    """The member answers every verification of other coverage waiting for them."""
    with transaction.atomic():
        pending = list(OtherCoverageVerification.objects.select_for_update()
                       .filter(member=member, outcome=OtherCoverageVerification.Outcome.PENDING))
        if not pending:
            raise InsuranceError(NO_PENDING_VERIFICATION)
        for verification in pending:
            verification.outcome = OtherCoverageVerification.Outcome.ANSWERED
            verification.answered_at, verification.has_other_coverage = timezone.now(), has_other_coverage
            verification.other_coverage_details = details if has_other_coverage else ""
            verification.save(update_fields=["outcome", "answered_at", "has_other_coverage",
                                             "other_coverage_details"])
            audit(actor=actor, member=member, action="insurance.verification.answered",
                  target=f"verification:{verification.pk}", data={"has_other_coverage": has_other_coverage})
    return pending


# ---------------------------------------------------------------------------------------------------------------
# Life insurance beneficiaries
# ---------------------------------------------------------------------------------------------------------------

def add_life_beneficiary(*, member, actor, kind, name, relationship, share_percent, today=None):
    today = today or timezone.localdate()
    if not selectors.life_summary_for_member(member=member, on=today).insurance.eligible:
        raise InsuranceError(NO_LIFE_INSURANCE)
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        total = sum((b.share_percent for b in LifeBeneficiary.objects.filter(member=member)), share_percent)
        if total > 100:
            raise InsuranceError(SHARES_OVER_100.format(total=total.normalize()))
        beneficiary = LifeBeneficiary(member=member, kind=kind, name=name, relationship=relationship,
                                      share_percent=share_percent)
        beneficiary.full_clean()
        beneficiary.save()
        audit(actor=actor, member=member, action="insurance.life_beneficiary.added",
              target=f"life_beneficiary:{beneficiary.pk}", data={"kind": kind, "share_percent": str(share_percent)})
    return beneficiary


def remove_life_beneficiary(*, member, beneficiary, actor):
    with transaction.atomic():
        audit(actor=actor, member=member, action="insurance.life_beneficiary.removed",
              target=f"life_beneficiary:{beneficiary.pk}", data={"name": beneficiary.name})
        beneficiary.delete()


# ---------------------------------------------------------------------------------------------------------------
# Beat jobs: each notice exactly once, however often a job runs and wherever it was interrupted
# ---------------------------------------------------------------------------------------------------------------
#
# A notice is an outbox row whose dedupe key names the event; each is written in its own transaction, so a job
# killed half-way has committed what it finished, and a rerun skips those keys and does the rest.

@dataclass(frozen=True)
class _Notice:
    member: Member
    dedupe_key: str
    template: str
    context: dict


def _send_new(notices):
    notices = list(notices)
    sent_before = set(OutboundEmail.objects.filter(dedupe_key__in=[n.dedupe_key for n in notices])
                      .values_list("dedupe_key", flat=True))
    sent = 0
    for notice in notices:
        if notice.dedupe_key in sent_before:
            continue
        with transaction.atomic():
            if _notify(member=notice.member, dedupe_key=notice.dedupe_key, template=notice.template,
                       context=notice.context):
                audit(actor=None, member=notice.member, action=f"insurance.notice.{notice.template}",
                      target=notice.dedupe_key)
                sent += 1
    return sent


def send_age_out_notices(*, today):
    """Tell members two months ahead that a covered dependent's eligibility ends at an age limit."""
    notices = []
    for dependent in selectors.covered_dependents_on(today):
        eligibility = dependents_rules.dependent_eligibility(system=System(dependent.member.system),
                                                             dependent=dependent.as_rule(), on=today)
        if not (eligibility.eligible and eligibility.ages_out):
            continue
        if dependents_rules.age_out_notice_date(eligibility.ends_on) <= today:
            notices.append(_Notice(dependent.member, f"insurance:age-out:{dependent.pk}:{eligibility.ends_on}",
                                   "age_out", {"dependent": dependent, "eligibility": eligibility}))
    return _send_new(notices)


def send_medicare_reminders(*, today):
    """Remind each covered person without Medicare, three months before 65, to enrol in Parts A and B."""
    notices = []
    for member, person, key, name, born in selectors.covered_people_near_65(today):
        if person.has_medicare or not (medicare_rules.medicare_reminder_date(born) <= today
                                       <= birthday(born, medicare_rules.MEDICARE_AGE)):
            continue
        notices.append(_Notice(member, f"insurance:medicare-reminder:{key}", "medicare_reminder",
                               {"name": name, "required_from": medicare_rules.medicare_required_from(born),
                                "medicare_age": medicare_rules.MEDICARE_AGE,
                                "message": medicare_rules.MEDICARE_MESSAGES[medicare_rules.MedicareFinding.NO_PART_B]}))
    return _send_new(notices)


def run_other_coverage_verification(*, today):
    """Ask each enrolled member yearly about other coverage; cancel, with a notice, when no answer came."""
    asked = expired = 0
    pending = OtherCoverageVerification.Outcome.PENDING
    # A request is for the latest anniversary, so within the last cycle: older rows need not be read.
    cycle_start = add_months(today, -12 * catalogue_rules.OTHER_COVERAGE_VERIFICATION_EVERY_YEARS)
    existing = set(OtherCoverageVerification.objects.filter(requested_on__gte=cycle_start)
                   .values_list("enrolment_id", "requested_on"))
    for enrolment in selectors.enrolments_in_force_on(today):
        requested_on = catalogue_rules.verification_requested_on(coverage_begins=enrolment.coverage_begins, on=today)
        if requested_on is None or (enrolment.pk, requested_on) in existing:
            continue
        with transaction.atomic():
            verification, created = OtherCoverageVerification.objects.get_or_create(
                enrolment=enrolment, requested_on=requested_on,
                defaults={"member": enrolment.member, "answer_due": catalogue_rules.verification_answer_due(today)})
            if created:
                _notify(member=enrolment.member, dedupe_key=f"insurance:verification-request:{verification.pk}",
                        template="verification_request", context={"verification": verification})
                asked += 1
    for verification in OtherCoverageVerification.objects.filter(outcome=pending, answer_due__lt=today).select_related(
            "member__user"):
        with transaction.atomic():
            claimed = OtherCoverageVerification.objects.filter(pk=verification.pk, outcome=pending).update(
                outcome=OtherCoverageVerification.Outcome.EXPIRED)
            if not claimed:
                continue  # answered meanwhile, or another run took it
            ends_on = catalogue_rules.coverage_ends_without_verification(verification.answer_due)
            due = verification.answer_due
            _end_coverage(member=verification.member, ends_on=ends_on,
                          reason=Enrolment.EndReason.NO_VERIFICATION_ANSWER,
                          text=f"no answer to the verification of other coverage due {due:%B %-d, %Y}: coverage "
                               "ends at the end of that month")
            audit(actor=None, member=verification.member, action="insurance.verification.expired",
                  target=f"verification:{verification.pk}", data={"ends_on": ends_on.isoformat()})
            _notify(member=verification.member, dedupe_key=f"insurance:verification-cancelled:{verification.pk}",
                    template="verification_cancelled", context={"verification": verification, "ends_on": ends_on})
            expired += 1
    return asked, expired
