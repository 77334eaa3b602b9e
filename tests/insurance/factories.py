"""factory_boy factories of the insurance app. Sub-factories name the shared ones by path, so tests/factories.py can
use these without an import cycle. Submitted enrolments are made through the service, never by hand, so their
date and rule always come from insurance/rules/."""

import datetime
from decimal import Decimal

import factory

from insurance import selectors, services
from insurance.models import (
    Carrier,
    Dependent,
    Enrolment,
    InsuranceProfile,
    LifeBeneficiary,
    Plan,
    PlanKind,
    PremiumRate,
    Proof,
    ProofKind,
    Relation,
    ServiceArea,
    Situation,
    SubsidyRule,
)

MEMBER = "tests.factories.ClaimedMemberFactory"


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Carrier {n}")
    phone = "800-555-0100"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    carrier = factory.SubFactory(CarrierFactory)
    kind = PlanKind.HEALTH_PPO
    name = factory.Sequence(lambda n: f"Plan {n}")
    code = factory.Sequence(lambda n: f"plan-{n}")
    service_area = ServiceArea.NATIONWIDE


class PremiumRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PremiumRate

    plan = factory.SubFactory(PlanFactory)
    fiscal_year = 2027
    tier = "ONE_PERSON"
    medicare = "NONE"
    monthly_premium = Decimal("600.00")


class SubsidyRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubsidyRule
        django_get_or_create = ["system"]

    system = "SERS"


class InsuranceProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuranceProfile
        django_get_or_create = ["member"]

    member = factory.SubFactory(MEMBER)


class DependentFactory(factory.django.DjangoModelFactory):
    """A spouse by default."""

    class Meta:
        model = Dependent

    member = factory.SubFactory(MEMBER)
    first_name = factory.Sequence(lambda n: f"Jordan{n}")
    last_name = "Member"
    relation = Relation.SPOUSE
    birth_date = datetime.date(1966, 2, 14)


class ChildFactory(DependentFactory):
    relation = Relation.CHILD
    first_name = factory.Sequence(lambda n: f"Riley{n}")
    birth_date = datetime.date(2012, 6, 15)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A draft: what the member chose, not yet submitted."""

    class Meta:
        model = Enrolment

    member = factory.SubFactory(MEMBER)
    situation = Situation.VOLUNTARY
    health_plan = factory.SubFactory(PlanFactory)


class ProofFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proof

    member = factory.SubFactory(MEMBER)
    dependent = factory.SubFactory(DependentFactory, member=factory.SelfAttribute("..member"))
    kind = ProofKind.MARRIAGE_CERTIFICATE
    document = factory.SubFactory("tests.factories.DocumentFactory", member=factory.SelfAttribute("..member"),
                                  kind="UPLOAD", title="Marriage certificate")
    received_on = factory.LazyFunction(datetime.date.today)


class LifeBeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeBeneficiary

    member = factory.SubFactory(MEMBER)
    kind = LifeBeneficiary.Kind.PERSON
    name = factory.Sequence(lambda n: f"Casey Beneficiary {n}")
    relationship = "Sibling"
    share_percent = Decimal("50")


def enrol_at_retirement(member, *, retirement_effective_date, dependents=(), plans=None, received=None):
    """A submitted enrolment made the way the retirement application makes it (documents in a month early)."""
    plans = plans or {"health_plan": PlanFactory()}
    received = received or retirement_effective_date - datetime.timedelta(days=45)
    shown = selectors.at_retirement_preview(member=member, retirement_effective_date=retirement_effective_date,
                                            dependents=list(dependents), documents_received=received)
    return services.enrol_at_retirement(member=member, retirement_effective_date=retirement_effective_date,
                                        plans=plans, dependents=list(dependents), documents_received=received,
                                        shown_coverage_begins=shown.coverage_begins, actor=None)
