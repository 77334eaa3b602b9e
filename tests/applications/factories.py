"""Factories for the retirement application: members with a record to retire on, and drafts in each step."""

import datetime
from decimal import Decimal

from accounts.models import Member
from applications import services
from applications.models import Application
from applications.selectors import TaxAnswers
from tests.factories import ClaimedMemberFactory, MailingAddressFactory
from tests.pensions.factories import biweekly_history

TODAY = datetime.date(2026, 12, 3)
LAST_DAY = datetime.date(2027, 3, 31)  # RED 2027-04-01
SPOUSE = {"name": "Jordan Member", "relationship": "SPOUSE", "birth_date": datetime.date(1967, 2, 3),
          "dependent": False}
ROUTING = "011000015"  # the Federal Reserve Bank of Boston: a real routing number with a good check digit


def retiring_member(*, married=False, system="SERS", years=12, **fields):
    """A claimed member of 61 with ``years`` of full-time biweekly pay to October 30, 2026 and an address."""
    structure = Member.Structure.DB_CLASSIFIED if system == "SERS" else Member.Structure.MIP_FIXED
    member = ClaimedMemberFactory(system=system, benefit_structure=structure,
                                  marital_status="MARRIED" if married else "SINGLE", **fields)
    biweekly_history(member, years=years)
    MailingAddressFactory(member=member)
    return member


def draft_application(member, **fields):
    """The member's open application, or a new draft for an RED of April 1, 2027 written as it is stored (the
    ownership sweeps need one for members without a record to retire on)."""
    existing = Application.objects.open().filter(member=member).first()
    if existing is not None:
        return existing
    application = Application.objects.create(
        member=member, reference=f"RA-2026-{Application.objects.count() + 900000 + member.pk:06d}",
        last_day_worked=LAST_DAY, eligible_on=LAST_DAY, retirement_effective_date=datetime.date(2027, 4, 1),
        provision="FULL_60_10", **fields)
    return application


def started(member, *, last_day=LAST_DAY):
    return services.start_application(member=member, last_day_worked=last_day, actor=member.user, today=TODAY)


def with_option(application, *, option="STRAIGHT_LIFE", beneficiary=None):
    member = application.member
    return services.save_option(member=member, application=application, option=option, beneficiary=beneficiary,
                                equated=False, social_security_fra=None, acknowledged=True, actor=member.user,
                                today=TODAY)


NO_WITHHOLDING = TaxAnswers(False, "SINGLE", Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0), False,
                            "SINGLE", 0, Decimal(0))


def every_step_done(application, *, option="STRAIGHT_LIFE", beneficiary=None, account="123456789"):
    member = application.member
    application = with_option(application, option=option, beneficiary=beneficiary)
    application = services.save_insurance(member=member, application=application, decision="DECLINE", plans={},
                                          dependents=[], actor=member.user, today=TODAY)
    application = services.save_tax(member=member, application=application, answers=NO_WITHHOLDING,
                                    actor=member.user)
    return services.save_deposit(member=member, application=application, routing_number=ROUTING,
                                 account_number=account, account_type="CHECKING", actor=member.user)
