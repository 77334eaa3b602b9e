"""The retirement effective date (RED) and the date to apply by (RULES §3, §11a [002][004]).

The RED is the first day of the month after the month in which all of these hold: eligibility met, employment
terminated, application submitted. Age and service are judged on the RED itself (RULES §3: "attained age on the
retirement effective date"; a member born on the 1st is 60 on that day), so a day of eligibility that is itself the
first of a month is already a RED: that is the date the pension engine gives for a provision
(``pensions.engine.eligibility``: the first of the month on or after the birthday), and this module agrees with the
engine's RED for it. Any other day of eligibility (a birthday on the 14th) takes the first of the next month, as
RULES §11a says.
"""

from __future__ import annotations

from datetime import date

from pensions.engine.dates import add_months, first_of_month_on_or_after, first_of_next_month

# RULES §3, §11a [002]: "Apply at least three months before your retirement effective date".
APPLY_MONTHS_BEFORE_RED = 3


def retirement_effective_date(*, eligible_on: date, terminated_on: date, submitted_on: date) -> date:
    """The first RED on which the member is eligible, has left employment and has applied."""
    after_leaving_and_applying = first_of_next_month(max(terminated_on, submitted_on))
    return max(after_leaving_and_applying, first_of_month_on_or_after(eligible_on))


def recommended_apply_by(red: date) -> date:
    """Three months before the RED (the RED is a first of a month, so this is one too)."""
    return add_months(red, -APPLY_MONTHS_BEFORE_RED)
