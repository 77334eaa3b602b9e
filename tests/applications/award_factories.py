"""Awarded applications as staff make them (issue 19): reviewed, calculated from the member's pay records by one
reviewer, approved by a supervisor, and their award letter written."""

from django.utils import timezone

from applications import staff_services
from applications.award import produce_award_letter
from applications.models import AwardLetter, FinalCalculation, Waiver
from tests.applications.application_factories import submitted_application
from tests.applications.staff_factories import recalculated, staff_in
from tests.applications.waiver_factories import stored_waiver


def calculated(application, reviewer=None, *, like=None):
    """The application being calculated, its latest calculation made by ``reviewer``; returns the calculation.
    ``like``: a copy of that calculation instead of a recalculation (a member whose records are the same: the fault
    tests set up hundreds in seconds)."""
    reviewer = reviewer or staff_in("Reviewer")
    staff_services.start_review(application_id=application.pk, actor=reviewer)
    if application.spousal_waiver_required:  # the approved waiver comes first (RULES §6)
        now = timezone.now()
        stored_waiver(application, state=Waiver.State.APPROVED, spouse_consented_at=now, spouse_signature="Spouse",
                      spouse_signed_at=now, applicant_consented_at=now, applicant_signature="Member",
                      applicant_signed_at=now, completed_at=now, reviewed_at=now, reviewed_by=reviewer)
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    if like is not None:
        return FinalCalculation.objects.create(application=application, version=1, calculated_by=reviewer,
                                               facts=like.facts, result=like.result)
    return recalculated(application, reviewer)


def approved(application=None, **answers):
    """A submitted application (``answers`` as ``submitted_application`` takes them) calculated and approved; returns
    its approved calculation (no letter yet: the task runs on commit)."""
    application = application or submitted_application(**answers)
    calculation = calculated(application)
    staff_services.approve_award(application_id=application.pk, actor=staff_in("Supervisor"))
    calculation.refresh_from_db()
    return calculation


def awarded_letter(application=None, **answers) -> AwardLetter:
    calculation = approved(application, **answers)
    produce_award_letter(calculation_id=calculation.pk)
    return AwardLetter.objects.get(calculation=calculation)
