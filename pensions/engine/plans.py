"""Systems, benefit structures and employment types, and the facts that depend only on them.

Everything here is the structure table of RULES §1 (sources [001][002][003]) in code form: which system a
structure belongs to, how many years its FAC averages (§4), whether its service stops counting in the pension
at a DC switch (§1, §4), and which plan family (Basic or MIP) an MPSERS structure belongs to (§3, §7).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class System(enum.Enum):
    SERS = "SERS"  # State Employees' Retirement System [002][004]
    MPSERS = "MPSERS"  # Michigan Public School Employees' Retirement System [003]


class Structure(enum.Enum):
    DB_CLASSIFIED = "DB_CLASSIFIED"
    DB_30 = "DB_30"
    DB_DC_BLEND = "DB_DC_BLEND"
    BASIC = "BASIC"
    BASIC_4 = "BASIC_4"
    BASIC_DC_CONVERTED = "BASIC_DC_CONVERTED"
    MIP_FIXED = "MIP_FIXED"
    MIP_GRADED = "MIP_GRADED"
    MIP_PLUS = "MIP_PLUS"
    MIP_7 = "MIP_7"
    MIP_DC_CONVERTED = "MIP_DC_CONVERTED"


class EmploymentType(enum.Enum):
    """SERS employment types (RULES §1 [002][004]); MPSERS members are all REGULAR."""

    REGULAR = "REGULAR"
    COVERED = "COVERED"  # custody and supervision of prisoners
    CONSERVATION_OFFICER = "CONSERVATION_OFFICER"
    UNCLASSIFIED = "UNCLASSIFIED"  # legislative, executive or judicial branch
    FACILITY_CLOSURE = "FACILITY_CLOSURE"  # community health facility closure


class PlanFamily(enum.Enum):
    SERS_DB = "SERS_DB"
    BASIC = "BASIC"  # MPSERS Basic Plan [003] Appendix A
    MIP = "MIP"  # MPSERS Member Investment Plan [003] Appendix B


class RetirementType(enum.Enum):
    SERVICE = "SERVICE"
    DUTY_DISABILITY = "DUTY_DISABILITY"
    NONDUTY_DISABILITY = "NONDUTY_DISABILITY"


# RULES §1: MPSERS transition date — the pension factor and the DC conversions changed on 2013-02-01 [003].
MPSERS_TRANSITION_DATE = date(2013, 2, 1)
# RULES §1, §4: DB/DC Blend members joined the DC plan for future service from 2012-04-01; FAC and YOS are
# determined as of 2012-03-31 [002].
DB_DC_BLEND_SWITCH_DATE = date(2012, 4, 1)
# RULES §1: DB 30 members join the DC plan for future service on reaching 30 YOS [002].
DB_30_SWITCH_YOS = 30


@dataclass(frozen=True, slots=True)
class StructureFacts:
    system: System
    family: PlanFamily
    fac_years: int  # RULES §4: N = 3 (SERS, MIP), 5 (Basic); conservation officers override to 2
    dc_switch: date | None  # fixed switch date after which service and pay stop counting (None: none/variable)
    switches_to_dc: bool  # service after the switch counts for eligibility only (RULES §1, ARCHITECTURE)


STRUCTURES: dict[Structure, StructureFacts] = {
    # RULES §1 table, rows in order; FAC periods 36 / 60 months [002][003].
    Structure.DB_CLASSIFIED: StructureFacts(System.SERS, PlanFamily.SERS_DB, 3, None, False),
    Structure.DB_30: StructureFacts(System.SERS, PlanFamily.SERS_DB, 3, None, True),
    Structure.DB_DC_BLEND: StructureFacts(System.SERS, PlanFamily.SERS_DB, 3, DB_DC_BLEND_SWITCH_DATE, True),
    Structure.BASIC: StructureFacts(System.MPSERS, PlanFamily.BASIC, 5, None, False),
    Structure.BASIC_4: StructureFacts(System.MPSERS, PlanFamily.BASIC, 5, None, False),
    Structure.BASIC_DC_CONVERTED: StructureFacts(
        System.MPSERS, PlanFamily.BASIC, 5, MPSERS_TRANSITION_DATE, True
    ),
    Structure.MIP_FIXED: StructureFacts(System.MPSERS, PlanFamily.MIP, 3, None, False),
    Structure.MIP_GRADED: StructureFacts(System.MPSERS, PlanFamily.MIP, 3, None, False),
    Structure.MIP_PLUS: StructureFacts(System.MPSERS, PlanFamily.MIP, 3, None, False),
    Structure.MIP_7: StructureFacts(System.MPSERS, PlanFamily.MIP, 3, None, False),
    Structure.MIP_DC_CONVERTED: StructureFacts(System.MPSERS, PlanFamily.MIP, 3, MPSERS_TRANSITION_DATE, True),
}

# RULES §4: conservation officers average their highest 2 consecutive years [002][004].
CONSERVATION_OFFICER_FAC_YEARS = 2


def facts(structure: Structure) -> StructureFacts:
    return STRUCTURES[structure]


def fac_years_for(structure: Structure, employment_type: EmploymentType) -> int:
    """N of "the highest N consecutive years" (RULES §4)."""
    if employment_type is EmploymentType.CONSERVATION_OFFICER:
        return CONSERVATION_OFFICER_FAC_YEARS
    return STRUCTURES[structure].fac_years
