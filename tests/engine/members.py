"""Inputs for engine tests: contract-shaped dictionaries turned into engine requests."""

from __future__ import annotations

from pensions.engine.contract import parse_request
from pensions.engine.estimate import Estimate, EstimateRequest, estimate

# Mr. Mac [004] section IV: born 1945-10-01, retiring 2003-04-01 (age 57 and 6 months), FAC $41,875.37.
MR_MAC = {
    "system": "SERS",
    "structure": "DB_CLASSIFIED",
    "employment_type": "REGULAR",
    "active": True,
    "birth_date": "1945-10-01",
    "retirement_effective_date": "2003-04-01",
    "fac": "41875.37",
    "yos": "31",
}

MPSERS_MEMBER = {
    "system": "MPSERS",
    "structure": "MIP_FIXED",
    "active": True,
    "birth_date": "1955-01-01",
    "retirement_effective_date": "2012-01-01",
    "fac": "35000",
    "yos": "30",
}


def request(base: dict, **changes) -> EstimateRequest:
    data = {**base, **changes}
    for key in [key for key, value in data.items() if value is None]:
        del data[key]
    return parse_request(data).request


def run(base: dict, **changes) -> Estimate:
    return estimate(request(base, **changes))
