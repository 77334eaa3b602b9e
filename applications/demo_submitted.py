"""Demo submitted applications for ``seed_demo`` (issue 17 item 7): Linda Carter's, submitted with proofs missing
(her age received, the marriage certificate and her husband's proof of age still to send, the spousal waiver to be
arranged), and Thomas Whitfield's, ready for staff (every proof received, waiting for review), each with its
acknowledgment letter in Documents; Helen Kowalski's and Michael Osei's carry demo spousal waivers
(``applications.waivers.demo``).

The answers are written as the five steps store them (the steps' own pages and services are the colleague issue's);
proofs go through the checklist's upload service and the upload validator, the letters through their task
(``applications.tasks``), once seeding commits. Idempotent: a member who already has an application is left
alone. The amounts are a plausible preliminary estimate for the demo, not the engine's.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.platypus import Paragraph

from accounts.demo_people import spouse_of
from accounts.models import Member
from accounts.uploads import validate_upload
from applications import submitted_services
from applications.models import Application
from applications.rules.dates import retirement_effective_date
from applications.tasks import acknowledge_on_commit
from pensions.engine.dates import add_months
from portal.pdf import STYLES, render_letter

ROUTING = "011000015"  # a real routing number with a good check digit (Federal Reserve Bank of Boston)

# member ID → (option, monthly, survivor monthly, account number, proofs to upload)
DEMO = {
    "20000002": ("SURVIVOR_50", Decimal("2318.44"), Decimal("1054.89"), "4400127731", ("own:MEMBER_AGE",)),
    "10000006": ("STRAIGHT_LIFE", Decimal("3127.60"), Decimal(0), "7730044196", ("own:MEMBER_AGE",)),
    # Two more married members whose elections need the spousal waiver, for the demo waivers
    # (applications.waivers.demo): Helen Kowalski's 75% survivor, Michael Osei's straight life.
    "10000003": ("SURVIVOR_75", Decimal("3544.18"), Decimal("2455.09"), "5120098834", ("own:MEMBER_AGE",)),
    "20000005": ("STRAIGHT_LIFE", Decimal("2963.72"), Decimal(0), "6618204457", ("own:MEMBER_AGE",)),
}


def copy_of(title, member):
    """A demo member's scanned copy of ``title`` (a one-page PDF), checked like any upload."""
    content = render_letter(title=title, member=member, story=[Paragraph("Demo copy.", STYLES["BodyText"])])
    return validate_upload(SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.pdf", content))


def submit(member, option, monthly, survivor_monthly, account, today, *, last_day=None, days_ago=6):
    """The member's application as submitted ``days_ago`` days before ``today``, retiring after ``last_day`` (by
    default the end of the month three months on)."""
    spouse = spouse_of(member.member_id)
    survivor = option != "STRAIGHT_LIFE"
    last_day = last_day or add_months(today, 3).replace(day=1) - datetime.timedelta(days=1)
    submitted_at = timezone.now() - datetime.timedelta(days=days_ago)
    red = retirement_effective_date(eligible_on=last_day, terminated_on=last_day,
                                    submitted_on=timezone.localdate(submitted_at))
    return Application.objects.create(
        member=member, state=Application.State.SUBMITTED, reference=f"RA-{today.year}-{member.pk + 100:06d}",
        last_day_worked=last_day, eligible_on=last_day, retirement_effective_date=red,
        provision="FULL_60_10" if member.system == "SERS" else "BASIC_55_30", option=option,
        beneficiary_name=spouse.full_name if survivor else "", beneficiary_relationship="SPOUSE" if survivor else "",
        beneficiary_birth_date=spouse.birth_date if survivor else None, irrevocable_acknowledged_at=submitted_at,
        spousal_waiver_required=spouse is not None and option != "SURVIVOR_100", option_red=red,
        option_factor=Decimal("0.9100") if survivor else Decimal(1), option_monthly=monthly,
        option_survivor_monthly=survivor_monthly, option_saved_at=submitted_at, insurance_decision="DECLINE",
        insurance_saved_at=submitted_at, federal_withhold=True, federal_filing_status="MARRIED_JOINT" if spouse
        else "SINGLE", michigan_withhold=False, tax_saved_at=submitted_at, deposit_routing_number=ROUTING,
        deposit_account_number=account, deposit_account_last4=account[-4:], deposit_account_type="CHECKING",
        deposit_saved_at=submitted_at, esign_consented_at=submitted_at, declaration_accepted_at=submitted_at,
        signature=member.full_name, submitted_at=submitted_at)


def seed_submitted_applications(stdout):
    today = timezone.localdate()
    for member_id, (option, monthly, survivor_monthly, account, proofs) in DEMO.items():
        member = Member.objects.select_related("user").filter(member_id=member_id, user__isnull=False).first()
        if member is None or Application.objects.filter(member=member).exists():
            continue
        application = submit(member, option, monthly, survivor_monthly, account, today)
        application.member = member
        for item_key in proofs:
            submitted_services.upload_proof(member=member, application=application, item_key=item_key,
                                            clean_file=copy_of("Birth certificate", member), actor=member.user,
                                            today=today)
        acknowledge_on_commit(application.pk)  # seed_demo is one transaction: the letter follows its commit
        stdout.write(f"Demo application {application.reference} for {member.full_name} ({member_id}).")
