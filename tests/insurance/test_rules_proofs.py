"""The proofs each dependent needs (RULES §10 "Proofs"; [002] "Dependent eligibility proofs") and the proofs of
each qualifying event ([002] step 3 table; RULES §10 "Qualifying events and proofs")."""

from datetime import date

import pytest

from insurance.rules.dependents import Dependent, Relation, StudentStatus
from insurance.rules.proofs import (
    PROOF_DESCRIPTIONS,
    Proof,
    QualifyingEvent,
    physician_statement_is_current,
    qualifying_event_proofs,
    required_proofs,
)
from pensions.engine.plans import System

ON = date(2023, 6, 15)


def proofs(dependent, system=System.SERS, on=ON):
    return required_proofs(system=system, dependent=dependent, on=on)


def test_a_spouse_needs_the_marriage_certificate_and_the_spouses_birth_certificate():
    spouse = Dependent(Relation.SPOUSE, date(1960, 1, 1))
    assert proofs(spouse) == (Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE)


def test_a_child_under_19_needs_only_the_birth_certificate():
    assert proofs(Dependent(Relation.CHILD, date(2010, 1, 1))) == (Proof.CHILD_BIRTH_CERTIFICATE,)


def test_a_child_the_day_before_the_19th_birthday_needs_no_dependency_proof():
    child = Dependent(Relation.CHILD, date(2004, 6, 16))  # turns 19 on 2023-06-16
    assert Proof.FORM_1040_FIRST_PAGE not in proofs(child)


def test_a_student_aged_19_needs_the_form_1040_page_and_school_records():
    student = Dependent(
        Relation.CHILD, date(2004, 6, 15), student=StudentStatus.HALF_TIME, dependent_for_support=True
    )
    assert proofs(student) == (
        Proof.CHILD_BIRTH_CERTIFICATE,
        Proof.FORM_1040_FIRST_PAGE,
        Proof.SCHOOL_ATTENDANCE_RECORDS,
    )


def test_a_disabled_child_aged_19_or_more_needs_the_physicians_statement_and_the_form_1040_page():
    disabled = Dependent(Relation.CHILD, date(1990, 1, 1), disabled=True, dependent_for_support=True)
    assert proofs(disabled) == (
        Proof.CHILD_BIRTH_CERTIFICATE,
        Proof.FORM_1040_FIRST_PAGE,
        Proof.PHYSICIAN_DISABILITY_STATEMENT,
    )


def test_a_disabled_child_under_19_needs_no_physicians_statement_yet():
    disabled = Dependent(Relation.CHILD, date(2010, 1, 1), disabled=True, dependent_for_support=True)
    assert Proof.PHYSICIAN_DISABILITY_STATEMENT not in proofs(disabled)


@pytest.mark.parametrize("relation", [Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD])
def test_an_adopted_or_guardianship_child_needs_the_court_papers_or_placement_statement(relation):
    assert proofs(Dependent(relation, date(2012, 1, 1))) == (
        Proof.CHILD_BIRTH_CERTIFICATE,
        Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS,
    )


def test_a_stepchild_needs_the_marriage_certificate_and_the_birth_certificate():
    assert proofs(Dependent(Relation.STEPCHILD, date(2012, 1, 1))) == (
        Proof.MARRIAGE_CERTIFICATE,
        Proof.CHILD_BIRTH_CERTIFICATE,
    )


def test_anyone_with_other_coverage_including_medicare_needs_the_other_plans_details():
    spouse = Dependent(Relation.SPOUSE, date(1955, 1, 1), has_other_coverage=True)
    assert proofs(spouse)[-1] is Proof.OTHER_COVERAGE_DETAILS


def test_an_mpsers_full_time_student_needs_the_same_dependency_proofs():
    student = Dependent(
        Relation.CHILD, date(2001, 1, 1), student=StudentStatus.FULL_TIME, dependent_for_support=True
    )
    assert proofs(student, system=System.MPSERS) == (
        Proof.CHILD_BIRTH_CERTIFICATE,
        Proof.FORM_1040_FIRST_PAGE,
        Proof.SCHOOL_ATTENDANCE_RECORDS,
    )


def test_an_mpsers_parent_needs_the_relationship_and_residence_documents_the_office_asks_for():
    parent = Dependent(Relation.PARENT, date(1940, 1, 1), lives_in_household=True)
    assert proofs(parent, system=System.MPSERS) == (Proof.PARENT_RELATIONSHIP_AND_RESIDENCE,)


def test_every_proof_has_a_description_for_the_member():
    assert set(PROOF_DESCRIPTIONS) == set(Proof)


def test_the_school_records_description_requires_the_schools_name():
    assert "school's name" in PROOF_DESCRIPTIONS[Proof.SCHOOL_ATTENDANCE_RECORDS]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (QualifyingEvent.INVOLUNTARY_LOSS_OF_COVERAGE, (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,)),
        (QualifyingEvent.MARRIAGE, (Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE)),
        (QualifyingEvent.BIRTH, (Proof.CHILD_BIRTH_CERTIFICATE,)),
        (QualifyingEvent.ADOPTION, (Proof.ADOPTION_PAPERS,)),
        (QualifyingEvent.DEATH, (Proof.DEATH_CERTIFICATE,)),
        (QualifyingEvent.DIVORCE, (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,)),
    ],
)
def test_each_qualifying_event_asks_for_the_proofs_the_workbook_lists(event, expected):
    assert qualifying_event_proofs(event) == expected


def test_a_physicians_statement_dated_exactly_six_months_ago_is_still_current():
    assert physician_statement_is_current(statement_date=date(2022, 12, 15), on=ON)


def test_a_physicians_statement_dated_six_months_and_one_day_ago_is_too_old():
    assert not physician_statement_is_current(statement_date=date(2022, 12, 14), on=ON)


def test_a_physicians_statement_dated_in_the_future_is_not_accepted():
    assert not physician_statement_is_current(statement_date=date(2023, 6, 16), on=ON)


def test_six_months_before_august_31_is_the_last_day_of_february():
    assert physician_statement_is_current(statement_date=date(2024, 2, 29), on=date(2024, 8, 31))
    assert not physician_statement_is_current(statement_date=date(2024, 2, 28), on=date(2024, 8, 31))
