"""Reads of the retirement application. Each takes the member and returns only theirs (another member's application
is the same 404 as a missing one), in a fixed number of queries whatever the length of the member's history: the
engine reads the whole record in two queries (``pensions.selectors.estimate_input_for_member``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.shortcuts import get_object_or_404

from applications import steps
from applications.models import Application
from applications.rules import dates, election, federal_withholding, michigan_withholding, net_pay, tax_tables
from applications.rules.federal_withholding import W4P, FilingStatus
from applications.rules.michigan_withholding import MIW4P, MichiganFilingStatus
from insurance import selectors as insurance_selectors
from insurance.models import PLAN_LINES
from pensions import facts, presenters
from pensions import selectors as pension_selectors
from pensions.engine.option_factors import OptionName
from pensions.selectors import PROVISION_LABELS, EstimateRefused
from portal.member_portal import DEFERRED

ONE_DAY = timedelta(days=1)
ZERO = Decimal(0)


def open_application_for_member(*, member) -> Application | None:
    """The member's one open application (any state but withdrawn or denied), or None."""
    return Application.objects.open().filter(member=member).first()


def denied_application_for_member(*, member) -> Application | None:
    """The member's latest denied application, shown on the start page of a new one (issue 19), or None."""
    return (Application.objects.filter(member=member, state=Application.State.DENIED)
            .only("id", "reference", "denial_reason", "updated_at").order_by("-updated_at", "-id").first())


def application_for_member(*, member, application_id) -> Application:
    """One of the member's applications with what its pages show; anyone else's id is the same 404.

    The account number is left in the database (deferred): no page needs more than its last four digits.
    """
    qs = (Application.objects.filter(member=member).select_related("member", *PLAN_LINES)
          .defer("deposit_account_number"))
    application = get_object_or_404(qs, pk=application_id)
    application.member = member  # the signed-in member, already loaded with their user
    return application


# ---------------------------------------------------------------------------------------------------------------
# Start: the provision, the RED and the date to apply by, from the engine (RULES §3, §11a)
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StartFacts:
    last_day_worked: date | None
    retirement_effective_date: date | None
    apply_by: date | None
    eligible: bool
    eligible_on: date | None  # the day the member is eligible (a deferred member's provision date)
    provision: str  # the engine's code; "" when not eligible
    provision_label: str
    reasons: list[str]  # why not, in plain words
    earliest_red: date | None  # when not eligible: the first RED that works if the member keeps working
    refusal: str = ""  # the engine could not estimate at all (no record yet, a DC member)

    @property
    def earliest_last_day(self) -> date | None:
        return self.earliest_red - ONE_DAY if self.earliest_red else None


def _plain_reasons(reasons: list[str]) -> list[str]:
    """The engine's reasons name the provision by its code ("FULL_60_10: …"): name it as the pages do."""
    plain = []
    for reason in reasons:
        code, sep, text = reason.partition(": ")
        plain.append(f"{PROVISION_LABELS[code]}: {text}" if sep and code in PROVISION_LABELS else reason)
    return plain


def record_last_day(*, member) -> date | None:
    """The last day of the member's last reported pay period: a deferred member's last day of work."""
    return pension_selectors.record_totals_for_member(member=member).last_period_end


def start_facts_for_member(*, member, last_day_worked: date | None, today: date) -> StartFacts:
    """What retiring after ``last_day_worked`` (a deferred member's is on record) and applying ``today`` gives.

    Active member: the RED is the first of the month after leaving (or applying), and the engine says whether the
    member is eligible on it; when not, the earliest RED a provision is met if they keep working. Deferred member:
    the RED waits for the first day a provision is met (RULES §3: eligibility met, left, applied).
    """
    standing = pension_selectors.standing_for_member(member=member, today=today)
    deferred = member.status == DEFERRED
    if deferred:
        last_day_worked = standing.totals.last_period_end
    earliest = standing.earliest
    if last_day_worked is None:
        return StartFacts(None, None, None, False, None, "", "", [], None,
                          refusal="No pay periods have been reported for you yet, so there is no record to retire on.")
    eligible_on = earliest.eligible_from if deferred and earliest else last_day_worked
    red = dates.retirement_effective_date(eligible_on=eligible_on, terminated_on=last_day_worked, submitted_on=today)
    try:
        result = _estimate(member, red=red, last_day=last_day_worked, today=today)
    except EstimateRefused as error:
        return StartFacts(last_day_worked, red, None, False, None, "", "", [], None, refusal=error.message)
    eligibility = result["eligibility"]
    if eligibility["eligible"]:
        code = eligibility["provision"]
        return StartFacts(last_day_worked, red, dates.recommended_apply_by(red), True,
                          eligible_on if deferred else red, code, PROVISION_LABELS.get(code, code), [], None)
    later = earliest.eligible_from if earliest and earliest.eligible_from and earliest.eligible_from > red else None
    return StartFacts(last_day_worked, red, dates.recommended_apply_by(red), False, None, "", "",
                      _plain_reasons(eligibility["reasons"]), later)


