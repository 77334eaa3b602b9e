"""Reads of the insurance app. Each member read takes the member and returns only theirs (another member's id is
the same 404 as a missing one); the summaries apply insurance/rules/ to the stored facts, so views and
templates only show what these return.
"""

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst

from accounts.models import Member
from accounts.selectors import current_address_for_member
from insurance.models import (
    PLAN_LINES,
    CoveredDependent,
    Dependent,
    Enrolment,
    InsuranceProfile,
    LifeBeneficiary,
    MedicareMix,
    OtherCoverageVerification,
    Plan,
    PremiumRate,
    Proof,
    ProofKind,
    Situation,
    SubsidyRule,
    Tier,
)
from insurance.rules import catalogue as catalogue_rules
from insurance.rules import dependents as dependents_rules
from insurance.rules import effective_dates as effective_dates_rules
from insurance.rules import enrolment as enrolment_rules
from insurance.rules import life as life_rules
from insurance.rules import medicare as medicare_rules
from insurance.rules import proofs as proofs_rules
from insurance.rules import subsidy as subsidy_rules
from insurance.rules.effective_dates import ordinal
from pensions.engine.dates import add_months
from pensions.engine.plans import System

LIFE_SERS_ONLY = "Retiree group life insurance is a benefit of the State Employees' Retirement System (SERS) only."


# The rules' figures, for the sentences the pages write around them (no number on a page is typed in a template).
RULE_FIGURES = {
    "at_retirement_days": effective_dates_rules.AT_RETIREMENT_DEADLINE_DAYS,
    "event_days": effective_dates_rules.QUALIFYING_EVENT_DEADLINE_DAYS,
    "month_without_medicare": ordinal(effective_dates_rules.MONTHS_AFTER_RECEIPT_WITHOUT_MEDICARE),
    "month_with_medicare": ordinal(effective_dates_rules.MONTHS_AFTER_RECEIPT_WITH_MEDICARE),
    "month_late": ordinal(effective_dates_rules.MONTHS_AFTER_RECEIPT_LATE_OR_VOLUNTARY),
    "month_medicare_reenrol": ordinal(effective_dates_rules.MONTHS_AFTER_RECEIPT_MEDICARE_REENROLMENT),
    "medicare_red_deadline": ("the first day of the month before it"
                              if effective_dates_rules.MEDICARE_IN_TIME_MONTHS_BEFORE_RED == 1
                              else "the first day of the month "
                                   f"{effective_dates_rules.MEDICARE_IN_TIME_MONTHS_BEFORE_RED} months before it"),
    "medicare_enrol_months": medicare_rules.MEDICARE_ENROL_MONTHS_BEFORE_65,
    "medicare_age": medicare_rules.MEDICARE_AGE,
    "rates_change_on": f"{calendar.month_name[catalogue_rules.FISCAL_YEAR_FIRST_MONTH]} 1",
    "dependent_life_cap": life_rules.DEPENDENT_LIFE_CAP,
    "life_conversion_days": life_rules.LIFE_CONVERSION_WINDOW_DAYS,
    "life_percent": life_rules.RETIREE_LIFE_PERCENT,
    "no_retroactive": effective_dates_rules.NO_RETROACTIVE_ENROLMENT_NOTICE,
    "aca_notice": dependents_rules.ACA_AGE_26_NOTICE,
    "life_proof": life_rules.LIFE_PROOF_OF_COVERAGE,
}


def address_for_member(*, member, on):
    return current_address_for_member(member=member, on=on)


def profile_for_member(*, member):
    """The member's insurance profile, or an unsaved empty one (nothing entered yet)."""
    profile = InsuranceProfile.objects.filter(member=member).first()
    return profile or InsuranceProfile(member=member)


def _proofs_newest_first():
    return Prefetch("proofs", queryset=Proof.objects.order_by("-created_at", "-id"))


