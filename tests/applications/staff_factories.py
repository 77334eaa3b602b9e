"""Staff members of the review groups, signed in with a second factor as the admin requires (issue 19)."""

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from tests.factories import StaffUserFactory


def staff_in(group):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def recalculated(application, actor):
    """The application's final calculation as staff make it (the application being calculated), from twelve years of
    pay records when the member has none."""
    from applications.calculation import recalculate
    from pensions.models import PayPeriodReport
    from tests.pensions.factories import biweekly_history

    if not PayPeriodReport.objects.filter(member=application.member).exists():
        biweekly_history(application.member, years=12)
    return recalculate(application_id=application.pk, actor=actor)
