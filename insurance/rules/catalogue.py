"""The catalogue of plans and rates, coverage changes and the yearly verification of other coverage
(RULES §10; [002] step 3 "Insurance rates", "Insurance carriers", "Enrolling after retirement").

Pure Python, no Django (see the package docstring for the conventions).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum

from pensions.engine import dates
from pensions.engine.dates import age_on, birthday, last_of_month

# "Monthly insurance rates for the next fiscal year go into effect in October." [002] step 3; RULES §10 "Rates
# change each October (fiscal year)". A fiscal year is named for the calendar year in which it ends (the State of
# Michigan's convention): October 2025 to September 2026 is fiscal year 2026.
FISCAL_YEAR_FIRST_MONTH = 10


def fiscal_year(day: date) -> int:
    """The fiscal year whose premium rates apply on ``day``: a new one starts every 1 October."""
    return dates.fiscal_year(day, FISCAL_YEAR_FIRST_MONTH)


def fiscal_year_starts(year: int) -> date:
    """The day the rates of fiscal ``year`` take effect (1 October of the year before)."""
    return dates.fiscal_year_start(year, FISCAL_YEAR_FIRST_MONTH)


class CoverageTier(Enum):
    """"How much you will pay ... depends on ... how many people you're enrolling" [002] step 3."""

    ONE_PERSON = "ONE_PERSON"
    TWO_PEOPLE = "TWO_PEOPLE"
    FAMILY = "FAMILY"  # three or more


def coverage_tier(people: int) -> CoverageTier:
    """The rate tier for ``people`` covered persons, the retiree included."""
    if people < 1:
        raise ValueError("at least the retiree is covered")
    return {1: CoverageTier.ONE_PERSON, 2: CoverageTier.TWO_PEOPLE}.get(people, CoverageTier.FAMILY)


class MedicareMix(Enum):
    """"... and if anyone you're enrolling is eligible for Medicare parts A and B" [002] step 3 "Insurance rates"."""

    NONE = "NONE"
    SOME = "SOME"
    ALL = "ALL"


def has_medicare(*, part_a_effective: date | None, part_b_effective: date | None) -> bool:
    """Enrolled in Medicare for the rates and the effective-date table: both Part A and Part B are on file.

    The retirement system's plans are Medicare Advantage plans combining A, B and D (RULES §10), so a person with
    only one of the two parts is not treated as having Medicare.
    """
    return part_a_effective is not None and part_b_effective is not None


def medicare_mix(with_medicare: Iterable[bool]) -> MedicareMix:
    """Whether none, some or all of the covered persons have Medicare (one flag per person)."""
    flags = list(with_medicare)
    if not flags or not any(flags):
        return MedicareMix.NONE
    return MedicareMix.ALL if all(flags) else MedicareMix.SOME


class ServiceArea(Enum):
    """Where a plan is offered. "Are you moving outside of Michigan after you retire? Yes. Your only option is Blue
    Preferred PPO ... It's accepted all over the United States." [002] step 3; RULES §10 "Moving outside Michigan →
    only the statewide PPO is available"."""

    NATIONWIDE = "NATIONWIDE"  # in Michigan and everywhere else (the statewide PPO)
    MICHIGAN = "MICHIGAN"  # anywhere in Michigan
    REGIONAL = "REGIONAL"  # only in the Michigan ZIP areas listed for the plan (an HMO's network)


MICHIGAN = "MI"


def plan_offered(*, service_area: ServiceArea, zip_prefixes: Iterable[str], state: str | None,
                 postal_code: str | None) -> bool:
    """Whether a plan with ``service_area`` can cover a retiree living at ``state``/``postal_code``.

    Outside Michigan only a nationwide plan; in Michigan a regional plan only where one of ``zip_prefixes`` begins
    the ZIP code. With no address on file (``state`` None) nothing can be excluded, so every plan is offered.
    """
    if state is None:
        return True
    if service_area is ServiceArea.NATIONWIDE:
        return True
    if state.upper() != MICHIGAN:
        return False
    if service_area is ServiceArea.MICHIGAN:
        return True
    return any((postal_code or "").startswith(prefix) for prefix in zip_prefixes if prefix)


def cancellation_coverage_ends(reported_on: date) -> date:
    """The last day of coverage the member cancels (or a dependent they remove): the end of the month reported.

    "We cannot refund premiums withheld before or in the month you report the change." [002] step 3: the premium
    of the month of the report is kept, so that month stays covered (our reading; RULES §10 "premiums already
    withheld are not refunded").
    """
    return last_of_month(reported_on)


# "You'll receive a verification of coverage request annually. The letter will ask if you or your dependents are
# enrolled in other insurance coverage. If you don't respond, coverage for you and your dependents will be
# canceled." [002] step 3; RULES §10.
OTHER_COVERAGE_VERIFICATION_EVERY_YEARS = 1
# The sources set no time to answer; 30 days, like the other windows of [002] step 3, is our reading for the plan
# administrator to confirm.
OTHER_COVERAGE_ANSWER_DAYS = 30


def verification_requested_on(*, coverage_begins: date, on: date) -> date | None:
    """The latest yearly anniversary of ``coverage_begins`` on or before ``on`` (None in the first year)."""
    years = age_on(coverage_begins, on).years  # completed years since coverage began, 29 February handled alike
    years -= years % OTHER_COVERAGE_VERIFICATION_EVERY_YEARS
    return birthday(coverage_begins, years) if years else None


def verification_answer_due(requested_on: date) -> date:
    """The last day to answer a verification of other coverage requested on ``requested_on``."""
    return requested_on + timedelta(days=OTHER_COVERAGE_ANSWER_DAYS)


def coverage_ends_without_verification(answer_due: date) -> date:
    """The last day of coverage when no answer came: the end of the month in which the answer was due."""
    return last_of_month(answer_due)