def dependents_for_member(*, member, with_proofs=True):
    dependents = Dependent.objects.filter(member=member)
    return list(dependents.prefetch_related(_proofs_newest_first()) if with_proofs else dependents)


def dependent_for_member(*, member, dependent_id):
    qs = Dependent.objects.filter(member=member).prefetch_related(_proofs_newest_first())
    return get_object_or_404(qs, pk=dependent_id)


def _enrolments(member):
    return (Enrolment.objects.filter(member=member)
            .select_related("health_plan__carrier", "prescription_plan__carrier", "dental_plan__carrier",
                            "vision_plan__carrier")
            .prefetch_related(Prefetch("covered", queryset=CoveredDependent.objects.select_related("dependent")
                                       .prefetch_related(Prefetch("dependent__proofs",
                                                                  queryset=Proof.objects.order_by("-created_at")))),
                              _proofs_newest_first()))


def enrolment_for_member(*, member, enrolment_id, for_update=False):
    qs = _enrolments(member)
    if for_update:
        qs = Enrolment.objects.select_for_update().filter(member=member)
    return get_object_or_404(qs, pk=enrolment_id)


def life_beneficiaries_for_member(*, member):
    return list(LifeBeneficiary.objects.filter(member=member))


def life_beneficiary_for_member(*, member, beneficiary_id):
    return get_object_or_404(LifeBeneficiary.objects.filter(member=member), pk=beneficiary_id)


def pending_verifications_for_member(*, member):
    return list(OtherCoverageVerification.objects.filter(member=member,
                                                         outcome=OtherCoverageVerification.Outcome.PENDING))


# ---------------------------------------------------------------------------------------------------------------
# What the member may do
# ---------------------------------------------------------------------------------------------------------------

def situations_open_to(*, member, profile, on, enrolments=None):
    """Which kinds of enrolment the member can start on ``on``, or why none (insurance.rules.enrolment)."""
    enrolments = list(enrolments if enrolments is not None else Enrolment.objects.filter(member=member))
    submitted = [e for e in enrolments if e.status == Enrolment.Status.SUBMITTED]
    open_ = enrolment_rules.situations_open(
        status=enrolment_rules.MemberStatus(member.status),
        healthcare_plan=subsidy_rules.HealthcarePlan(member.healthcare_plan),
        retirement_effective_date_known=profile.retirement_effective_date is not None,
        has_submitted_enrolment=bool(submitted),
        coverage_running=any(e.ends_on is None or e.ends_on >= on for e in submitted),
        left_personal_healthcare_fund=profile.left_personal_healthcare_fund)
    # The pages and forms speak the model's choices: the same values, as Django's TextChoices.
    return replace(open_, situations=tuple(Situation(situation.value) for situation in open_.situations))


# ---------------------------------------------------------------------------------------------------------------
# Proofs
# ---------------------------------------------------------------------------------------------------------------

def required_proof_kinds(*, member, dependent, on):
    return [proof.value for proof in proofs_rules.required_proofs(system=System(member.system),
                                                                  dependent=dependent.as_rule(), on=on)]


def event_proof_kinds(enrolment):
    if not enrolment.qualifying_event:
        return []
    event = proofs_rules.QualifyingEvent(enrolment.qualifying_event)
    return [p.value for p in proofs_rules.qualifying_event_proofs(event)]


@dataclass(frozen=True)
class ProofLine:
    kind: str
    label: str
    description: str
    latest: Proof | None  # the newest upload of this kind

    @property
    def in_hand(self):
        """Uploaded and not rejected: it counts as received (staff may still reject it)."""
        return self.latest is not None and self.latest.in_hand


def _proof_lines(kinds, proofs):
    latest = {}
    for proof in proofs:  # newest first
        latest.setdefault(proof.kind, proof)
    return [ProofLine(kind, ProofKind(kind).label, proofs_rules.PROOF_DESCRIPTIONS[proofs_rules.Proof(kind)],
                      latest.get(kind))
            for kind in kinds]


