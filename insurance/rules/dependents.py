"""Which dependents may be covered, until when, and the former spouse's end of coverage (RULES §10
"Eligible dependents" and qualifying events; [002] step 3 "Dependent coverage"; [003] VI).

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from pensions.engine.dates import add_months, birthday, last_of_month
from pensions.engine.plans import System


def former_spouse_coverage_ends(divorce_date: date) -> date:
    """The last day of a former spouse's coverage: the end of the month in which the divorce occurs.

    "If you divorce, your former spouse's coverage ceases as of the end of the month in which the divorce occurs."
    [002] step 3; RULES §10. Applied to both systems ([003] states no other rule).
    """
    return last_of_month(divorce_date)


class Relation(Enum):
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"  # by birth
    ADOPTED_CHILD = "ADOPTED_CHILD"  # by legal adoption (same rules as a child by birth, from placement)
    GUARDIANSHIP_CHILD = "GUARDIANSHIP_CHILD"  # by legal guardianship
    STEPCHILD = "STEPCHILD"
    PARENT = "PARENT"  # the member's parent (MPSERS only)
    PARENT_IN_LAW = "PARENT_IN_LAW"  # the spouse's parent (MPSERS only)


CHILD_RELATIONS = frozenset(
    {Relation.CHILD, Relation.ADOPTED_CHILD, Relation.GUARDIANSHIP_CHILD, Relation.STEPCHILD}
)
PARENT_RELATIONS = frozenset({Relation.PARENT, Relation.PARENT_IN_LAW})


class StudentStatus(Enum):
    NONE = "NONE"
    HALF_TIME = "HALF_TIME"  # at least half time (SERS requires this; full time satisfies it too)
    FULL_TIME = "FULL_TIME"  # MPSERS requires full time


class EligibilityBasis(Enum):
    """The rule under which a dependent is (or was) eligible."""

    SPOUSE = "SPOUSE"
    FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH = "FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH"
    CHILD = "CHILD"
    GUARDIANSHIP_CHILD = "GUARDIANSHIP_CHILD"
    STUDENT = "STUDENT"
    DISABLED_CHILD = "DISABLED_CHILD"
    STEPCHILD = "STEPCHILD"
    STEPCHILD_STUDENT = "STEPCHILD_STUDENT"
    PARENT_IN_HOUSEHOLD = "PARENT_IN_HOUSEHOLD"


# SERS ages — [002] step 3 "Dependent coverage"; RULES §10 "Eligible dependents (SERS)".
SERS_GUARDIANSHIP_UNTIL_AGE = 18  # "unmarried child by legal guardianship until age 18"
SERS_CHILD_UNTIL_END_OF_MONTH_OF_AGE = 19  # "until the end of the month in which he or she turns age 19"
SERS_STUDENT_UNTIL_END_OF_MONTH_OF_AGE = 26  # half-time student "through the end of the month in which the child
#                                             reaches age 26 or the end of the graduation month, whichever first"
SERS_DISABLED_CHILD_FROM_AGE = 19  # "age 19 or older who is totally and permanently disabled" (younger: a child)
SERS_STEPCHILD_UNDER_AGE = 19  # "They must be under the age of 19
SERS_STEPCHILD_STUDENT_UNDER_AGE = 26  # (or under the age of 26 if attending school at least half time)"

# MPSERS ages — [003] VI "Coverage for your dependents"; RULES §10 "Eligible dependents (MPSERS)".
MPSERS_CHILD_UNTIL_DEC_31_OF_YEAR_OF_AGE = 19  # "until December 31 of the year in which he or she turns age 19"
MPSERS_GUARDIANSHIP_UNTIL_AGE = 18  # "unmarried child by legal guardianship until age 18"
MPSERS_STUDENT_UNTIL_DEC_31_OF_YEAR_OF_AGE = 25  # "until December 31 of the year in which he or she reaches age
#                                                  25 if a full-time student and dependent on you for support"

# "a notice two months before a dependent ages out" — issue 6, item 6 (beat job); the date is computed here.
AGE_OUT_NOTICE_MONTHS_BEFORE = 2

# "The provision of the Affordable Care Act that extends coverage to adult children through the age of 26 does
# not apply to governmental retiree only health insurance plans" [002] step 3; RULES §10.
ACA_AGE_26_NOTICE = (
    "The Affordable Care Act rule covering adult children to age 26 does not apply to retiree-only plans."
)


@dataclass(frozen=True)
class Dependent:
    """What the member tells us about one dependent; every condition defaults to the not-established value.

    ``student`` and ``disabled`` describe the dependent on the date evaluated; ``graduation_date`` (SERS) is the
    actual or expected graduation, only its month counts. ``placement_date`` is the adoption or guardianship
    placement ([003] VI: an adopted child "is eligible for coverage as of the date of placement").
    """

    relation: Relation
    birth_date: date
    married: bool = False
    student: StudentStatus = StudentStatus.NONE
    graduation_date: date | None = None
    disabled: bool = False  # totally and permanently disabled, incapable of self-sustaining employment
    dependent_for_support: bool = False
    placement_date: date | None = None
    divorce_date: date | None = None  # spouse only: the date of the divorce
    spouse_enrolled_separately: bool = False  # SERS: enrolled as a state employee or retiree in their own right
    # SERS stepchild conditions ([002] step 3):
    lives_with_member_half_time: bool = False  # lives with the member at least 50% of the time
    member_provides_half_support: bool = False  # the member provides at least 50% of their support
    covered_through_termination: bool = False  # covered under the active plan through the termination date
    not_eligible_elsewhere: bool = False  # not eligible for other coverage (other parent, miChild, Medicaid...)
    # MPSERS parents or parents-in-law ([003] VI):
    lives_in_household: bool = False
    # For proofs and the life-insurance rules:
    has_other_coverage: bool = False  # other group coverage or Medicare (proof: the other plan's details)
    lives_with_member: bool = False  # life insurance: an incapacitated child "who lives with you"


@dataclass(frozen=True)
class DependentEligibility:
    """Whether a dependent is eligible on a date, why, and until when.

    ``ends_on`` is the last day of eligibility under ``basis`` if nothing else changes (None: no date limit).
    ``ages_out`` says the end is an age limit, so the member gets a notice two months before it
    (:func:`age_out_notice_date`).
    """

    eligible: bool
    reason: str
    basis: EligibilityBasis | None = None
    ends_on: date | None = None
    ages_out: bool = False


@dataclass(frozen=True)
class Candidate:
    """One basis on which a person may be covered, until when (``ends_on`` None: no end), and why."""

    basis: EligibilityBasis
    ends_on: date | None
    reason: str
    ages_out: bool = True


def age_out_notice_date(ends_on: date) -> date:
    """When to send the "ages out" notice: two months before the first day without coverage (``ends_on + 1``)."""
    return add_months(ends_on + timedelta(days=1), -AGE_OUT_NOTICE_MONTHS_BEFORE)


def decide(on: date, candidates: Sequence[Candidate], no_rule_reason: str) -> DependentEligibility:
    """Eligible if any candidate basis still holds on ``on``; report the one lasting longest."""
    holding = [c for c in candidates if c.ends_on is None or on <= c.ends_on]
    if holding:
        best = max(holding, key=lambda c: (c.ends_on is None, c.ends_on or date.min))
        ages_out = best.ages_out and best.ends_on is not None
        return DependentEligibility(True, best.reason, best.basis, best.ends_on, ages_out)
    if candidates:
        last = max(candidates, key=lambda c: c.ends_on or date.min)
        return DependentEligibility(
            False, f"eligibility ended on {last.ends_on.isoformat()}: {last.reason}", last.basis, last.ends_on, False
        )
    return DependentEligibility(False, no_rule_reason)


def _sers_child_candidates(d: Dependent) -> list[Candidate]:
    out = [
        Candidate(
            EligibilityBasis.CHILD,
            last_of_month(birthday(d.birth_date, SERS_CHILD_UNTIL_END_OF_MONTH_OF_AGE)),
            "unmarried child by birth or adoption, until the end of the month of the 19th birthday "
            "(RULES §10; [002] step 3)",
        )
    ]
    if d.student is not StudentStatus.NONE and d.dependent_for_support:
        end = last_of_month(birthday(d.birth_date, SERS_STUDENT_UNTIL_END_OF_MONTH_OF_AGE))
        reason = "half-time student dependent for support, until the end of the month of the 26th birthday"
        ages_out = True
        if d.graduation_date is not None and last_of_month(d.graduation_date) < end:
            # Graduation ends it, not age: ``ages_out`` is False (the end is still reported in ``ends_on``).
            end = last_of_month(d.graduation_date)
            reason = "half-time student dependent for support, until the end of the graduation month"
            ages_out = False
        out.append(Candidate(EligibilityBasis.STUDENT, end, reason + " (RULES §10; [002] step 3)", ages_out))
    if d.disabled and d.dependent_for_support:
        out.append(
            Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "totally and permanently disabled child dependent for support: no age limit (RULES §10; [002])",
                ages_out=False,
            )
        )
    return out


def _mpsers_child_candidates(d: Dependent) -> list[Candidate]:
    out = [
        Candidate(
            EligibilityBasis.CHILD,
            date(d.birth_date.year + MPSERS_CHILD_UNTIL_DEC_31_OF_YEAR_OF_AGE, 12, 31),
            "unmarried child by birth or adoption, until December 31 of the year of the 19th birthday "
            "(RULES §10; [003] VI)",
        )
    ]
    if d.student is StudentStatus.FULL_TIME and d.dependent_for_support:
        out.append(
            Candidate(
                EligibilityBasis.STUDENT,
                date(d.birth_date.year + MPSERS_STUDENT_UNTIL_DEC_31_OF_YEAR_OF_AGE, 12, 31),
                "full-time student dependent for support, until December 31 of the year of the 25th birthday "
                "(RULES §10; [003] VI)",
            )
        )
    if d.disabled and d.dependent_for_support:
        out.append(
            Candidate(
                EligibilityBasis.DISABLED_CHILD,
                None,
                "totally and permanently disabled child dependent for support: no age limit (RULES §10; [003] VI)",
                ages_out=False,
            )
        )
    return out


def _guardianship_candidate(d: Dependent, until_age: int, source: str) -> Candidate:
    return Candidate(
        EligibilityBasis.GUARDIANSHIP_CHILD,
        birthday(d.birth_date, until_age) - timedelta(days=1),
        f"unmarried child by legal guardianship, until age {until_age} ({source})",
    )


def _sers_stepchild(d: Dependent, on: date) -> DependentEligibility:
    missing = [
        text
        for ok, text in (
            (d.lives_with_member_half_time, "live with the member at least 50% of the time"),
            (d.member_provides_half_support, "receive at least 50% of their support from the member"),
            (d.covered_through_termination, "have been covered under the active plan through termination"),
            (d.not_eligible_elsewhere, "not be eligible for other coverage"),
        )
        if not ok
    ]
    if missing:
        return DependentEligibility(
            False, "a stepchild must " + "; ".join(missing) + " (RULES §10; [002] step 3)", EligibilityBasis.STEPCHILD
        )
    candidates = [
        Candidate(
            EligibilityBasis.STEPCHILD,
            birthday(d.birth_date, SERS_STEPCHILD_UNDER_AGE) - timedelta(days=1),
            "stepchild meeting every condition, while under 19 (RULES §10; [002] step 3)",
        )
    ]
    if d.student is not StudentStatus.NONE:
        candidates.append(
            Candidate(
                EligibilityBasis.STEPCHILD_STUDENT,
                birthday(d.birth_date, SERS_STEPCHILD_STUDENT_UNDER_AGE) - timedelta(days=1),
                "stepchild meeting every condition and attending school at least half time, while under 26 "
                "(RULES §10; [002] step 3)",
            )
        )
    return decide(on, candidates, "")


def dependent_eligibility(*, system: System, dependent: Dependent, on: date) -> DependentEligibility:
    """Whether ``dependent`` is an eligible health/drug/dental/vision dependent on ``on``, why, and until when.

    SERS (RULES §10; [002] step 3): a spouse not separately enrolled as a state employee or retiree; an unmarried
    child by guardianship until the day before the 18th birthday; an unmarried child by birth or adoption until
    the last day of the month of the 19th birthday; a half-time student dependent for support until the last day
    of the month of the 26th birthday or of the graduation month, whichever comes first; a totally and
    permanently disabled child dependent for support, without age limit; a stepchild meeting all four conditions,
    until the day before the 19th birthday (26th if attending school at least half time). Parents: not eligible.

    MPSERS (RULES §10; [003] VI): a spouse; an unmarried child by birth or adoption until December 31 of the
    year of the 19th birthday; guardianship until the day before the 18th birthday; a full-time student dependent
    for support until December 31 of the year of the 25th birthday; a disabled child dependent for support; a
    parent or parent-in-law living in the household (one set only: see :func:`evaluate_dependents`). Stepchildren
    are not listed in [003] and are not eligible unless adopted. [003] sets no graduation limit, so
    ``graduation_date`` is not used for MPSERS (the ``student`` status on the date is).

    Children (other than stepchildren, for which [002] states no marital condition) must be unmarried. An adopted
    or guardianship child is eligible from the placement date when one is given. A divorced spouse stays
    eligible until the end of the month of the divorce (:func:`former_spouse_coverage_ends`).
    """
    d = dependent
    if on < d.birth_date:
        return DependentEligibility(False, "not yet born on that date")
    if d.relation is Relation.SPOUSE:
        if system is System.SERS and d.spouse_enrolled_separately:
            return DependentEligibility(
                False,
                "a spouse enrolled separately as a state employee or retiree cannot also be a dependent "
                "(RULES §10; [002] step 3; [004] V)",
                EligibilityBasis.SPOUSE,
            )
        if d.divorce_date is not None and d.divorce_date <= on:
            return decide(
                on,
                [
                    Candidate(
                        EligibilityBasis.FORMER_SPOUSE_UNTIL_END_OF_DIVORCE_MONTH,
                        former_spouse_coverage_ends(d.divorce_date),
                        "a former spouse's coverage ends at the end of the month of the divorce "
                        "(RULES §10; [002] step 3)",
                        ages_out=False,
                    )
                ],
                "",
            )
        source = "[002] step 3" if system is System.SERS else "[003] VI"
        return DependentEligibility(True, f"spouse (RULES §10; {source})", EligibilityBasis.SPOUSE)

    if d.relation in PARENT_RELATIONS:
        if system is System.SERS:
            return DependentEligibility(
                False, "parents and parents-in-law are not eligible dependents in SERS (RULES §10; [002] step 3)"
            )
        if not d.lives_in_household:
            return DependentEligibility(
                False,
                "a parent or parent-in-law must live in the member's household (RULES §10; [003] VI)",
                EligibilityBasis.PARENT_IN_HOUSEHOLD,
            )
        return DependentEligibility(
            True,
            "parent or parent-in-law living in the household; one set only (RULES §10; [003] VI)",
            EligibilityBasis.PARENT_IN_HOUSEHOLD,
        )

    # Children.
    if d.placement_date is not None and on < d.placement_date:
        return DependentEligibility(
            False,
            f"an adopted or guardianship child is eligible from the placement date ({d.placement_date.isoformat()}) "
            "([003] VI; [002] proofs)",
        )
    if d.relation is Relation.STEPCHILD:
        if system is System.MPSERS:
            return DependentEligibility(
                False, "stepchildren are not eligible dependents in MPSERS unless adopted (RULES §10; [003] VI)"
            )
        return _sers_stepchild(d, on)
    if d.married:
        return DependentEligibility(False, "a child must be unmarried to be a dependent (RULES §10; [002]; [003] VI)")
    if d.relation is Relation.GUARDIANSHIP_CHILD:
        if system is System.SERS:
            candidate = _guardianship_candidate(d, SERS_GUARDIANSHIP_UNTIL_AGE, "RULES §10; [002] step 3")
        else:
            candidate = _guardianship_candidate(d, MPSERS_GUARDIANSHIP_UNTIL_AGE, "RULES §10; [003] VI")
        return decide(on, [candidate], "")
    if system is System.SERS:
        return decide(on, _sers_child_candidates(d), "")
    return decide(on, _mpsers_child_candidates(d), "")


PARENT_SETS_CONFLICT = (
    "Parents and parents-in-law cannot both be enrolled: choose one set or the other (RULES §10; [003] VI)."
)


def evaluate_dependents(
    *, system: System, dependents: Iterable[Dependent], on: date
) -> list[DependentEligibility]:
    """:func:`dependent_eligibility` for each dependent, plus the MPSERS one-set rule for parents.

    "Either your parent(s) or parent(s)-in-law residing in your household—one set of parents or the other, but
    not both" [003] VI. When both a parent and a parent-in-law are listed, every parent and parent-in-law is
    reported not eligible with :data:`PARENT_SETS_CONFLICT` until the member removes one set: the rule lets the
    member choose, so the function does not choose for them.
    """
    dependents = list(dependents)
    results = [dependent_eligibility(system=system, dependent=d, on=on) for d in dependents]
    relations = {d.relation for d, r in zip(dependents, results) if r.eligible}
    if system is System.MPSERS and PARENT_RELATIONS <= relations:
        results = [
            DependentEligibility(False, PARENT_SETS_CONFLICT, EligibilityBasis.PARENT_IN_HOUSEHOLD)
            if d.relation in PARENT_RELATIONS
            else r
            for d, r in zip(dependents, results)
        ]
    return results
