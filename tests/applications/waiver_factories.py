"""Spousal waivers in each state, made through the services, and the tokens of their links (captured from the
outbox e-mail, the only place a raw token exists)."""

import datetime
import re
from decimal import Decimal

from accounts.models import OutboundEmail
from applications.models import Application, Waiver
from applications.rules.waiver import ActKind, Certificate, IdentityDocument, Part
from applications.waivers import services
from tests.applications.factories import draft_application, retiring_member, started, with_option

SPOUSE_NAME = "Jordan Member"
SPOUSE_BORN = datetime.date(1967, 2, 3)
SPOUSE_EMAIL = "jordan@example.org"
NOTARY_EMAIL = "pat@notary.example"
APPLICANT_NOTARY_EMAIL = "lee@notary.example"


def certificate(**changes):
    fields = dict(notary_name="Pat Notary", commission_number="N-12345", commission_county="Ingham",
                  commission_expires=datetime.date(2031, 1, 31), act_county="Ingham", kind=ActKind.IN_PERSON,
                  platform="", session_reference="", identity_document=IdentityDocument.DRIVERS_LICENSE,
                  identity_issuer="State of Michigan", notary_email=NOTARY_EMAIL)
    fields.update(changes)
    return Certificate(**fields)


def token_sent_to(email, *, path):
    """The token of the newest link e-mailed to ``email`` for ``path`` (e.g. "/waiver/spouse/")."""
    body = OutboundEmail.objects.filter(to=email).order_by("-id").values_list("body", flat=True).first() or ""
    found = re.search(re.escape(path) + r"([^/\s]+)/", body)
    return found.group(1) if found else None


def spouse_token():
    return token_sent_to(SPOUSE_EMAIL, path="/waiver/spouse/")


def notary_token():
    return token_sent_to(NOTARY_EMAIL, path="/waiver/notary/")


def applicant_notary_token():
    return token_sent_to(APPLICANT_NOTARY_EMAIL, path="/waiver/applicant-notary/")


def application_needing_waiver(member=None, *, option="STRAIGHT_LIFE", beneficiary=None):
    """A married member's application whose election needs the waiver (straight life by default), the engine's
    figures on it."""
    member = member or retiring_member(married=True)
    application = with_option(started(member), option=option, beneficiary=beneficiary)
    assert application.spousal_waiver_required
    return application


def stored_application(member, **fields):
    """A draft written as stored, without the engine (for the sweeps and quick tests)."""
    return draft_application(member, option="STRAIGHT_LIFE", spousal_waiver_required=True,
                             option_survivor_monthly=Decimal("0"), **fields)


def stored_waiver(application, *, state=Waiver.State.SPOUSE, **fields):
    """A waiver row as stored, with a spouse link e-mailed (no engine)."""
    waiver = Waiver.objects.create(
        application=application, member=application.member, option=application.option,
        beneficiary_name=application.beneficiary_name, beneficiary_relationship=application.beneficiary_relationship,
        retirement_effective_date=application.retirement_effective_date, full_survivor_monthly=Decimal("1843.20"),
        left_monthly=Decimal("0"), spouse_name=SPOUSE_NAME, spouse_birth_date=SPOUSE_BORN, spouse_email=SPOUSE_EMAIL,
        state=state, **fields)
    services._send_link(waiver, purpose=services.SPOUSE_LINK, email=SPOUSE_EMAIL, actor="SYSTEM")
    return waiver


def start(application, **kwargs):
    member = application.member
    return services.start_waiver(member=member, application=application, spouse_name=SPOUSE_NAME,
                                 spouse_birth_date=SPOUSE_BORN, spouse_email=SPOUSE_EMAIL, actor=member.user,
                                 today=datetime.date(2026, 12, 3), **kwargs)


def spouse_signed(waiver, *, now=None, seen=None):
    return services.spouse_signs(token=spouse_token(), consent=True, signature=SPOUSE_NAME, notary_name="Pat Notary",
                                 notary_email=NOTARY_EMAIL, now=now, seen=seen)


def spouse_notarised(waiver, *, now=None, **changes):
    return services.notarise(token=notary_token(), part=Part.SPOUSE, certificate=certificate(**changes),
                             notary_signature=changes.get("notary_name", "Pat Notary"), now=now)


def applicant_signed(waiver, *, now=None):
    member = waiver.member
    return services.applicant_signs(member=member, waiver=waiver, consent=True, signature=member.full_name,
                                    notary_name="Lee Notary", notary_email=APPLICANT_NOTARY_EMAIL, actor=member.user,
                                    now=now)


def applicant_notarised(waiver, *, now=None):
    return services.notarise(token=applicant_notary_token(), part=Part.APPLICANT,
                             certificate=certificate(notary_name="Lee Notary", notary_email=APPLICANT_NOTARY_EMAIL,
                                                     kind=ActKind.REMOTE, platform="NotaryCam",
                                                     session_reference="S-998877"),
                             notary_signature="Lee Notary", now=now)


def complete(waiver):
    """Every part done the same day (the document is produced on commit: run the test's callbacks)."""
    spouse_signed(waiver)
    spouse_notarised(waiver)
    waiver = Waiver.objects.get(pk=waiver.pk)
    applicant_signed(waiver)
    return applicant_notarised(waiver)


def open_application(member):
    return Application.objects.open().get(member=member)