_CITATION = re.compile(r"\s*\((?:RULES|\[0)[^)]*\)")


def plain_reason(reason):
    """A rule's reason without its source citations (``(RULES §10; [002] step 3)``), for members to read."""
    return _CITATION.sub("", reason)


@dataclass(frozen=True)
class DependentStatus:
    dependent: Dependent
    eligibility: dependents_rules.DependentEligibility
    age_out_notice_on: date | None
    proofs: list

    @property
    def reason(self):
        return plain_reason(self.eligibility.reason)


def dependent_statuses(*, member, dependents, on):
    """Each dependent's eligibility on ``on`` (the MPSERS one-set rule included) and the proofs it needs."""
    results = dependents_rules.evaluate_dependents(system=System(member.system),
                                                   dependents=[d.as_rule() for d in dependents], on=on)
    statuses = []
    for dependent, eligibility in zip(dependents, results):
        notice = dependents_rules.age_out_notice_date(eligibility.ends_on) if eligibility.ages_out else None
        kinds = required_proof_kinds(member=member, dependent=dependent, on=on)
        statuses.append(DependentStatus(dependent, eligibility, notice,
                                        _proof_lines(kinds, dependent.proofs.all())))
    return statuses


# ---------------------------------------------------------------------------------------------------------------
# Medicare
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MedicareExplanation:
    required_from: date
    reminder_on: date
    findings: list
    advantage: str = medicare_rules.MEDICARE_PLANS_ARE_ADVANTAGE
    without_part_b: str = medicare_rules.MEDICARE_MESSAGES[medicare_rules.MedicareFinding.NO_PART_B]
    with_part_d: str = medicare_rules.MEDICARE_MESSAGES[medicare_rules.MedicareFinding.INDIVIDUAL_PART_D]
    by_65: str = medicare_rules.MEDICARE_MESSAGES[medicare_rules.MedicareFinding.NO_PART_A]


def medicare_explanation(*, birth_date, person, on):
    findings = medicare_rules.medicare_findings(birth_date=birth_date, on=on, part_a_effective=person.medicare_part_a,
                                                part_b_effective=person.medicare_part_b,
                                                individual_part_d=person.individual_part_d)
    return MedicareExplanation(medicare_rules.medicare_required_from(birth_date),
                               medicare_rules.medicare_reminder_date(birth_date),
                               [medicare_rules.MEDICARE_MESSAGES[finding] for finding in findings])


# ---------------------------------------------------------------------------------------------------------------
# Enrolment: the date, before the member submits
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MissingProof:
    person: str
    line: ProofLine
    dependent_id: int | None  # where to upload it; None: on the enrolment (a qualifying event's proof)


@dataclass(frozen=True)
class EnrolmentPreview:
    decision: effective_dates_rules.CoverageDecision | None
    medicare: bool
    medicare_people: list
    dependents: list
    missing: list
    event_proofs: list
    error: str = ""
    deadlines: tuple | None = None  # AT_RETIREMENT: (last day for coverage on the RED, last day before the wait)

    @property
    def ready(self):
        """Everything needed is in: the member can see the date and submit."""
        return self.decision is not None and not self.missing


def _medicare_people(member, profile, dependents):
    """Who on a request has Medicare Parts A and B on file: with anyone, the table's Medicare column applies."""
    return ([member.full_name] if profile.has_medicare else []) + [d.full_name for d in dependents if d.has_medicare]


def at_retirement_preview(*, member, retirement_effective_date, dependents, documents_received):
    """The date coverage begins if the retirement application's documents are all in on ``documents_received``:
    the application shows it (``rule_text`` included) before the member submits, then calls
    :func:`insurance.services.enrol_at_retirement` with the date shown."""
    profile = profile_for_member(member=member)
    return effective_dates_rules.coverage_effective_date(
        situation=effective_dates_rules.Situation.AT_RETIREMENT, documents_received=documents_received,
        medicare=bool(_medicare_people(member, profile, dependents)),
        retirement_effective_date=retirement_effective_date)


