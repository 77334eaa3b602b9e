"""Demo submitted applications for ``seed_demo`` (issue 17 item 7): Linda Carter's, submitted with proofs missing
(her age received, the marriage certificate and her husband's proof of age still to send, the spousal waiver to be
arranged), and Thomas Whitfield's, ready for staff (every proof received, waiting for review), each with its
acknowledgment letter in Documents; Helen Kowalski's and Michael Osei's carry demo spousal waivers
(``applications.waivers.demo``).

The answers are written as the five steps store them (the steps' own pages and services are the colleague issue's);
proofs go through the checklist's upload service and the upload validator, the letters through their task
(``applications.tasks``), once seeding commits. Idempotent: a member who already has an application is left
alone. The dates, the provision and the option's figures come from the engine, through the selectors the start page
and step 1 use, so the demo shows what the member's own estimate shows.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.platypus import Paragraph

from accounts.demo_people import spouse_of
from accounts.models import Member
from accounts.uploads import validate_upload
from applications import selectors, submitted_services
from applications.models import Application
from applications.tasks import acknowledge_on_commit
from pensions.engine.dates import add_months
from portal.pdf import STYLES, render_letter

ROUTING = "011000015"  # a real routing number with a good check digit (Federal Reserve Bank of Boston)

# member ID → (option, account number, proofs to upload)
DEMO = {
    "20000002": ("SURVIVOR_50", "4400127731", ("own:MEMBER_AGE",)),
    "10000006": ("STRAIGHT_LIFE", "7730044196", ("own:MEMBER_AGE",)),
    # Two more married members whose elections need the spousal waiver, for the demo waivers
    # (applications.waivers.demo): Helen Kowalski's 75% survivor, Michael Osei's straight life.
    "10000003": ("SURVIVOR_75", "5120098834", ("own:MEMBER_AGE",)),
    "20000005": ("STRAIGHT_LIFE", "6618204457", ("own:MEMBER_AGE",)),
}


def copy_of(title, member):
    """A demo member's scanned copy of ``title`` (a one-page PDF), checked like any upload."""
    content = render_letter(title=title, member=member, story=[Paragraph("Demo copy.", STYLES["BodyText"])])
    return validate_upload(SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.pdf", content))


class DemoNotEligible(Exception):
    """A demo member the engine finds not eligible on the RED the demo gives them (the demo data is wrong)."""


def submit(member, option, account, today, *, last_day=None, days_ago=6):
    """The member's application as submitted ``days_ago`` days before ``today``, retiring after ``last_day`` (by
    default the end of the month three months on): the RED and the provision as the start page finds them, the
    option's figures as step 1 keeps them."""
    spouse = spouse_of(member.member_id)
    survivor = option != "STRAIGHT_LIFE"
    last_day = last_day or add_months(today, 3).replace(day=1) - datetime.timedelta(days=1)
    submitted_at = timezone.now() - datetime.timedelta(days=days_ago)
    start = selectors.start_facts_for_member(member=member, last_day_worked=last_day,
                                             today=timezone.localdate(submitted_at))
    if not start.eligible:
        raise DemoNotEligible(f"{member.full_name} ({member.member_id}): {start.refusal or start.reasons}")
    application = Application(
        member=member, state=Application.State.SUBMITTED, reference=f"RA-{today.year}-{member.pk + 100:06d}",
        last_day_worked=last_day, eligible_on=start.eligible_on, retirement_effective_date=start.retirement_effective_date,
        provision=start.provision, option=option,
        beneficiary_name=spouse.full_name if survivor else "", beneficiary_relationship="SPOUSE" if survivor else "",
        beneficiary_birth_date=spouse.birth_date if survivor else None, irrevocable_acknowledged_at=submitted_at,
        spousal_waiver_required=spouse is not None and option != "SURVIVOR_100",
        option_red=start.retirement_effective_date, option_saved_at=submitted_at, insurance_decision="DECLINE",
        insurance_saved_at=submitted_at, federal_withhold=True, federal_filing_status="MARRIED_JOINT" if spouse
        else "SINGLE", michigan_withhold=False, tax_saved_at=submitted_at, deposit_routing_number=ROUTING,
        deposit_account_number=account, deposit_account_last4=account[-4:], deposit_account_type="CHECKING",
        deposit_saved_at=submitted_at, esign_consented_at=submitted_at, declaration_accepted_at=submitted_at,
        signature=member.full_name, submitted_at=submitted_at)
    figures = selectors.option_figures(application, beneficiary_birth_date=application.beneficiary_birth_date,
                                       social_security_fra=None, today=timezone.localdate(submitted_at))
    row = selectors.chosen_row(figures, option)
    application.option_factor = Decimal(row.factor)
    application.option_monthly = row.monthly
    application.option_survivor_monthly = row.survivor_monthly
    application.option_estimate = figures["result"]
    application.save()
    return application


def seed_submitted_applications(stdout):
    today = timezone.localdate()
    for member_id, (option, account, proofs) in DEMO.items():
        member = Member.objects.select_related("user").filter(member_id=member_id, user__isnull=False).first()
        if member is None or Application.objects.filter(member=member).exists():
            continue
        application = submit(member, option, account, today)
        application.member = member
        for item_key in proofs:
            submitted_services.upload_proof(member=member, application=application, item_key=item_key,
                                            clean_file=copy_of("Birth certificate", member), actor=member.user,
                                            today=today)
        acknowledge_on_commit(application.pk)  # seed_demo is one transaction: the letter follows its commit
        stdout.write(f"Demo application {application.reference} for {member.full_name} ({member_id}).")
