"""Submitted retirement applications as they are stored, for the pages after submission (issue 17 items 4, 5): the
answers of the five steps filled in directly, signed and submitted, so these tests do not depend on the step pages;
proofs uploaded and reviewed through the services, as members and staff do it."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Member
from applications import submitted_services
from applications.models import Application
from applications.rules.election import spousal_waiver_required
from pensions.engine.beneficiaries import Relationship
from pensions.engine.option_factors import OptionName
from tests.accounts.messaging_factories import clean_png
from tests.factories import ClaimedMemberFactory, StaffUserFactory

SUBMITTED_AT = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC)
LAST_DAY = datetime.date(2027, 3, 31)
RED = datetime.date(2027, 4, 1)
ACCOUNT = "123456789"
ROUTING = "011000015"


def submitted_application(member=None, *, married=False, option="STRAIGHT_LIFE", beneficiary_relationship=None,
                          equated=False, dependents=(), plan=None, state=Application.State.SUBMITTED,
                          account=ACCOUNT, red=RED, last_day=LAST_DAY, submitted_at=SUBMITTED_AT):
    """A submitted application: straight life, no insurance, no withholding, deposit to a checking account unless
    told otherwise; ``dependents`` (with ``plan``) enrols them at retirement."""
    member = member or ClaimedMemberFactory(marital_status="MARRIED" if married else "SINGLE")
    if married and member.marital_status != Member.MaritalStatus.MARRIED:
        member.marital_status = Member.MaritalStatus.MARRIED
        member.save(update_fields=["marital_status"])
    survivor = option != "STRAIGHT_LIFE"
    relationship = beneficiary_relationship or ("SPOUSE" if survivor else "")
    waiver = spousal_waiver_required(married=married, option=OptionName(option),
                                     relationship=Relationship(relationship) if relationship else None)
    application = Application.objects.create(
        member=member, state=state, reference=f"RA-2026-{member.pk + 700000:06d}",
        last_day_worked=last_day, eligible_on=last_day, retirement_effective_date=red, provision="FULL_60_10",
        option=option, beneficiary_name="Jordan Member" if survivor else "", beneficiary_relationship=relationship,
        beneficiary_birth_date=datetime.date(1967, 2, 3) if survivor else None, equated=equated,
        social_security_fra=Decimal("1800.00") if equated else None,
        irrevocable_acknowledged_at=submitted_at, spousal_waiver_required=waiver, option_red=red,
        option_factor=Decimal("0.9100") if survivor else Decimal(1), option_monthly=Decimal("2412.50"),
        option_survivor_monthly=Decimal("1097.69") if survivor else Decimal(0), option_saved_at=submitted_at,
        insurance_decision="ENROL" if dependents or plan else "DECLINE", health_plan=plan, insurance_red=red,
        insurance_coverage_begins=red if plan else None,
        insurance_member_share=Decimal("183.40") if plan else None, insurance_saved_at=submitted_at,
        federal_withhold=False, michigan_withhold=False, tax_saved_at=submitted_at,
        deposit_routing_number=ROUTING, deposit_account_number=account, deposit_account_last4=account[-4:],
        deposit_account_type="CHECKING", deposit_saved_at=submitted_at,
        esign_consented_at=submitted_at, declaration_accepted_at=submitted_at, signature=member.full_name,
        submitted_at=submitted_at, withdrawn_at=submitted_at if state == Application.State.WITHDRAWN else None)
    if dependents:
        application.insurance_dependents.set(dependents)
    application.member = member
    return application


def upload(application, item_key, *, today=None):
    member = application.member
    return submitted_services.upload_proof(member=member, application=application, item_key=item_key,
                                           clean_file=clean_png(), actor=member.user,
                                           today=today or timezone.localdate())


def review(proof, *, accept=True, reason=""):
    return submitted_services.review_application_proof(proof_id=proof.pk, accept=accept, reason=reason,
                                                       actor=StaffUserFactory())