def enrolment_preview(*, member, enrolment, on):
    """The coverage date the rules give if ``enrolment`` is submitted on ``on``, and what is still missing.

    The application arrives on ``on`` after every proof already uploaded, so ``on`` is the day the last required
    document arrives (RULES §10 table heading).
    """
    profile = profile_for_member(member=member)
    dependents = [row.dependent for row in enrolment.covered.all()]
    medicare_people = _medicare_people(member, profile, dependents)
    missing = []
    for dependent in dependents:
        kinds = required_proof_kinds(member=member, dependent=dependent, on=on)
        missing += [MissingProof(dependent.full_name, line, dependent.pk)
                    for line in _proof_lines(kinds, dependent.proofs.all()) if not line.in_hand]
    event_proofs = _proof_lines(event_proof_kinds(enrolment), enrolment.proofs.all())
    missing += [MissingProof(member.full_name, line, None) for line in event_proofs if not line.in_hand]
    red = enrolment.retirement_effective_date
    medicare = bool(medicare_people)
    deadlines = None
    if enrolment.situation == Situation.AT_RETIREMENT and red:
        deadlines = effective_dates_rules.at_retirement_deadlines(retirement_effective_date=red, medicare=medicare)
    try:
        decision = effective_dates_rules.coverage_effective_date(
            situation=effective_dates_rules.Situation(enrolment.situation), medicare=medicare, documents_received=on,
            retirement_effective_date=red, event_date=enrolment.event_date)
    except effective_dates_rules.CoverageInputError as error:
        return EnrolmentPreview(None, medicare, medicare_people, dependents, missing, event_proofs,
                                f"We cannot work out a coverage date for this request ({error.message}). Call us.",
                                deadlines)
    return EnrolmentPreview(decision, medicare, medicare_people, dependents, missing, event_proofs,
                            deadlines=deadlines)


# ---------------------------------------------------------------------------------------------------------------
# Coverage, premiums and the member's share
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanCost:
    plan: Plan
    rate: PremiumRate | None


@dataclass
class CoverageSummary:
    enrolment: Enrolment | None
    upcoming: list
    drafts: list
    ended: list
    history: list  # every enrolment, newest first
    people: list = field(default_factory=list)  # (name, has Medicare) covered on the day
    fiscal_year: int | None = None
    tier: str = ""
    medicare_mix: str = ""
    costs: list = field(default_factory=list)
    total_premium: Decimal | None = None
    subsidy_percent: Decimal | None = None
    member_share: Decimal | None = None
    collection: subsidy_rules.PremiumCollection | None = None


def subsidy_percent_for(*, member, profile, subsidy_rule):
    """The Premium Subsidy percentage of this member (rules first; the catalogue where the rules leave it open)."""
    system = System(member.system)
    plan = subsidy_rules.HealthcarePlan(member.healthcare_plan)
    graded = system is System.SERS and plan is subsidy_rules.HealthcarePlan.PREMIUM_SUBSIDY
    if graded and profile.years_of_service is None:
        return None  # service credit not final yet
    schedule = subsidy_rule.schedule() if subsidy_rule else subsidy_rules.SERS_GRADED_SUBSIDY
    percent = subsidy_rules.premium_subsidy_percent(system=system, healthcare_plan=plan, yos=profile.years_of_service,
                                                    schedule=schedule)
    if percent is None and subsidy_rule is not None:
        percent = subsidy_rule.mpsers_member_percent
    return percent


def _covered_on(member, profile, enrolment, on):
    rows = [row for row in enrolment.covered.all() if row.ends_on is None or on <= row.ends_on]
    results = dependents_rules.evaluate_dependents(system=System(member.system),
                                                   dependents=[row.dependent.as_rule() for row in rows], on=on)
    return [(member.full_name, profile.has_medicare)] + [
        (row.dependent.full_name, row.dependent.has_medicare) for row, r in zip(rows, results) if r.eligible]


