"""Deterministic demo population: members of both systems in every structure and employment type, claimed demo
logins, and staff in each group. Safe to run again: existing rows are kept, nothing is duplicated."""

import base64
import datetime
import hashlib
import io

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from accounts.demo_people import spouse_of
from accounts.message_board.demo import seed_message_board
from accounts.models import Document, MailingAddress, Member, User
from applications.demo import seed_applications
from applications.demo_staff import seed_staff_applications
from applications.demo_submitted import seed_submitted_applications
from applications.waivers.demo import seed_waivers
from insurance.demo import seed_insurance
from pensions.demo import seed_beneficiaries_and_estimates, seed_histories
from pensions.models import Employer, System

DEMO_PASSWORD = "lakeshore sunrise 48"
DEMO_EMAIL_DOMAIN = "demo.portal.example"  # every demo login (check_no_default_accounts refuses them in production)
S, E, H = Member.Structure, Member.EmploymentType, Member.HealthcarePlan

EMPLOYERS = [
    ("SERS-DTMB", "Department of Technology, Management and Budget", System.SERS),
    ("SERS-MDOC", "Department of Corrections", System.SERS),
    ("SERS-DNR", "Department of Natural Resources", System.SERS),
    ("SERS-MDHHS", "Department of Health and Human Services", System.SERS),
    ("SERS-LEG", "Legislative Council", System.SERS),
    ("MPS-LANSING", "Lansing School District", System.MPSERS),
    ("MPS-OKEMOS", "Okemos Public Schools", System.MPSERS),
]

# member_id, system, structure, employment type, first, last, born, hired, status, employer, login e-mail or None
MEMBERS = [
    ("10000001", System.SERS, S.DB_CLASSIFIED, E.REGULAR, "Margaret", "Alvarez", (1964, 5, 2), (1988, 3, 7),
     Member.Status.ACTIVE, "SERS-DTMB", "margaret@demo.portal.example"),
    ("10000002", System.SERS, S.DB_CLASSIFIED, E.COVERED, "Darnell", "Brooks", (1971, 9, 14), (1996, 6, 3),
     Member.Status.ACTIVE, "SERS-MDOC", "darnell@demo.portal.example"),
    ("10000003", System.SERS, S.DB_CLASSIFIED, E.CONSERVATION_OFFICER, "Helen", "Kowalski", (1968, 1, 30),
     (1990, 4, 16), Member.Status.ACTIVE, "SERS-DNR", "helen@demo.portal.example"),
    ("10000004", System.SERS, S.DB_CLASSIFIED, E.UNCLASSIFIED, "Victor", "Nguyen", (1962, 11, 8), (2012, 1, 9),
     Member.Status.ACTIVE, "SERS-LEG", None),
    ("10000005", System.SERS, S.DB_CLASSIFIED, E.FACILITY_CLOSURE, "Rosa", "Delgado", (1966, 7, 21), (1991, 2, 4),
     Member.Status.DEFERRED, "SERS-MDHHS", None),
    ("10000006", System.SERS, S.DB_30, E.REGULAR, "Thomas", "Whitfield", (1960, 3, 11), (1982, 8, 23),
     Member.Status.ACTIVE, "SERS-DTMB", "thomas@demo.portal.example"),
    ("10000007", System.SERS, S.DB_DC_BLEND, E.REGULAR, "Angela", "Okafor", (1963, 12, 5), (1993, 10, 11),
     Member.Status.ACTIVE, "SERS-MDHHS", None),
    ("10000008", System.SERS, S.DC, E.REGULAR, "Kevin", "Larsen", (1985, 6, 19), (2010, 5, 17),
     Member.Status.ACTIVE, "SERS-DTMB", None),
    ("10000009", System.SERS, S.DB_CLASSIFIED, E.REGULAR, "Dorothy", "Fischer", (1950, 2, 27), (1975, 9, 2),
     Member.Status.RETIRED, "SERS-DTMB", "dorothy@demo.portal.example"),
    ("20000001", System.MPSERS, S.BASIC, E.REGULAR, "Gerald", "Mason", (1961, 4, 3), (1984, 8, 27),
     Member.Status.ACTIVE, "MPS-LANSING", "gerald@demo.portal.example"),
    ("20000002", System.MPSERS, S.BASIC_4, E.REGULAR, "Linda", "Carter", (1962, 8, 15), (1986, 8, 25),
     Member.Status.ACTIVE, "MPS-OKEMOS", "linda@demo.portal.example"),
    ("20000003", System.MPSERS, S.BASIC_DC_CONVERTED, E.REGULAR, "Paul", "Jablonski", (1964, 10, 9),
     (1987, 9, 1), Member.Status.ACTIVE, "MPS-LANSING", None),
    ("20000004", System.MPSERS, S.MIP_FIXED, E.REGULAR, "Susan", "Harper", (1963, 6, 24), (1988, 8, 29),
     Member.Status.ACTIVE, "MPS-OKEMOS", "susan@demo.portal.example"),
    ("20000005", System.MPSERS, S.MIP_GRADED, E.REGULAR, "Michael", "Osei", (1970, 1, 12), (1995, 8, 28),
     Member.Status.ACTIVE, "MPS-LANSING", "michael@demo.portal.example"),
    ("20000006", System.MPSERS, S.MIP_PLUS, E.REGULAR, "Jennifer", "Lindqvist", (1980, 3, 28), (2009, 8, 24),
     Member.Status.ACTIVE, "MPS-OKEMOS", None),
    ("20000007", System.MPSERS, S.MIP_7, E.REGULAR, "Robert", "Castillo", (1965, 9, 6), (1991, 8, 26),
     Member.Status.ACTIVE, "MPS-LANSING", None),
    ("20000008", System.MPSERS, S.MIP_DC_CONVERTED, E.REGULAR, "Karen", "Dubois", (1966, 12, 17), (1992, 1, 6),
     Member.Status.DEFERRED, "MPS-OKEMOS", None),
]

