"""The acknowledgment letter (RULES §11 "After submission" [002][004]): what the member chose — RED, option,
beneficiary, insurance, tax, the masked account — with the preliminary estimate and the proofs still missing, made
once per submitted application by ``applications.tasks.produce_acknowledgment_task``.

Its content is written once, as text (``letter_content``), and kept with the letter: the HTML page and the PDF in
Documents both lay out that same content, so they agree with each other and with the day it was written, whatever
the member changes afterwards. Exactly once: ``deliver_document``'s unique key and the letter's one-to-one row
commit together, so a task run twice, or two at once, or one killed and redelivered, leaves one letter.
"""

from django.utils import timezone

from accounts.audit import audit
from accounts.documents import deliver_document
from accounts.models import Document
from applications.letter_text import NOT_GIVEN, beneficiary_text, dollars, federal_election, michigan_election
from applications.letters_pdf import acknowledgment_pdf
from applications.models import AcknowledgmentLetter, Application
from applications.submitted_selectors import checklist_for_application, insured_dependents
from portal.templatetags.portal_format import long_date

TITLE = "Acknowledgment of your retirement application"


def acknowledgment_key(application_id):
    return f"applications.application:{application_id}:acknowledgment"


def _insurance(a):
    if a.insurance_decision != Application.InsuranceDecision.ENROL:
        return [["Insurance", "You chose not to enrol in retiree insurance"]]
    people = ", ".join(d.full_name for d in insured_dependents(a)) or "No one else"
    return [["Insurance plans", "; ".join(str(plan) for plan in a.plans()) or NOT_GIVEN],
            ["Also covered", people],
            ["Coverage begins", long_date(a.insurance_coverage_begins) if a.insurance_coverage_begins else NOT_GIVEN],
            ["Your share of the premiums, monthly", dollars(a.insurance_member_share)]]


def letter_content(application, *, today) -> dict:
    """What the letter says, as JSON-ready text: sections of (label, value) rows and the proofs still to send."""
    a = application
    checklist = checklist_for_application(application=a, today=today).checklist
    election = [["Retirement effective date", long_date(a.retirement_effective_date)],
                ["Payment option", a.get_option_display() + (" with the equated plan" if a.equated else "")],
                ["Survivor beneficiary", beneficiary_text(a)]]
    estimate = [["Your monthly pension before deductions", dollars(a.option_monthly)]]
    if a.option and a.option != Application.Option.STRAIGHT_LIFE:
        estimate.append(["Your survivor's monthly pension", dollars(a.option_survivor_monthly)])
    return {
        "reference": a.reference,
        "written_on": today.isoformat(),
        "submitted_on": long_date(timezone.localdate(a.submitted_at)),
        "sections": [
            {"heading": "Your choices", "rows": election},
            {"heading": "Preliminary estimate", "rows": estimate},
            {"heading": "Insurance", "rows": _insurance(a)},
            {"heading": "Tax withholding", "rows": [["Federal", federal_election(a)], ["Michigan", michigan_election(a)]]},
            {"heading": "Direct deposit", "rows": [
                ["Account", f"{a.get_deposit_account_type_display()} account {a.masked_account_number}"]]},
        ],
        "missing": [[item.person, item.label, item.status.value] for item in checklist.to_send],
        "waiver_required": a.spousal_waiver_required,
    }


def produce_acknowledgment(*, application_id, today=None) -> bool:
    """Write the letter of a submitted application into its member's Documents, once: a second run (or a concurrent
    one) finds it written and does nothing. Returns whether this run wrote it."""
    application = (Application.objects.select_related("member__user", "health_plan", "prescription_plan",
                                                      "dental_plan", "vision_plan")
                   .defer("deposit_account_number")
                   .filter(pk=application_id, submitted_at__isnull=False, acknowledgment__isnull=True).first())
    if application is None:
        return False
    member = application.member
    content = letter_content(application, today=today or timezone.localdate())

    def keep(document):  # in the document's transaction: the letter row and the document commit together
        letter = AcknowledgmentLetter.objects.create(application=application, document=document, content=content)
        audit(actor=None, member=member, action="applications.acknowledgmentletter.delivered",
              target=f"application:{application.pk}", data={"document": document.pk, "letter": letter.pk})

    _, created = deliver_document(
        member=member, kind=Document.Kind.LETTER, title=f"{TITLE} ({application.reference})",
        content=acknowledgment_pdf(member=member, content=content, title=TITLE),
        filename=f"acknowledgment-{application.reference}.pdf", dedupe_key=acknowledgment_key(application.pk),
        actor=None, on_delivered=keep)
    return created