@dataclass(frozen=True)
class Pricing:
    """What a set of plans costs a month for the people covered, and the member's share (rules)."""

    fiscal_year: int
    tier: str
    medicare_mix: str
    costs: list
    total_premium: Decimal | None = None
    subsidy_percent: Decimal | None = None
    member_share: Decimal | None = None


def price_coverage(*, member, profile, plans, people, on):
    """The monthly premium of ``plans`` for ``people`` ((name, has Medicare) pairs) at the rates in force on ``on``,
    and the member's share after the Premium Subsidy; totals None while a rate or the subsidy is not known."""
    fiscal_year = catalogue_rules.fiscal_year(on)
    tier = catalogue_rules.coverage_tier(len(people))
    mix = catalogue_rules.medicare_mix(has for _, has in people)
    rates = {rate.plan_id: rate for rate in PremiumRate.objects.filter(
        plan__in=plans, fiscal_year=fiscal_year, tier=tier.value, medicare=mix.value)} if plans else {}
    costs = [PlanCost(plan, rates.get(plan.pk)) for plan in plans]
    pricing = Pricing(fiscal_year, Tier(tier.value).label, MedicareMix(mix.value).label, costs)
    if any(cost.rate is None for cost in costs):
        return pricing
    total = sum((cost.rate.monthly_premium for cost in costs), Decimal(0))
    percent = subsidy_percent_for(member=member, profile=profile,
                                  subsidy_rule=SubsidyRule.objects.filter(system=member.system).first())
    if percent is None:
        return replace(pricing, total_premium=total)
    return replace(pricing, total_premium=total, subsidy_percent=percent,
                   member_share=subsidy_rules.member_premium_share(premium=total, subsidy_percent=percent))


def coverage_summary_for_member(*, member, on, profile=None):
    """The member's coverage on ``on``: plans, who is covered, premiums for the fiscal year, subsidy and share."""
    profile = profile or profile_for_member(member=member)
    enrolments = list(_enrolments(member))
    submitted = [e for e in enrolments if e.status == Enrolment.Status.SUBMITTED]
    summary = CoverageSummary(
        enrolment=next((e for e in submitted if e.in_force_on(on)), None),
        upcoming=sorted((e for e in submitted if e.coverage_begins > on), key=lambda e: e.coverage_begins),
        drafts=[e for e in enrolments if e.status == Enrolment.Status.DRAFT],
        ended=[e for e in submitted if e.ends_on is not None and e.ends_on < on],
        history=enrolments)
    enrolment = summary.enrolment
    if enrolment is None:
        return summary
    summary.people = _covered_on(member, profile, enrolment, on)
    pricing = price_coverage(member=member, profile=profile, plans=enrolment.plans(), people=summary.people, on=on)
    summary.fiscal_year, summary.tier, summary.medicare_mix = pricing.fiscal_year, pricing.tier, pricing.medicare_mix
    summary.costs, summary.total_premium = pricing.costs, pricing.total_premium
    summary.subsidy_percent, summary.member_share = pricing.subsidy_percent, pricing.member_share
    if summary.member_share is not None and profile.monthly_pension is not None:
        summary.collection = subsidy_rules.premium_collection(member_share=summary.member_share,
                                                              monthly_pension=profile.monthly_pension)
    return summary


# ---------------------------------------------------------------------------------------------------------------
# A change: what the member has, and what the new request keeps and ends
# ---------------------------------------------------------------------------------------------------------------

def _submitted_with_people(member):
    """The member's submitted enrolments with their plans and covered people (no proofs: nothing here shows them)."""
    return (Enrolment.objects.filter(member=member, status=Enrolment.Status.SUBMITTED)
            .select_related(*PLAN_LINES)
            .prefetch_related(Prefetch("covered", queryset=CoveredDependent.objects.select_related("dependent"))))