def estimate_input(member, *, red, last_day, today, **choices) -> dict:
    """The engine's input (as ``manage.py estimate`` reads it) for retiring on ``red`` after working until
    ``last_day``, applying ``today``: the estimate page's input (``pensions.selectors``) with the last day of work the
    member chose. Raises ``EstimateRefused`` when there is no pension or no record to estimate."""
    if facts.structure_of(member) is None:
        raise EstimateRefused("Defined contribution members have no pension to retire on.")
    data = pension_selectors.estimate_input_for_member(member=member, choices={
        "retirement_effective_date": red, "application_date": today, **choices})
    if not data["service_records"]:
        raise EstimateRefused("No pay periods have been reported for you yet, so there is no record to retire on.")
    data["termination_date"] = last_day.isoformat()
    return data


def _estimate(member, *, red, last_day, today, **choices) -> dict:
    """The engine's estimate of :func:`estimate_input`."""
    return pension_selectors.run_estimate(estimate_input(member, red=red, last_day=last_day, today=today, **choices))


def option_choices(member, *, beneficiary_birth_date: date | None, social_security_fra: Decimal | None) -> dict:
    """The engine's choices for the options on the application's RED: a beneficiary born on
    ``beneficiary_birth_date`` (without one, the survivor options are shown for one of the member's age) and the
    equated plan on ``social_security_fra``."""
    choices = {"beneficiary_birth_date": beneficiary_birth_date or member.date_of_birth}
    if social_security_fra is not None:
        choices["social_security_fra"] = social_security_fra
    return choices


def submission_red(application, *, today: date) -> date:
    """The RED if the application is submitted ``today`` (RULES §11a: the latest of eligibility, leaving, applying)."""
    return dates.retirement_effective_date(eligible_on=application.eligible_on,
                                           terminated_on=application.last_day_worked, submitted_on=today)


def eligible_on_red(application, *, red: date, today: date) -> tuple[bool, list[str]]:
    """Whether the member is eligible on ``red`` (the engine), and why not."""
    try:
        result = _estimate(application.member, red=red, last_day=application.last_day_worked, today=today)
    except EstimateRefused as error:
        return False, [error.message]
    eligibility = result["eligibility"]
    return eligibility["eligible"], _plain_reasons(eligibility["reasons"])


# ---------------------------------------------------------------------------------------------------------------
# Step 1: every option for the RED, from the engine (RULES §6)
# ---------------------------------------------------------------------------------------------------------------

def option_figures(application, *, beneficiary_birth_date: date | None, social_security_fra: Decimal | None,
                   today: date) -> dict:
    """The estimate page's presentation (``pensions.presenters``) of every option on the application's RED, for a
    beneficiary born on ``beneficiary_birth_date`` and the equated plan on ``social_security_fra``; raises
    ``EstimateRefused``. Without a beneficiary's date the survivor options are shown for one of the member's age."""
    member = application.member
    choices = option_choices(member, beneficiary_birth_date=beneficiary_birth_date,
                             social_security_fra=social_security_fra)
    result = _estimate(member, red=application.retirement_effective_date, last_day=application.last_day_worked,
                       today=today, **choices)
    return presenters.present(result, structure=member.benefit_structure)


def chosen_row(figures: dict, option: str):
    return next((row for row in figures["options"] if row.code == option), None)


def survivor_on_file(*, member):
    """The survivor pension beneficiary on file (``pensions``), or None."""
    on_file = pension_selectors.beneficiaries_for_member(member=member).survivor
    return next(iter(on_file.beneficiaries.all()), None) if on_file else None


# ---------------------------------------------------------------------------------------------------------------
# Step 2: insurances at retirement, through the insurance catalogue and rules (RULES §10)
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InsuranceOffer:
    plans_by_line: dict
    dependents: list
    current: dict  # the plans and dependents the member has now (pre-filled), {} when none


def insurance_offer(*, member, on: date) -> InsuranceOffer:
    return InsuranceOffer(insurance_selectors.offered_plan_choices(member=member, on=on),
                          insurance_selectors.dependents_for_member(member=member, with_proofs=False),
                          insurance_selectors.current_choices_for_member(member=member, on=on))


@dataclass(frozen=True)
class CoverageQuote:
    coverage_begins: date | None
    rule_text: str
    member_share: Decimal | None
    total_premium: Decimal | None


