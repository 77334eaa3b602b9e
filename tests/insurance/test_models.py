"""The insurance models: choices carry the rules' values, and the database refuses what the rules never allow."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.db.models import TextChoices

from accounts.models import Member
from insurance import models
from insurance.rules.catalogue import CoverageTier, MedicareMix, ServiceArea
from insurance.rules.dependents import Relation, StudentStatus
from insurance.rules.effective_dates import CoverageRule, Situation
from insurance.rules.enrolment import MemberStatus
from insurance.rules.proofs import Proof, QualifyingEvent, required_proofs
from insurance.rules.subsidy import HealthcarePlan
from pensions.engine.plans import System
from pensions.models import System as PensionSystem
from tests.insurance.factories import DependentFactory, PlanFactory, ProofFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("choices", "enum"), [
    (models.Relation, Relation), (models.StudentStatus, StudentStatus), (models.ProofKind, Proof),
    (models.Situation, Situation), (models.QualifyingEvent, QualifyingEvent),
    (models.Tier, CoverageTier), (models.MedicareMix, MedicareMix),
    (models.ServiceArea, ServiceArea), (models.CoverageRule, CoverageRule),
])
def test_every_choice_is_a_value_of_the_rules_enum_and_back(choices, enum):
    assert issubclass(choices, TextChoices)
    assert set(choices.values) == {member.value for member in enum}


@pytest.mark.parametrize(("choices", "enum"), [
    (Member.Status, MemberStatus), (Member.HealthcarePlan, HealthcarePlan), (PensionSystem, System),
])
def test_the_member_choices_the_rules_read_are_values_of_their_enums_and_back(choices, enum):
    assert set(choices.values) == {member.value for member in enum}


def test_an_hmo_cannot_be_offered_outside_michigan():
    with pytest.raises(IntegrityError):
        PlanFactory(kind=models.PlanKind.HEALTH_HMO, service_area=models.ServiceArea.NATIONWIDE)


def test_a_rejected_proof_always_has_a_reason():
    proof = ProofFactory()
    proof.status = models.Proof.Status.REJECTED
    with pytest.raises(IntegrityError):
        proof.save()


def test_only_a_spouse_has_a_divorce_date():
    with pytest.raises(IntegrityError):
        DependentFactory(relation=models.Relation.CHILD, divorce_date=datetime.date(2020, 1, 1))


def test_the_medicare_number_is_stored_encrypted_and_shown_masked():
    dependent = DependentFactory(medicare_number="1EG4TE5MK73")
    with connection.cursor() as cursor:
        cursor.execute("SELECT medicare_number FROM insurance_dependent WHERE id = %s", [dependent.pk])
        stored = cursor.fetchone()[0]
    assert "1EG4TE5MK73" not in stored and stored.startswith("v1:")
    assert models.Dependent.objects.get(pk=dependent.pk).masked_medicare_number == "••••-•••-MK73"


def test_a_dependent_reads_as_the_rules_dependent():
    dependent = DependentFactory(relation=models.Relation.CHILD, student=models.StudentStatus.HALF_TIME,
                                 birth_date=datetime.date(2004, 5, 6), dependent_for_support=True)
    as_rule = dependent.as_rule()
    assert as_rule.relation is Relation.CHILD and as_rule.student is StudentStatus.HALF_TIME
    assert as_rule.birth_date == datetime.date(2004, 5, 6) and as_rule.dependent_for_support


def test_medicare_on_file_counts_as_other_coverage_for_the_proofs():
    dependent = DependentFactory(medicare_part_a=datetime.date(2030, 2, 1), medicare_part_b=datetime.date(2030, 2, 1))
    assert dependent.as_rule().has_other_coverage
    assert Proof.OTHER_COVERAGE_DETAILS in required_proofs(
        system=System.SERS, dependent=dependent.as_rule(), on=datetime.date(2030, 3, 1))
