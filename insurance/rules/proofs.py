"""The proofs a dependent or a qualifying event needs (RULES §10 "Proofs"; [002] "Dependent eligibility
proofs" and step 3 qualifying events).

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from insurance.rules.dependents import PARENT_RELATIONS, Dependent, Relation, StudentStatus
from pensions.engine.dates import add_months, age_on
from pensions.engine.plans import System


class Proof(Enum):
    MARRIAGE_CERTIFICATE = "MARRIAGE_CERTIFICATE"
    SPOUSE_BIRTH_CERTIFICATE = "SPOUSE_BIRTH_CERTIFICATE"
    CHILD_BIRTH_CERTIFICATE = "CHILD_BIRTH_CERTIFICATE"
    FORM_1040_FIRST_PAGE = "FORM_1040_FIRST_PAGE"
    SCHOOL_ATTENDANCE_RECORDS = "SCHOOL_ATTENDANCE_RECORDS"
    GUARDIANSHIP_OR_ADOPTION_PAPERS = "GUARDIANSHIP_OR_ADOPTION_PAPERS"
    PHYSICIAN_DISABILITY_STATEMENT = "PHYSICIAN_DISABILITY_STATEMENT"
    OTHER_COVERAGE_DETAILS = "OTHER_COVERAGE_DETAILS"
    CERTIFICATE_OF_CREDITABLE_COVERAGE = "CERTIFICATE_OF_CREDITABLE_COVERAGE"
    ADOPTION_PAPERS = "ADOPTION_PAPERS"
    DEATH_CERTIFICATE = "DEATH_CERTIFICATE"
    PARENT_RELATIONSHIP_AND_RESIDENCE = "PARENT_RELATIONSHIP_AND_RESIDENCE"


# What the member must send for each proof (copies), in the words of [002] "Dependent eligibility proofs" and
# step 3 qualifying events; RULES §10 "Proofs".
PROOF_DESCRIPTIONS: dict[Proof, str] = {
    Proof.MARRIAGE_CERTIFICATE: "Copy of your government-issued marriage certificate.",
    Proof.SPOUSE_BIRTH_CERTIFICATE: "Copy of your spouse's government-issued birth certificate.",
    Proof.CHILD_BIRTH_CERTIFICATE: "Copy of the child's government-issued birth certificate (age and relationship).",
    Proof.FORM_1040_FIRST_PAGE: "First page of your most recent IRS Form 1040 listing the child as your dependent.",
    Proof.SCHOOL_ATTENDANCE_RECORDS: (
        "School records, such as a current transcript or tuition receipt, documenting the required school "
        "attendance (at least half time in SERS, full time in MPSERS); the school's name must appear on them."
    ),
    Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS: (
        "Legal papers issued by a court, a sworn statement with the placement date, or a court order verifying "
        "placement."
    ),
    Proof.PHYSICIAN_DISABILITY_STATEMENT: (
        "Statement from the attending physician, on letterhead, signed and dated within the last six months, "
        "detailing the disability and that the child is incapable of self-sustaining employment."
    ),
    Proof.OTHER_COVERAGE_DETAILS: "Copy of the other plan's information, including Medicare.",
    Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE: (
        "Statement on letterhead (certificate of creditable coverage) from the terminating group plan explaining "
        "who was covered, the type of coverage, why coverage is ending, and the date it ends."
    ),
    Proof.ADOPTION_PAPERS: "Adoption papers.",
    Proof.DEATH_CERTIFICATE: "Death certificate.",
    Proof.PARENT_RELATIONSHIP_AND_RESIDENCE: (
        "Documents showing the relationship and that the parent lives in your household, as the office asks "
        "(the sources list none for parents)."
    ),
}

# "Dependency for any child age 19 or older: First page of your most recent IRS Form 1040 listing the dependent
# AND school records ..." [002] "Dependent eligibility proofs"; RULES §10.
CHILD_DEPENDENCY_PROOF_FROM_AGE = 19
# "The signed certification must be on the physician's letterhead and dated within the last six months." [002]
PHYSICIAN_STATEMENT_MAX_AGE_MONTHS = 6
# "You may be asked to update these proofs annually." [002]; RULES §10 "Proofs may be re-requested annually."
PROOFS_MAY_BE_REREQUESTED_EVERY_MONTHS = 12


class QualifyingEvent(Enum):
    INVOLUNTARY_LOSS_OF_COVERAGE = "INVOLUNTARY_LOSS_OF_COVERAGE"
    MARRIAGE = "MARRIAGE"
    BIRTH = "BIRTH"
    ADOPTION = "ADOPTION"
    DEATH = "DEATH"
    DIVORCE = "DIVORCE"


# [002] step 3 table "Qualifying event / Acceptable proof(s)"; RULES §10 "Qualifying events and proofs".
QUALIFYING_EVENT_PROOFS: dict[QualifyingEvent, tuple[Proof, ...]] = {
    QualifyingEvent.INVOLUNTARY_LOSS_OF_COVERAGE: (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,),
    QualifyingEvent.MARRIAGE: (Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE),
    QualifyingEvent.BIRTH: (Proof.CHILD_BIRTH_CERTIFICATE,),
    QualifyingEvent.ADOPTION: (Proof.ADOPTION_PAPERS,),
    QualifyingEvent.DEATH: (Proof.DEATH_CERTIFICATE,),
    # "For enrollment, provide ... (certificate of creditable coverage)": a member who loses coverage under the
    # former spouse's plan enrols with it. Removing the former spouse needs no proof in [002].
    QualifyingEvent.DIVORCE: (Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE,),
}


def qualifying_event_proofs(event: QualifyingEvent) -> tuple[Proof, ...]:
    """The proofs [002] step 3 accepts for a qualifying event (RULES §10)."""
    return QUALIFYING_EVENT_PROOFS[event]


def required_proofs(*, system: System, dependent: Dependent, on: date) -> tuple[Proof, ...]:
    """The copies the member must send to enrol ``dependent``, in the order of the [002] proofs page.

    - spouse: marriage certificate and the spouse's birth certificate;
    - any child: the child's birth certificate; adopted and guardianship children also the court papers or sworn
      placement statement; a stepchild also the marriage certificate (it links the member to the stepchild's
      parent — our reading: [002] lists no stepchild proof of its own);
    - a child aged 19 or older on ``on``: the first page of the latest Form 1040 listing the child, plus school
      records if the child is a student, plus the physician's statement if the child is disabled;
    - MPSERS parent or parent-in-law: the office's request (no proof is listed in the sources);
    - anyone with other coverage (including Medicare): the other plan's details.

    The same list applies to MPSERS (RULES §10 lists the proofs for both systems; the school records then show
    full-time attendance).
    """
    d = dependent
    proofs: list[Proof] = []
    if d.relation is Relation.SPOUSE:
        proofs += [Proof.MARRIAGE_CERTIFICATE, Proof.SPOUSE_BIRTH_CERTIFICATE]
    elif d.relation in PARENT_RELATIONS:
        proofs.append(Proof.PARENT_RELATIONSHIP_AND_RESIDENCE)
    else:
        if d.relation is Relation.STEPCHILD:
            proofs.append(Proof.MARRIAGE_CERTIFICATE)
        proofs.append(Proof.CHILD_BIRTH_CERTIFICATE)
        if age_on(d.birth_date, on).years >= CHILD_DEPENDENCY_PROOF_FROM_AGE:
            proofs.append(Proof.FORM_1040_FIRST_PAGE)
            if d.student is not StudentStatus.NONE:
                proofs.append(Proof.SCHOOL_ATTENDANCE_RECORDS)
        if d.relation in (Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD):
            proofs.append(Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS)
        if d.disabled and age_on(d.birth_date, on).years >= CHILD_DEPENDENCY_PROOF_FROM_AGE:
            proofs.append(Proof.PHYSICIAN_DISABILITY_STATEMENT)
    if d.has_other_coverage:
        proofs.append(Proof.OTHER_COVERAGE_DETAILS)
    return tuple(proofs)


def physician_statement_is_current(*, statement_date: date, on: date) -> bool:
    """A disability statement is acceptable on ``on`` if dated within the last six months, not in the future.

    "dated within the last six months" [002]: on or after the same day six months earlier (clamped to the month's
    end), and not after ``on``.
    """
    return add_months(on, -PHYSICIAN_STATEMENT_MAX_AGE_MONTHS) <= statement_date <= on
