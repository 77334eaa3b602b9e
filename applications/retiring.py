"""Becoming a retiree (RULES §11: the office "puts the member on the pension payroll"; issue 19 item 6): on or after
the RED of an awarded application whose award letter is written, the member's status becomes retired — once, by the
beat job ``applications.tasks.make_retirees_task`` — and their insurance profile takes the awarded figures the
retiree's pages read (the RED, the monthly pension, the service). From then the member's portal is a retiree's
(``portal.member_portal``): the dashboard shows the pension paid instead of estimates and the application.

Exactly once: the member's row is locked and only an active or deferred member moves, so a job run twice, or two at
once, retires nobody twice; the audit entry and the member's notice (outbox, unique key) commit with the move.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.audit import audit
from accounts.models import Member
from applications.award import NOT_REGULAR_AGE_AND_SERVICE
from applications.models import Application, AwardLetter
from applications.notices import notify_member
from insurance.models import InsuranceProfile

RETIRING_FROM = (Member.Status.ACTIVE, Member.Status.DEFERRED)


def due(*, today: date):
    """The awarded applications whose RED has come, whose award letter is written and whose member is not yet
    retired."""
    return (Application.objects.filter(state=Application.State.AWARDED, retirement_effective_date__lte=today,
                                       member__status__in=RETIRING_FROM,
                                       calculations__award_letter__isnull=False)
            .distinct().order_by("pk"))


def make_retirees(*, today: date) -> int:
    """Retire every member due on ``today``; returns how many this run retired."""
    return sum(retire(application_id=pk) for pk in due(today=today).values_list("pk", flat=True))


def retire(*, application_id) -> bool:
    """Make the member of this awarded application a retiree, from its latest award letter, once; False when they
    already are one."""
    with transaction.atomic():
        application = Application.objects.get(pk=application_id)
        member = Member.objects.select_for_update().get(pk=application.member_id)
        if member.status not in RETIRING_FROM:
            return False
        letter = (AwardLetter.objects.filter(calculation__application=application).select_related("calculation")
                  .order_by("-calculation__version").first())
        result = letter.calculation.result
        before = member.status
        member.status = Member.Status.RETIRED
        member.save(update_fields=["status"])  # the dashboard's cache moves on (accounts.signals)
        InsuranceProfile.objects.update_or_create(member=member, defaults={
            "retirement_effective_date": application.retirement_effective_date,
            "monthly_pension": Decimal(letter.content["monthly"]["gross"]),
            "years_of_service": Decimal(result["yos"]),
            "meets_regular_age_and_service": result["eligibility"]["provision"] not in NOT_REGULAR_AGE_AND_SERVICE,
        })
        audit(actor=None, member=member, action="accounts.member.retired", target=f"member:{member.pk}",
              data={"from": before, "to": Member.Status.RETIRED, "application": application.pk,
                    "award_letter": letter.pk, "red": application.retirement_effective_date.isoformat()})
        notify_member(member=member, dedupe_key=f"applications:retired:{member.pk}", template="retired",
                      context={"application": application})
    return True