def _latest_submitted(member, on):
    """The submitted enrolment the member will have last: the latest one to begin that has not ended by ``on``."""
    return (Enrolment.objects.filter(member=member, status=Enrolment.Status.SUBMITTED)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on)).prefetch_related("covered")
            .order_by("-coverage_begins", "-id").first())


def current_choices_for_member(*, member, on):
    """The change form's starting point: the plans and covered dependents the member has (or is about to have).

    Empty when the member has no coverage; a dependent whose coverage is already set to end is left out.
    """
    enrolment = _latest_submitted(member, on)
    if enrolment is None:
        return {}
    choices = {line: getattr(enrolment, f"{line}_id") for line in PLAN_LINES if getattr(enrolment, f"{line}_id")}
    choices["dependents"] = [row.dependent_id for row in enrolment.covered.all() if row.ends_on is None]
    choices["situation"] = Situation.PLAN_CHANGE
    return choices


def enrolment_withdrawable(*, enrolment, on):
    """A submitted request can be taken back until the day its coverage begins."""
    return enrolment.status == Enrolment.Status.SUBMITTED and enrolment.coverage_begins > on


@dataclass(frozen=True)
class PlanLineChange:
    line: str  # "Health plan"
    current: Plan | None
    new: Plan | None

    @property
    def ends(self):
        return self.current is not None and self.current != self.new


@dataclass(frozen=True)
class ChangeComparison:
    """Current coverage beside the new request, on the day before and the day the new one begins."""

    begins: date
    last_day: date  # the last day of what the member has now
    lines: list
    current_people: list  # names
    new_people: list
    current: Pricing | None  # None: nothing in force the day before
    new: Pricing
    ending_plans: list  # Plan, each ending on last_day
    ending_people: list  # names no longer covered from ``begins``
    replaced: list  # submitted requests not begun yet that this one replaces

    @property
    def nothing_ends(self):
        return not (self.ending_plans or self.ending_people or self.replaced)


def change_comparison(*, member, enrolment, begins):
    """What ``enrolment`` (a draft beginning on ``begins``) changes: each plan and person, now and new, with the
    monthly premium and the member's share of each at the rates in force on ``begins``."""
    profile = profile_for_member(member=member)
    last_day = begins - timedelta(days=1)
    submitted = list(_submitted_with_people(member).exclude(pk=enrolment.pk))
    current = next((e for e in submitted if e.in_force_on(last_day)), None)
    replaced = sorted((e for e in submitted if e.coverage_begins >= begins), key=lambda e: e.coverage_begins)
    new_rows = list(enrolment.covered.all())
    eligible = dependents_rules.evaluate_dependents(system=System(member.system),
                                                    dependents=[row.dependent.as_rule() for row in new_rows], on=begins)
    new_people = [(member.full_name, profile.has_medicare)] + [
        (row.dependent.full_name, row.dependent.has_medicare) for row, r in zip(new_rows, eligible) if r.eligible]
    current_people = _covered_on(member, profile, current, last_day) if current else []
    lines = [PlanLineChange(capfirst(Enrolment._meta.get_field(line).verbose_name),
                            getattr(current, line) if current else None, getattr(enrolment, line))
             for line in PLAN_LINES]
    new_names = {name for name, _ in new_people}
    return ChangeComparison(
        begins=begins, last_day=last_day, lines=lines,
        current_people=[name for name, _ in current_people], new_people=[name for name, _ in new_people],
        current=price_coverage(member=member, profile=profile, plans=current.plans(), people=current_people,
                               on=begins) if current else None,
        new=price_coverage(member=member, profile=profile, plans=enrolment.plans(), people=new_people, on=begins),
        ending_plans=[line.current for line in lines if line.ends],
        ending_people=[name for name, _ in current_people if name not in new_names],
        replaced=replaced)


@dataclass(frozen=True)
class RateTable:
    fiscal_year: int
    effective_from: date
    rows: list  # (tier label, [monthly premium or None for each Medicare mix])


