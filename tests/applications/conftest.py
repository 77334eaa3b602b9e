"""Fixtures shared by the retirement application's tests."""

from decimal import Decimal

import pytest

from insurance.models import Tier
from tests.insurance.factories import PlanFactory, PremiumRateFactory, SubsidyRuleFactory


@pytest.fixture
def plan():
    """A health plan priced for every tier in fiscal year 2027, with the SERS subsidy rule (the insurance step's and
    the enrolment at retirement's)."""
    plan = PlanFactory()
    for tier in Tier:
        PremiumRateFactory(plan=plan, fiscal_year=2027, tier=tier.value, monthly_premium=Decimal("600.00"))
    SubsidyRuleFactory(system="SERS")
    return plan
