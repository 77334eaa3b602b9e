"""Who may be a beneficiary (pensions.engine.beneficiaries; RULES §6, §14)."""

from datetime import date
from decimal import Decimal

import pytest

from pensions.engine import beneficiaries as rules
from pensions.engine.beneficiaries import Relationship as R
from pensions.engine.plans import System

TODAY = date(2026, 11, 23)


def refusal(system, relationship, *, born=date(1980, 1, 1), dependent=False):
    return rules.survivor_refusal(system=system, relationship=relationship, birth_date=born, dependent=dependent,
                                  today=TODAY)


@pytest.mark.parametrize("relationship", [R.SPOUSE, R.CHILD, R.GRANDCHILD, R.SIBLING, R.PARENT])
def test_sers_accepts_the_family_members_of_rules_6(relationship):
    assert refusal(System.SERS, relationship) is None


@pytest.mark.parametrize("system", list(System))
@pytest.mark.parametrize("entity", [R.TRUST, R.ESTATE, R.ORGANIZATION])
def test_a_legal_entity_is_never_a_survivor_beneficiary(system, entity):
    assert refusal(system, entity).reason == rules.NOT_AN_ENTITY


def test_mpsers_accepts_a_minor_child_and_dependent_adults_only():
    assert refusal(System.MPSERS, R.SPOUSE) is None
    assert refusal(System.MPSERS, R.CHILD, born=date(2010, 1, 1)) is None
    assert refusal(System.MPSERS, R.CHILD).reason == rules.MPSERS_RELATION
    assert refusal(System.MPSERS, R.CHILD, dependent=True) is None
    assert refusal(System.MPSERS, R.PARENT, dependent=True) is None
    assert refusal(System.MPSERS, R.GRANDCHILD, dependent=True).reason == rules.MPSERS_RELATION


def test_refund_shares_must_add_up_to_exactly_100():
    assert rules.shares_refusal([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]) is None
    assert rules.shares_refusal([Decimal(50), Decimal("49.99")]).reason.endswith("they add up to 99.99%.")


def test_deferred_members_need_a_designation_on_file_at_termination_and_retirees_cannot_change():
    assert rules.designation_refusal(status="ACTIVE", had_survivor_at_termination=False) is None
    assert rules.designation_refusal(status="DEFERRED", had_survivor_at_termination=True) is None
    assert rules.designation_refusal(status="DEFERRED", had_survivor_at_termination=False).reason == \
        rules.NO_DESIGNATION_AT_TERMINATION
    assert rules.designation_refusal(status="RETIRED", had_survivor_at_termination=True).reason == rules.RETIRED
