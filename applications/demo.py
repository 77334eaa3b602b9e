"""Demo retirement applications (issue 17 item 7), written through the services like a member's pages write them:
Margaret Alvarez (SERS, married) has a draft in progress for her planned retirement — step 1 done (50% survivor to
her husband, so the spousal waiver is needed) and step 3 (married filing jointly), insurance and direct deposit
still to do. The submitted applications come from the after-submission part of the demo."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.demo_people import PLANNED_RETIREMENT, spouse_of
from accounts.models import Member
from applications import selectors, services
from applications.models import Application
from applications.selectors import TaxAnswers
from portal.errors import ServiceError

ZERO = Decimal(0)
DRAFT_MEMBER = "10000001"  # Margaret Alvarez, planning to retire (accounts.demo_people)


def seed_applications(stdout):
    member = Member.objects.select_related("user").get(member_id=DRAFT_MEMBER)
    if Application.objects.filter(member=member).exists():
        return
    today = timezone.localdate()
    last_day = max(PLANNED_RETIREMENT[DRAFT_MEMBER] - timedelta(days=1), today)
    spouse = spouse_of(DRAFT_MEMBER)
    try:
        draft = services.start_application(member=member, last_day_worked=last_day, actor=None, today=today)
        draft = services.save_option(
            member=member, application=draft, option=Application.Option.SURVIVOR_50,
            beneficiary={"name": spouse.full_name, "relationship": "SPOUSE", "birth_date": spouse.birth_date},
            equated=False, social_security_fra=None, acknowledged=True, actor=None, today=today)
        services.save_tax(member=member, application=draft, actor=None, answers=TaxAnswers(
            True, "MARRIED_JOINT", ZERO, ZERO, ZERO, ZERO, ZERO, True, "MARRIED_JOINT", 2, ZERO))
    except ServiceError as error:  # the demo's dates moved past what the record allows: say so, seed the rest
        stdout.write(f"No demo draft application for {member.full_name}: {error.message}")
        return
    stdout.write(f"Demo draft retirement application {draft.reference} for {member.full_name} "
                 f"({len(selectors.required_proofs(draft))} proofs will be asked for).")