STAFF = [
    ("reviewer@demo.portal.example", "Riley", "Reviewer", "Reviewer"),
    ("supervisor@demo.portal.example", "Sam", "Supervisor", "Supervisor"),
]


def demo_totp_secret(email):
    """The demo login's authenticator secret: fixed per login, so the printed secret stays right on a re-run."""
    return base64.b32encode(hashlib.sha256(f"demo-totp:{email}".encode()).digest()[:20]).decode()


def demo_second_factor(user):
    """Every demo login has its second factor set up, as every real one has after its first sign-in (SECURITY.md
    AU-1): an authenticator app and recovery codes. Returns (authenticator secret, an unused recovery code)."""
    secret = demo_totp_secret(user.email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    recovery = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
    return secret, recovery.get_unused_codes()[0]


def _demo_ssn(member_id):
    """Fictitious numbers in area 899, made from the member ID (its first digit keeps the two systems apart)."""
    return f"8999{member_id[0]}{member_id[-4:]}"


def _welcome_letter(member):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    pdf.setTitle("Welcome to the member portal")
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 700, "Office of Retirement Services")
    pdf.setFont("Helvetica", 12)
    for number, line in enumerate([
        f"Dear {member.full_name},",
        "",
        f"Your online account for member record {member.member_id} is ready.",
        "Letters and statements from us will appear in your Documents.",
    ]):
        pdf.drawString(72, 660 - 18 * number, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Create the deterministic demo population and print the demo logins."

    def handle(self, *args, **options):
        self._seed()
        # After the population commits: the office's work on the demo applications goes through the services as
        # staff do it, and an award letter is written in a transaction of its own (accounts.documents).
        seed_staff_applications(self.stdout)

    @transaction.atomic
    def _seed(self):
        employers = {code: Employer.objects.get_or_create(code=code, defaults={"name": name, "system": system})[0]
                     for code, name, system in EMPLOYERS}
        logins, staff_logins = [], []
        for (member_id, system, structure, employment, first, last, born, hired, status, employer_code,
             email) in MEMBERS:
            member, created = Member.objects.get_or_create(member_id=member_id, defaults={
                "system": system, "benefit_structure": structure, "employment_type": employment,
                "first_name": first, "last_name": last, "date_of_birth": datetime.date(*born),
                "hire_date": datetime.date(*hired), "status": status, "employer": employers[employer_code],
                "ssn": _demo_ssn(member_id), "phone": f"517-555-{member_id[-4:]}",
                "marital_status": (Member.MaritalStatus.MARRIED if spouse_of(member_id)
                                   else Member.MaritalStatus.SINGLE),
                "healthcare_plan": H.PERSONAL_HEALTHCARE_FUND if structure == S.MIP_PLUS else H.PREMIUM_SUBSIDY,
            })
            if created:
                MailingAddress.objects.create(member=member, line1=f"{int(member_id[-3:]) * 7 + 100} W Saginaw St",
                                              city="Lansing", state="MI", postal_code="48933",
                                              effective_date=datetime.date(2015, 1, 1))
            if email:
                self._claim(member, email)
                logins.append((email, member, demo_second_factor(member.user)))
        for email, first, last, group in STAFF:
            user, created = User.objects.get_or_create(email=email, defaults={
                "first_name": first, "last_name": last, "is_staff": True})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user.groups.add(Group.objects.get(name=group))
            staff_logins.append((email, group, demo_second_factor(user)))
        self._print_logins(logins, staff_logins)
        seed_message_board(self.stdout)
        seed_histories(self.stdout)
        seed_beneficiaries_and_estimates(self.stdout)
        seed_insurance(self.stdout)
        seed_applications(self.stdout)
        seed_submitted_applications(self.stdout)
        seed_waivers(self.stdout)

    def _claim(self, member, email):
        if member.user_id:
            return
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=member.first_name,
                                        last_name=member.last_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        member.user, member.personal_email = user, email
        member.claimed_at = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.timezone.utc)
        member.save(update_fields=["user", "personal_email", "claimed_at"])
        content = _welcome_letter(member)
        document = Document(member=member, kind=Document.Kind.LETTER, title="Welcome to the member portal",
                            original_name="welcome-letter.pdf", content_type="application/pdf",
                            size=len(content), sha256=hashlib.sha256(content).hexdigest())
        document.file.save("welcome.pdf", ContentFile(content), save=True)

    def _print_logins(self, logins, staff_logins):
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data ready."))
        out.write(f"Members sign in at /accounts/login/ with password: {DEMO_PASSWORD}, then a second step: add the "
                  "login's authenticator secret to an authenticator app and type its code, or type the recovery "
                  "code shown (each recovery code works once; the Security page shows the others).")
        for email, member, (secret, recovery_code) in logins:
            out.write(f"  {email:34} {member.system:6} {member.get_benefit_structure_display():22} "
                      f"{member.get_employment_type_display().split(' (')[0]:20} {member.get_status_display()}")
            out.write(f"  {'':34} authenticator secret {secret}  recovery code {recovery_code}")
        out.write(f"Staff sign in with password: {DEMO_PASSWORD} and the same kind of second step, then /admin/ opens:")
        for email, group, (secret, recovery_code) in staff_logins:
            out.write(f"  {email:34} {group}")
            out.write(f"  {'':34} authenticator secret {secret}  recovery code {recovery_code}")
        out.write("Unclaimed records you can claim at /claim/ (member ID, birth date, SSN last four):")
        for row in MEMBERS:
            if row[10] is None:
                out.write(f"  {row[0]}  born {datetime.date(*row[6])}  SSN ends {_demo_ssn(row[0])[-4:]}")
