"""The retirement effective date (RULES §3 [002][004]).

The RED is the first day of the month following the month in which all of these hold: eligibility met,
application submitted, employment terminated. Age is the attained age on the RED, so an age condition is met on
the first of the month on or after the birthday. A SERS application filed after the month of termination cannot
be paid retroactively, and a deferred member gets nothing for months before the application [004].
"""

from __future__ import annotations

from datetime import date

from .dates import first_of_next_month


def earliest_effective_date(*, termination_date: date, application_date: date | None = None) -> date:
    """First RED that the termination and the application allow."""
    last_event = termination_date if application_date is None else max(termination_date, application_date)
    return first_of_next_month(last_event)


def effective_date(*, earliest: date, eligible_from: date | None) -> date:
    """The RED: the earliest allowed one, or later when eligibility is met later."""
    if eligible_from is None or eligible_from <= earliest:
        return earliest
    return eligible_from
