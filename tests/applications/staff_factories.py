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


def final_pay_report(application, *, last_end=None, name="final-pay.csv"):
    """The employer's final pay report for the application's member, as a checked upload (``ReportFile``): one
    biweekly period of 80 hours ending on ``last_end`` (the last day worked unless told otherwise), from the member's
    factory data."""
    import datetime

    from pensions.report_file import ReportFile

    member = application.member
    end = last_end or application.last_day_worked
    start = end - datetime.timedelta(days=13)
    csv = ("member_id,employer_code,period_start,period_end,pay_cycle,regular_hours,gross_wages\n"
           f"{member.member_id},{member.employer.code},{start},{end},BIWEEKLY,80.00,2412.50\n")
    return ReportFile(content=csv.encode(), name=name)
