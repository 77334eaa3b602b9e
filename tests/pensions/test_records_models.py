"""The record's invariants are the database's (pensions.models constraints), and staff groups may read it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from pensions.models import CreditCategory, CreditType, PayPeriodReport
from tests.factories import MemberFactory
from tests.pensions.factories import ServiceCreditEntryFactory, biweekly_history

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_act88_service_is_only_ever_its_own_category():
    member = MemberFactory()
    refused(lambda: ServiceCreditEntryFactory(member=member, category=CreditCategory.PURCHASED,
                                              credit_type=CreditType.RECIPROCAL))
    refused(lambda: ServiceCreditEntryFactory(member=member, category=CreditCategory.ACT_88,
                                              credit_type=CreditType.UNIVERSAL_BUY_IN))
    assert ServiceCreditEntryFactory(member=member, category=CreditCategory.ACT_88,
                                     credit_type=CreditType.RECIPROCAL).eligibility_only


def test_a_period_is_never_credited_more_than_its_hours_and_is_reported_once():
    member = MemberFactory()
    period = biweekly_history(member, years=1)[0]
    refused(lambda: PayPeriodReport.objects.filter(pk=period.pk).update(credited_hours=Decimal(81)))
    duplicate = PayPeriodReport(member=member, employer_id=member.employer_id, period_start=period.period_start,
                                period_end=period.period_end, pay_cycle="BIWEEKLY", fiscal_year=period.fiscal_year)
    refused(duplicate.save)


def test_a_period_cannot_end_before_it_starts_and_a_leave_payout_needs_hours():
    member = MemberFactory()
    day = datetime.date(2020, 1, 10)
    base = dict(member=member, employer_id=member.employer_id, pay_cycle="BIWEEKLY", fiscal_year=2020)
    refused(lambda: PayPeriodReport.objects.create(period_start=day, period_end=day - datetime.timedelta(days=1), **base))
    refused(lambda: PayPeriodReport.objects.create(period_start=day, period_end=day, annual_leave_payout=Decimal(10),
                                                   **base))


def test_reviewers_and_supervisors_may_view_the_records():
    for name in ("Reviewer", "Supervisor"):
        codes = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert {"view_payperiodreport", "view_servicecreditentry", "view_contributionyear", "view_refund"} <= codes
        assert "change_payperiodreport" not in codes