def coverage_quote(*, member, red: date, plans: list, dependents: list, today: date) -> CoverageQuote:
    """When coverage begins if everything is in today, and the member's monthly share at the RED's rates."""
    decision = insurance_selectors.at_retirement_preview(member=member, retirement_effective_date=red,
                                                         dependents=dependents, documents_received=today)
    profile = insurance_selectors.profile_for_member(member=member)
    people = [(member.full_name, profile.has_medicare)] + [(d.full_name, d.has_medicare) for d in dependents]
    pricing = insurance_selectors.price_coverage(member=member, profile=profile, plans=plans, people=people,
                                                 on=decision.coverage_begins)
    return CoverageQuote(decision.coverage_begins, decision.rule_text, pricing.member_share, pricing.total_premium)


# ---------------------------------------------------------------------------------------------------------------
# Step 3: the net-pay preview (RULES §11a, applications.rules.net_pay)
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaxAnswers:
    federal_withhold: bool
    federal_filing_status: str
    step2_other_income: Decimal
    step3_credits: Decimal
    step4a_other_income: Decimal
    step4b_deductions: Decimal
    step4c_extra: Decimal
    michigan_withhold: bool
    michigan_filing_status: str
    michigan_exemptions: int
    michigan_additional: Decimal

    @classmethod
    def of(cls, application) -> TaxAnswers:
        a = application
        return cls(a.federal_withhold is not False, a.federal_filing_status or "SINGLE",
                   a.federal_step2_other_income, a.federal_step3_credits, a.federal_step4a_other_income,
                   a.federal_step4b_deductions, a.federal_step4c_extra, a.michigan_withhold is not False,
                   a.michigan_filing_status or "SINGLE", a.michigan_exemptions, a.michigan_additional)


@dataclass(frozen=True)
class NetPayPreview:
    payment: net_pay.MonthlyPayment
    tax_year: int  # the year whose withholding tables were used
    red_year: int  # when it differs, next year's tables are not published yet (each December): the page says so


def preview_tax_year(red_year: int) -> int | None:
    """The RED's tax year when its tables exist, else the latest year before it that has both (None if none)."""
    years = set(tax_tables.covered_years(tax_tables.FEDERAL)) & set(tax_tables.covered_years(tax_tables.MICHIGAN))
    return max((year for year in years if year <= red_year), default=None)


def net_pay_preview(application, answers: TaxAnswers, *, gross: Decimal | None = None) -> NetPayPreview | None:
    """Gross, each tax, the premium share and net, for the option chosen in step 1 (or for ``gross``, the awarded
    amount: the award letter); None before it is chosen."""
    red = application.retirement_effective_date
    tax_year = preview_tax_year(red.year)
    gross = application.option_monthly if gross is None else gross
    if gross is None or tax_year is None:
        return None
    w4p = W4P(withhold=answers.federal_withhold, filing_status=FilingStatus(answers.federal_filing_status),
              step2_other_income=answers.step2_other_income, step3_credits=answers.step3_credits,
              step4a_other_income=answers.step4a_other_income, step4b_deductions=answers.step4b_deductions,
              step4c_extra=answers.step4c_extra)
    mi = MIW4P(withhold=answers.michigan_withhold,
               filing_status=MichiganFilingStatus(answers.michigan_filing_status),
               exemptions=answers.michigan_exemptions, additional=answers.michigan_additional,
               birth_year=application.member.date_of_birth.year)
    federal = federal_withholding.monthly_withholding(monthly_taxable=gross, form=w4p, tax_year=tax_year)
    michigan = michigan_withholding.monthly_withholding(monthly_taxable=gross, form=mi, tax_year=tax_year)
    premium = application.insurance_member_share if application.insurance_decision == "ENROL" else ZERO
    payment = net_pay.monthly_payment(gross=gross, federal=federal, michigan=michigan, premium=premium or ZERO)
    return NetPayPreview(payment, tax_year, red.year)


# ---------------------------------------------------------------------------------------------------------------
# Step 5 and the task list
# ---------------------------------------------------------------------------------------------------------------

def required_proofs(application) -> list[election.Proof]:
    """The application's own proofs (RULES §11a) for the answers saved."""
    if not application.option:
        return [election.Proof.MEMBER_AGE]
    return election.required_proofs(married=steps.is_married(application.member),
                                    option=OptionName(application.option), equated=application.equated,
                                    waiver_required=application.spousal_waiver_required)


PROOF_LABELS = {
    election.Proof.MEMBER_AGE: "Proof of your age (a birth certificate, passport or another accepted record)",
    election.Proof.BENEFICIARY_AGE: "Proof of your survivor beneficiary's age",
    election.Proof.MARRIAGE: "Your marriage certificate",
    election.Proof.SOCIAL_SECURITY_STATEMENT: "Your Social Security statement (for the equated plan)",
    election.Proof.SPOUSAL_WAIVER: "The Pension Election and Spousal Waiver, signed by your spouse and notarised",
}