@dataclass(frozen=True)
class OfferedPlan:
    plan: Plan
    offered: bool
    tables: list  # one RateTable per fiscal year with published rates


def plans_for_member(*, member, on):
    """Every active plan, whether it is offered where the member lives, and its rates this and next fiscal year."""
    address = address_for_member(member=member, on=on)
    years = [catalogue_rules.fiscal_year(on), catalogue_rules.fiscal_year(on) + 1]
    plans = list(Plan.objects.filter(active=True).select_related("carrier").prefetch_related(
        Prefetch("rates", queryset=PremiumRate.objects.filter(fiscal_year__in=years))))
    offered = []
    for plan in plans:
        by_key = {(rate.fiscal_year, rate.tier, rate.medicare): rate.monthly_premium for rate in plan.rates.all()}
        tables = [RateTable(year, catalogue_rules.fiscal_year_starts(year),
                            [(tier.label, [by_key.get((year, tier.value, mix.value)) for mix in MedicareMix])
                             for tier in Tier])
                  for year in years if any(key[0] == year for key in by_key)]
        offered.append(OfferedPlan(plan, plan.offered_at(address), tables))
    return address, offered


def offered_plan_choices(*, member, on):
    """The active plans offered where the member lives, by plan field of an enrolment."""
    address = address_for_member(member=member, on=on)
    plans = [p for p in Plan.objects.filter(active=True).select_related("carrier") if p.offered_at(address)]
    return {line: [p for p in plans if p.kind in kinds] for line, kinds in PLAN_LINES.items()}


# ---------------------------------------------------------------------------------------------------------------
# Ending coverage: the date, before the member confirms
# ---------------------------------------------------------------------------------------------------------------

def coverage_running_for_member(*, member, on):
    return Enrolment.objects.filter(_running_on(on), member=member).exists()


def dependent_covered(*, member, dependent, on):
    return CoveredDependent.objects.filter(
        _running_on(on, "enrolment__"), Q(ends_on__isnull=True) | Q(ends_on__gte=on), enrolment__member=member,
        dependent=dependent).exists()


def dependent_deletable(*, member, dependent, on):
    """A dependent added by mistake can be taken back while none of their coverage has begun by ``on``."""
    return not CoveredDependent.objects.filter(
        dependent=dependent, enrolment__member=member, enrolment__status=Enrolment.Status.SUBMITTED,
        enrolment__coverage_begins__lte=on).exists()


def cancellation_ends_on(on):
    """When coverage the member cancels (or a dependent they remove) on ``on`` ends (rules)."""
    return catalogue_rules.cancellation_coverage_ends(on)


def may_enrol_again_after_cancelling(*, member):
    """Whether the member could enrol again after cancelling (rules: never with the Personal Healthcare Fund)."""
    return subsidy_rules.may_enrol_again_after_leaving(subsidy_rules.HealthcarePlan(member.healthcare_plan))


def divorce_ends_on(divorce_date):
    return dependents_rules.former_spouse_coverage_ends(divorce_date)


# ---------------------------------------------------------------------------------------------------------------
# Life insurance
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LifeDependent:
    dependent: Dependent
    eligibility: dependents_rules.DependentEligibility
    amount: Decimal | None

    @property
    def reason(self):
        return plain_reason(self.eligibility.reason)


@dataclass(frozen=True)
class LifeSummary:
    insurance: life_rules.LifeInsurance
    amount_known: bool
    dependents: list
    conversion_ends: date | None  # only while the conversion can still be made
    convertible: Decimal | None
    beneficiaries: list
    conversion_ended: date | None = None  # the last day, once it has passed

    @property
    def reason(self):
        return plain_reason(self.insurance.reason)


