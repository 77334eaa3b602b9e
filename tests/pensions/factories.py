"""Factories for the member's record: pay periods (through the engine's ledger crediting), other credit,
contribution years."""

import datetime
import itertools
from decimal import Decimal

import factory

from pensions import facts
from pensions.engine.service import fiscal_year_of
from pensions.models import ContributionYear, CreditCategory, CreditType, PayPeriodReport, ServiceCreditEntry
from pensions.services import credit_periods

TWO_WEEKS = datetime.timedelta(days=14)


def biweekly_history(member, *, years, last_end=datetime.date(2026, 10, 30), hours=Decimal(80),
                     gross=Decimal("2000.00")):
    """`years` years of full biweekly pay periods ending on `last_end`, credited like the loader credits them."""
    count = 26 * years
    first_start = last_end - TWO_WEEKS * count + datetime.timedelta(days=1)
    system = facts.system_of(member)
    periods = []
    for n in range(count):
        start = first_start + TWO_WEEKS * n
        end = start + TWO_WEEKS - datetime.timedelta(days=1)
        periods.append(PayPeriodReport(member=member, employer_id=member.employer_id, period_start=start,
                                       period_end=end, pay_cycle="BIWEEKLY", regular_hours=hours,
                                       gross_wages=gross, fiscal_year=fiscal_year_of(end, system)))
    credit_periods(periods, system)
    return PayPeriodReport.objects.bulk_create(periods)


class ServiceCreditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceCreditEntry

    category = CreditCategory.PURCHASED
    credit_type = CreditType.UNIVERSAL_BUY_IN
    years = Decimal("1.0000")
    credited_on = datetime.date(2015, 6, 1)
    fiscal_year = 2015


class ContributionYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionYear

    fiscal_year = factory.Sequence(lambda n: 2000 + n)
    wages = Decimal("52000.00")
    member_contributions = Decimal("2080.00")
    interest_rate = Decimal("0.0350")
    interest_credited = Decimal("100.00")
    ending_balance = Decimal("10000.00")


def name_survivor(member, *, name="Jordan Member", relationship="SPOUSE", birth_date=datetime.date(1967, 2, 3),
                  dependent=False, trustee_of=""):
    """A survivor pension designation made as the member makes it: through the service."""
    from pensions import services

    return services.designate_survivor(member=member, actor=member.user, person={
        "name": name, "relationship": relationship, "birth_date": birth_date, "dependent": dependent,
        "trustee_of": trustee_of, "share": None})


def name_refund_beneficiaries(member, people=(("Sam Member", "CHILD", Decimal(60)), ("Lee Member", "CHILD", Decimal(40)))):
    from pensions import services

    return services.designate_refund_beneficiaries(member=member, actor=member.user, people=[
        {"name": name, "relationship": relationship, "birth_date": None, "dependent": False, "trustee_of": "",
         "share": share} for name, relationship, share in people])


ESTIMATE_CHOICES = {"retirement_effective_date": "2031-06-01", "retirement_type": "SERVICE",
                    "beneficiary_birth_date": "1966-08-09", "projected_wage_increase": "2", "projected_yos": "4.5"}


_estimate_names = itertools.count(1)


def saved_estimate(member, *, name=None, choices=None):
    """A saved estimate as the member saves one: through the service, from a short record if they have none."""
    from pensions import services

    if not PayPeriodReport.objects.filter(member=member).exists():
        biweekly_history(member, years=2)
    return services.save_estimate(member=member, name=name or f"Estimate {next(_estimate_names)}", choices=dict(choices or ESTIMATE_CHOICES),
                                  actor=member.user)


def purchase_request(member, *, credit_type="UNIVERSAL_BUY_IN", years=Decimal("1.0000"), payment_method="DIRECT",
                     rollover_source=""):
    """A billing-statement request as the member makes it, its statement made by the task enqueued on commit."""
    from django.test import TestCase

    from pensions import services

    if not PayPeriodReport.objects.filter(member=member).exists():
        biweekly_history(member, years=12)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.request_billing_statement(member=member, credit_type=credit_type, years=years,
                                                  payment_method=payment_method, rollover_source=rollover_source,
                                                  actor=member.user, today=datetime.date(2026, 11, 23))
