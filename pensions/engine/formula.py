"""The annual straight-life pension formulas (RULES §5; monthly = annual ÷ 12).

- SERS regular: FAC × 1.5% × YOS [002][004].
- SERS conservation officer: 2-year FAC × 60%; YOS does not enter [002][004].
- SERS covered: the regular pension plus a supplemental FAC × 0.5% × covered YOS until age 62 [002]
  (equivalently FAC × 2% × covered + 1.5% × uncovered [004]).
- MPSERS, per structure (RULES §1, [003] "MIP and Basic pension formulas"): 1.5% for service before
  2013-02-01 and 1.25% after (Basic, MIP Fixed/Graded/Plus); 1.5% for the whole career, or up to 30 YOS and
  1.25% above (Basic 4%, MIP 7% with `contributions_stop_at_30`); 1.5% × YOS as of 2013-02-01 (DC Converted).
- MPSERS duty disability: at least 10 YOS in the calculation [003] section VI.

`pension_yos` is the service the pension counts: for the DC-switch structures only the service before the
switch (RULES §1, §4); it never includes Act 88 service (RULES §2).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .plans import Structure

ZERO = Decimal(0)

PENSION_FACTOR = Decimal("0.015")  # RULES §1, §5: 1.5%
MPSERS_REDUCED_FACTOR = Decimal("0.0125")  # RULES §1: 1.25% after 2013-02-01 or above 30 YOS [003]
STEP_DOWN_YOS = Decimal(30)  # RULES §1: Basic 4% / MIP 7% who stop or reduce contributions at 30 YOS
CONSERVATION_OFFICER_FACTOR = Decimal("0.60")  # RULES §5: 60% of the 2-year FAC
COVERED_SUPPLEMENT_FACTOR = Decimal("0.005")  # RULES §5: 0.5% × covered YOS until 62 [002]
COVERED_SUPPLEMENT_ENDS_AT_AGE = 62  # RULES §5
DUTY_DISABILITY_MIN_YOS = Decimal(10)  # RULES §5: at least 10 YOS for duty disability (MPSERS) [003]

# Structures whose factor drops to 1.25% for service from the transition date (RULES §1).
SPLIT_AT_TRANSITION = frozenset(
    {Structure.BASIC, Structure.MIP_FIXED, Structure.MIP_GRADED, Structure.MIP_PLUS}
)
# Structures that kept 1.5% by paying more from the transition date (RULES §1).
RETAINED_FULL_FACTOR = frozenset({Structure.BASIC_4, Structure.MIP_7})


@dataclass(frozen=True, slots=True)
class PensionService:
    pension_yos: Decimal  # service counted in the pension (before any DC switch)
    yos_after_transition: Decimal = ZERO  # MPSERS service on or after 2013-02-01 (split structures)
    contributions_stop_at_30: bool = False


def regular_annual(structure: Structure, fac: Decimal, service: PensionService) -> Decimal:
    """Annual straight-life pension under the structure's own formula (RULES §5)."""
    yos = service.pension_yos
    if structure in SPLIT_AT_TRANSITION:
        after = min(service.yos_after_transition, yos)
        return fac * (PENSION_FACTOR * (yos - after) + MPSERS_REDUCED_FACTOR * after)
    if structure in RETAINED_FULL_FACTOR and service.contributions_stop_at_30 and yos > STEP_DOWN_YOS:
        return fac * (PENSION_FACTOR * STEP_DOWN_YOS + MPSERS_REDUCED_FACTOR * (yos - STEP_DOWN_YOS))
    return fac * PENSION_FACTOR * yos


def with_duty_disability_minimum(service: PensionService, *, after_transition: bool) -> PensionService:
    """At least 10 YOS in the calculation (RULES §5, MPSERS duty disability [003]). Imputed years accrue at
    the factor the member is earning now: 1.25% after the transition date for the split structures."""
    missing = DUTY_DISABILITY_MIN_YOS - service.pension_yos
    if missing <= ZERO:
        return service
    return PensionService(
        DUTY_DISABILITY_MIN_YOS,
        service.yos_after_transition + (missing if after_transition else ZERO),
        service.contributions_stop_at_30,
    )


def conservation_officer_annual(fac: Decimal) -> Decimal:
    return fac * CONSERVATION_OFFICER_FACTOR


def covered_supplemental_annual(fac: Decimal, covered_yos: Decimal) -> Decimal:
    return fac * COVERED_SUPPLEMENT_FACTOR * covered_yos
