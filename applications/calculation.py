"""The final calculation of a submitted application's pension (RULES §11: "ORS collects the final payroll from the
employer, recalculates"; issue 19 item 3), made by staff while the application is being calculated.

The engine is given what the member's own estimate gives it (``applications.selectors.estimate_input``: the actual
pay records and other credit, as ``manage.py estimate`` reads them) with the application's answers — RED, last day
worked, the day it was submitted, the beneficiary's birth date, the equated plan on the Social Security estimate —
and both the input and the output are kept, so ``manage.py estimate`` reproduces every version.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import audit
from applications import selectors
from applications.models import Application, FinalCalculation, Milestone
from applications.submitted_services import record_milestone
from pensions.selectors import EstimateRefused, run_estimate
from portal.errors import ServiceError

NOT_CALCULATING = "Recalculate once the calculation has been started (the application is being calculated)."
ENGINE_REFUSED = "The member's record cannot be calculated: {reason}"


class CalculationError(ServiceError):
    """The recalculation was refused; ``message`` is for the staff member."""


def calculation_facts(application) -> dict:
    """The engine's input for the application as it stands, from the member's actual records (raises
    ``EstimateRefused`` when they cannot be estimated)."""
    member = application.member
    choices = selectors.option_choices(
        member, beneficiary_birth_date=application.beneficiary_birth_date,
        social_security_fra=application.social_security_fra if application.equated else None)
    return selectors.estimate_input(member, red=application.retirement_effective_date,
                                    last_day=application.last_day_worked,
                                    today=timezone.localdate(application.submitted_at), **choices)


def recalculate(*, application_id, actor, today=None, ip_address=None) -> FinalCalculation:
    """Calculate the pension from the member's actual records and keep it as the application's next version; only
    while the application is being calculated. Audited; the first calculation is a milestone on the member's
    timeline, dated ``today``, and its notice tells them (without figures)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).select_related("member").get(
            pk=application_id)
        if application.state != Application.State.CALCULATING:
            raise CalculationError(NOT_CALCULATING)
        try:
            facts = calculation_facts(application)
            result = run_estimate(facts)
        except EstimateRefused as error:
            raise CalculationError(ENGINE_REFUSED.format(reason=error.message)) from None
        last = application.calculations.aggregate(last=Max("version"))["last"] or 0
        # The application server's clock, as for the calculation's start it is compared with (the database's
        # Now() is the transaction's start).
        calculation = FinalCalculation.objects.create(application=application, version=last + 1,
                                                      calculated_by=actor, calculated_at=timezone.now(),
                                                      facts=facts, result=result)
        audit(actor=actor, member=application.member, action="applications.application.recalculated",
              target=f"application:{application.pk}", ip_address=ip_address,
              data={"version": calculation.version, "calculation": calculation.pk})
        # The member's timeline shows the first calculation's day, and the milestone's notice tells them once.
        record_milestone(application_id=application.pk, kind=Milestone.Kind.CALCULATED, on=today, actor=actor)
    return calculation


def latest_calculation(application) -> FinalCalculation | None:
    """The application's latest version (the one an approval approves), or None before the first."""
    return application.calculations.select_related("calculated_by", "approved_by").order_by("-version").first()
