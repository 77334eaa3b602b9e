"""Option and beneficiary, the spousal waiver and the application's proofs (applications/rules/election.py, RULES §6,
§11a)."""

import pytest

from applications.rules.election import (
    BENEFICIARY_NEEDED,
    NO_BENEFICIARY_WITH_STRAIGHT_LIFE,
    SPOUSE_BUT_NOT_MARRIED,
    Proof,
    beneficiary_refusal,
    required_proofs,
    spousal_waiver_required,
)
from pensions.engine.beneficiaries import Relationship
from pensions.engine.option_factors import OptionName
from pensions.engine.plans import System

O, R = OptionName, Relationship


@pytest.mark.parametrize("married, option, relationship, required", [
    (True, O.SURVIVOR_100, R.SPOUSE, False),
    (True, O.SURVIVOR_75, R.SPOUSE, True),
    (True, O.SURVIVOR_50, R.SPOUSE, True),
    (True, O.STRAIGHT_LIFE, None, True),
    (True, O.SURVIVOR_100, R.CHILD, True),
    (False, O.STRAIGHT_LIFE, None, False),
    (False, O.SURVIVOR_100, R.CHILD, False),
    (False, O.SURVIVOR_50, R.PARENT, False),
])
def test_a_married_member_needs_a_waiver_unless_the_spouse_gets_the_100_percent_option(
        married, option, relationship, required):
    assert spousal_waiver_required(married=married, option=option, relationship=relationship) is required


def test_straight_life_unmarried_needs_only_the_members_age():
    assert required_proofs(married=False, option=O.STRAIGHT_LIFE, equated=False, waiver_required=False) == [
        Proof.MEMBER_AGE]


def test_every_proof_at_once_comes_in_name_order():
    assert [p.value for p in required_proofs(married=True, option=O.SURVIVOR_75, equated=True,
                                             waiver_required=True)] == [
        "BENEFICIARY_AGE", "MARRIAGE", "MEMBER_AGE", "SOCIAL_SECURITY_STATEMENT", "SPOUSAL_WAIVER"]


def test_married_straight_life_needs_marriage_and_waiver_but_no_beneficiary_age():
    assert required_proofs(married=True, option=O.STRAIGHT_LIFE, equated=False, waiver_required=True) == [
        Proof.MARRIAGE, Proof.MEMBER_AGE, Proof.SPOUSAL_WAIVER]


@pytest.mark.parametrize("system, option, relationship, married, refusal", [
    (System.SERS, O.STRAIGHT_LIFE, R.SPOUSE, True, NO_BENEFICIARY_WITH_STRAIGHT_LIFE),
    (System.SERS, O.SURVIVOR_50, None, True, BENEFICIARY_NEEDED),
    (System.SERS, O.SURVIVOR_100, R.SPOUSE, False, SPOUSE_BUT_NOT_MARRIED),
])
def test_option_and_beneficiary_that_do_not_go_together_are_refused(system, option, relationship, married, refusal):
    assert beneficiary_refusal(system=system, option=option, relationship=relationship, married=married) == refusal


def test_a_grandchild_can_be_a_sers_survivor_but_not_an_mpsers_one():
    assert beneficiary_refusal(system=System.SERS, option=O.SURVIVOR_75, relationship=R.GRANDCHILD,
                               married=False) is None
    refusal = beneficiary_refusal(system=System.MPSERS, option=O.SURVIVOR_75, relationship=R.GRANDCHILD,
                                  married=False)
    assert refusal == "A MPSERS survivor beneficiary must be one of: CHILD, PARENT, SIBLING, SPOUSE."