def life_summary_for_member(*, member, on, profile=None, dependents=None):
    profile = profile or profile_for_member(member=member)
    if System(member.system) not in life_rules.LIFE_INSURANCE_SYSTEMS:
        return LifeSummary(life_rules.LifeInsurance(False, Decimal(0), LIFE_SERS_ONLY), False, [], None, None, [])
    known = profile.active_life_coverage is not None
    insurance = life_rules.retiree_life_insurance(
        active_coverage=profile.active_life_coverage or Decimal(0), deferred=member.status == Member.Status.DEFERRED,
        meets_regular_age_and_service=profile.meets_regular_age_and_service, birth_date=member.date_of_birth, on=on,
        disabled_on=profile.disabled_on)
    if not insurance.eligible:
        return LifeSummary(insurance, known, [], None, None, [])
    dependents = dependents if dependents is not None else dependents_for_member(member=member)
    each = profile.active_dependent_life_coverage
    life_dependents = []
    for dependent in dependents:
        eligibility = life_rules.life_dependent_eligibility(dependent=dependent.as_rule(), on=on,
                                                            enrolled_while_active=dependent.life_enrolled_while_active)
        if eligibility.eligible:
            amount = life_rules.dependent_life_amount(each) if each is not None else None
            life_dependents.append(LifeDependent(dependent, eligibility, amount))
    red = profile.retirement_effective_date
    convertible = None
    if known:
        convertible = life_rules.life_convertible_amount(
            active_coverage=profile.active_life_coverage,
            active_dependent_amounts=[each] * len(life_dependents) if each is not None else [])
    offered_until = life_rules.life_conversion_offered_until(red, on) if red else None
    return LifeSummary(insurance, known, life_dependents, offered_until, convertible,
                       life_beneficiaries_for_member(member=member),
                       conversion_ended=life_rules.life_conversion_window_ends(red) if red and not offered_until
                       else None)


# ---------------------------------------------------------------------------------------------------------------
# For the beat jobs (staff-side reads over every member)
# ---------------------------------------------------------------------------------------------------------------

def _running_on(today, prefix=""):
    return (Q(**{f"{prefix}status": Enrolment.Status.SUBMITTED})
            & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})))


def enrolments_in_force_on(today):
    return (Enrolment.objects.filter(_running_on(today), coverage_begins__lte=today)
            .select_related("member__user").order_by("pk").iterator(chunk_size=500))


def covered_dependents_on(today):
    """Dependents covered today or from a later date by an enrolment still running (one filter: one join)."""
    covered = _running_on(today, "coverages__enrolment__") & (Q(coverages__ends_on__isnull=True)
                                                              | Q(coverages__ends_on__gte=today))
    return (Dependent.objects.filter(covered).distinct().select_related("member__user").order_by("pk")
            .iterator(chunk_size=500))


def covered_people_near_65(today):
    """(member, person, key, name, birth date) for retirees and covered dependents whose 65th birthday is about three
    months away; the rules decide exactly who is due (a few days' margin here only narrows the search)."""
    months = medicare_rules.MEDICARE_AGE * 12
    born = (add_months(today, -months) - timedelta(days=3),
            add_months(today, medicare_rules.MEDICARE_ENROL_MONTHS_BEFORE_65 - months) + timedelta(days=3))
    running = Enrolment.objects.filter(_running_on(today))
    members = (Member.objects.filter(date_of_birth__range=born, pk__in=running.values("member_id"))
               .select_related("user", "insurance_profile").order_by("pk"))
    for member in members.iterator(chunk_size=500):
        profile = getattr(member, "insurance_profile", None) or InsuranceProfile(member=member)
        yield member, profile, f"member:{member.pk}", member.full_name, member.date_of_birth
    dependents = (Dependent.objects.filter(pk__in=Dependent.objects.filter(
        _running_on(today, "coverages__enrolment__"), birth_date__range=born).values("pk"))
        .select_related("member__user").order_by("pk"))
    for dependent in dependents.iterator(chunk_size=500):
        yield dependent.member, dependent, f"dependent:{dependent.pk}", dependent.full_name, dependent.birth_date
