"""The award letter (RULES §11 "an award letter detailing the pension calculation (final wage and service totals),
deductions (insurance premiums, taxes), insurance and life insurance coverage"; issue 19 item 4), made once per
approved final calculation by ``applications.tasks.produce_award_letter_task``.

Every figure comes from the approved calculation's ``result`` (the engine's output, as ``manage.py estimate``
prints it) and the rules modules: withholding and net through ``selectors.net_pay_preview`` (the same pieces as
``manage.py retirement_facts``), pay dates from ``rules.pay_dates``, life insurance from ``insurance.rules.life``.
Nothing is formatted here: rows are ``[label, kind, value]`` with money as decimal strings and dates as ISO strings,
and the page (the money and long_date filters) and the PDF (``letters_pdf``, the same filters) lay them out.
Exactly once: ``deliver_document``'s unique key and the letter's one-to-one row commit together.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.audit import audit
from accounts.documents import deliver_document
from accounts.models import Document
from applications import selectors
from applications.letter_text import beneficiary_text, federal_election, michigan_election
from applications.letters_pdf import award_pdf
from applications.models import Application, AwardLetter, FinalCalculation, Milestone
from applications.notices import notify_member
from applications.rules import award as award_rules
from applications.rules.pay_dates import first_payment
from applications.submitted_selectors import insured_dependents
from insurance import selectors as insurance_selectors
from insurance.rules import life as life_rules
from pensions.engine.plans import System
from pensions.selectors import PROVISION_LABELS

TITLE = "Your retirement award"
MONEY, DATE, YOS, TEXT, FACTOR = "money", "date", "yos", "text", "factor"
# Provisions that are not "regular age and service" for retiree life insurance (RULES §10): an early reduced or a
# deferred pension.
NOT_REGULAR_AGE_AND_SERVICE = frozenset({"EARLY_REDUCED", "DEFERRED"})


def award_letter_key(calculation_id):
    return f"applications.finalcalculation:{calculation_id}:award_letter"


def _row(label, kind, value):
    return [label, kind, str(value) if value is not None and kind != TEXT else value]


def _calculation_rows(facts, result):
    eligibility = result["eligibility"]
    age = result["age_at_retirement"]
    rows = [
        _row("Retirement effective date", DATE, result["retirement_effective_date"]),
        _row("Eligible under", TEXT, PROVISION_LABELS.get(eligibility["provision"], eligibility["provision"])),
        _row("Your age on that date", TEXT, f"{age['years']} years, {age['months']} months"),
        _row("Final average compensation (FAC)", MONEY, result["fac"]),
        _row("Service credited, in years", YOS, result["yos"]),
        _row("Service the pension counts, in years", YOS, result["pension_yos"]),
        _row("Formula", TEXT, award_rules.formula_in_words(facts)),
        _row("Straight life pension, yearly", MONEY, result["straight_life"]["annual"]),
        _row("Straight life pension, monthly", MONEY, result["straight_life"]["monthly"]),
    ]
    if eligibility["early_reduced"]:
        rows += [_row("Months before age 60", TEXT, eligibility["months_before_60"]),
                 _row("Early reduction", FACTOR, eligibility["reduction"]),
                 _row("Early reduced pension, monthly", MONEY, result["early_reduced_monthly"])]
    if result.get("supplemental"):
        supplemental = result["supplemental"]
        rows += [_row("Supplemental pension, monthly (covered service)", MONEY, supplemental["monthly"]),
                 _row("Supplemental pension ends", DATE, supplemental["until"])]
    return rows


def _option_rows(application, row):
    rows = [_row("Payment option", TEXT, application.get_option_display()),
            _row("Survivor beneficiary", TEXT, beneficiary_text(application)),
            _row("Option factor", FACTOR, row["factor"]),
            _row("Your monthly pension under this option", MONEY, row["monthly"])]
    if application.option != Application.Option.STRAIGHT_LIFE:
        rows.append(_row("Your survivor's monthly pension", MONEY, row["survivor_monthly"]))
    if row.get("monthly_until_62"):
        rows.append(_row("With the supplemental pension, monthly until 62", MONEY, row["monthly_until_62"]))
    if application.equated:
        equated = row["equated"]
        rows += [_row("Equated plan: Social Security at 65, monthly", MONEY, equated["social_security_age65"]),
                 _row("Equated plan: advance, monthly", MONEY, equated["advance_monthly"]),
                 _row("Monthly pension until 65", MONEY, equated["pre65_monthly"]),
                 _row("Monthly pension from the reduction", MONEY, equated["post65_monthly"]),
                 _row("Reduced from", DATE, equated["reduced_from"])]
    return rows


def _payment_rows(preview):
    payment = preview.payment
    rows = [_row("Monthly pension before deductions", MONEY, payment.gross),
            _row(f"Federal income tax withheld ({preview.tax_year} tables)", MONEY, payment.federal),
            _row(f"Michigan income tax withheld ({preview.tax_year} tables)", MONEY, payment.michigan),
            _row("Your share of the insurance premiums", MONEY, payment.premium_deducted),
            _row("Net monthly payment", MONEY, payment.net)]
    if payment.billed:
        rows.append(_row("Premium share billed to you monthly (the pension cannot cover it)", MONEY, payment.billed))
    return rows


def _insurance_rows(application):
    if application.insurance_decision != Application.InsuranceDecision.ENROL:
        return [_row("Insurance", TEXT, "You chose not to enrol in retiree insurance")]
    people = ", ".join(d.full_name for d in insured_dependents(application)) or "No one else"
    return [_row("Insurance plans", TEXT, "; ".join(str(plan) for plan in application.plans())),
            _row("Also covered", TEXT, people),
            _row("Coverage begins", DATE, application.insurance_coverage_begins),
            _row("Your share of the premiums, monthly", MONEY, application.insurance_member_share)]


def _life_rows(member, result, red):
    """SERS only (RULES §10): 25% of the active coverage at no cost for retirees meeting regular age and service;
    the amount only when the employer reported the coverage (the insurance profile), never a guess."""
    if System(member.system) not in life_rules.LIFE_INSURANCE_SYSTEMS:
        return [_row("Group life insurance", TEXT, insurance_selectors.LIFE_SERS_ONLY)]
    profile = insurance_selectors.profile_for_member(member=member)
    regular = result["eligibility"]["provision"] not in NOT_REGULAR_AGE_AND_SERVICE
    life = life_rules.retiree_life_insurance(
        active_coverage=profile.active_life_coverage or Decimal(0),
        deferred=result["eligibility"]["provision"] == "DEFERRED", meets_regular_age_and_service=regular,
        birth_date=member.date_of_birth, on=red, disabled_on=profile.disabled_on)
    if not life.eligible:
        return [_row("Group life insurance", TEXT, "None: " + life.reason)]
    percent = life_rules.RETIREE_LIFE_PERCENT
    rows = [_row("Group life insurance", TEXT, f"{percent}% of the life insurance you carried when you left work, "
                                                "at no cost to you")]
    if profile.active_life_coverage is None:
        rows.append(_row("Amount", TEXT, "Your employer has not reported your coverage to us yet: we will write "
                                         "to you with the amount"))
    else:
        convertible = life_rules.life_convertible_amount(active_coverage=profile.active_life_coverage)
        rows += [_row("Life insurance carried when you left work", MONEY, profile.active_life_coverage),
                 _row("Your retiree life insurance", MONEY, life.amount),
                 _row("You may convert to a private policy", MONEY, convertible)]
    rows += [_row("Last day to convert the rest to a private policy", DATE,
                  life_rules.life_conversion_window_ends(red)),
             _row("Proof of coverage", TEXT, life_rules.LIFE_PROOF_OF_COVERAGE)]
    return rows


def _first_payment_rows(red, awarded_on, gross):
    first = first_payment(retirement_effective_date=red, awarded_on=awarded_on)
    return [_row("Your first payment is made on", DATE, first.paid_on),
            _row("Months it pays, from your retirement effective date", TEXT, str(first.months)),
            _row("Of which months paid retroactively", TEXT, str(first.retroactive_months)),
            _row("Retroactive amount, before deductions", MONEY, gross * first.retroactive_months),
            _row("First payment, before deductions", MONEY, gross * first.months)]


def _increase_rows(result, row):
    first = award_rules.first_increase(result, row)
    if first is None:
        return [_row("Cost-of-living increase", TEXT, "None is scheduled for your pension")]
    on, amount = first
    return [_row("First increase", DATE, on),
            _row("It adds to your monthly pension", MONEY, amount),
            _row("After that", TEXT, "An increase each October")]


def letter_content(calculation: FinalCalculation, *, today: date) -> dict:
    """What the award letter says, as JSON-ready typed rows (see the module's docstring)."""
    application, facts, result = calculation.application, calculation.facts, calculation.result
    member = application.member
    red = date.fromisoformat(result["retirement_effective_date"])
    awarded_on = timezone.localdate(calculation.approved_at)
    row = award_rules.chosen_option(result, application.option)
    gross = award_rules.monthly_gross_from_red(row, equated=application.equated)
    preview = selectors.net_pay_preview(application, selectors.TaxAnswers.of(application), gross=gross)
    payment = preview.payment
    return {
        "reference": application.reference,
        "version": calculation.version,
        "written_on": today.isoformat(),
        "awarded_on": awarded_on.isoformat(),
        "retirement_effective_date": red.isoformat(),
        "monthly": {"gross": str(payment.gross), "federal": str(payment.federal), "michigan": str(payment.michigan),
                    "premium": str(payment.premium_deducted), "net": str(payment.net), "billed": str(payment.billed),
                    "tax_year": preview.tax_year},
        "fac_years": [[year["start"], year["end"], year["amount"], year["service"]]
                      for year in result.get("fac_years", [])],
        "sections": [
            {"heading": "Your pension calculation", "rows": _calculation_rows(facts, result)},
            {"heading": "Your payment option", "rows": _option_rows(application, row)},
            {"heading": "Your monthly payment", "rows": _payment_rows(preview)},
            {"heading": "Tax withholding you elected", "rows": [_row("Federal", TEXT, federal_election(application)),
                                                                _row("Michigan", TEXT,
                                                                     michigan_election(application))]},
            {"heading": "Health, dental and vision insurance", "rows": _insurance_rows(application)},
            {"heading": "Life insurance", "rows": _life_rows(member, result, red)},
            {"heading": "Your first payment", "rows": _first_payment_rows(red, awarded_on, gross)},
            {"heading": "Cost-of-living increase", "rows": _increase_rows(result, row)},
        ],
    }


def produce_award_letter(*, calculation_id, today=None) -> bool:
    """Write the award letter of an approved calculation into its member's Documents, once: a second run (or a
    concurrent one) finds it written and does nothing. Returns whether this run wrote it."""
    calculation = (FinalCalculation.objects
                   .select_related("application__member__user", "application__health_plan",
                                   "application__prescription_plan", "application__dental_plan",
                                   "application__vision_plan")
                   .defer("application__deposit_account_number")
                   .filter(pk=calculation_id, approved_at__isnull=False, award_letter__isnull=True).first())
    if calculation is None:
        return False
    application = calculation.application
    member = application.member
    today = today or timezone.localdate()
    content = letter_content(calculation, today=today)

    def keep(document):  # in the document's transaction: the letter, its audit entry and the notice commit together
        letter = AwardLetter.objects.create(calculation=calculation, document=document, content=content)
        # The member's timeline: "Award letter sent" is done today (the letter's own notice tells them, not the
        # milestone's).
        Milestone.objects.get_or_create(application=application, kind=Milestone.Kind.AWARDED,
                                        defaults={"on": today})
        audit(actor=None, member=member, action="applications.awardletter.delivered",
              target=f"application:{application.pk}",
              data={"document": document.pk, "letter": letter.pk, "calculation": calculation.pk})
        notify_member(member=member, dedupe_key=f"applications:award_letter:{calculation.pk}",
                      template="award_letter", context={"application": application})

    _, created = deliver_document(
        member=member, kind=Document.Kind.LETTER, title=f"{TITLE} ({application.reference})",
        content=award_pdf(member=member, content=content, title=TITLE),
        filename=f"award-{application.reference}-{calculation.version}.pdf",
        dedupe_key=award_letter_key(calculation.pk), actor=None, on_delivered=keep)
    return created
