"""Retiree-insurance rules as pure functions, one module per topic:

- ``effective_dates``  when coverage begins, by situation (RULES §10 "Effective dates" table)
- ``enrolment``        which kinds of enrolment a member may start, by status and healthcare plan (RULES §10, §1)
- ``dependents``       who may be covered and until when; the former spouse's end of coverage
- ``proofs``           the proofs a dependent or a qualifying event needs
- ``medicare``         when Medicare is required, the reminder, what the member's entries mean
- ``subsidy``          the premium subsidy, the Personal Healthcare Fund, the member's share and its collection
- ``life``             retiree life insurance (SERS)
- ``catalogue``        fiscal years of the rates, tiers, Medicare mix, service areas, cancellation, verification

Calendar arithmetic (months, birthdays, fiscal years) comes from ``pensions.engine.dates`` and the ``System`` enum
from ``pensions.engine.plans``: the pension engine and these rules share one pure module for each.

The package implements the pure-rule parts of RULES.md §10 (insurance in retirement) and the retiree-healthcare
part of §1, from the source documents cited beside every constant:

- [002] *Pre-Retirement Orientation* workbook (SERS, the newest text), step 3 "Decide on insurance", the
  "Dependent eligibility proofs" page and "Life insurance protection";
- [003] *Your Retirement Plan* handbook (MPSERS), section VI "Insurance in Retirement" and the survivor pages;
- [004] *Retirement Readiness* (SERS, older), section V "Continuing Your Insurance Benefits";
- [001] the plan overview (the SERS graded premium subsidy).

It imports nothing from Django (tests/insurance/test_rules_purity.py): only dataclasses, enums, ``Decimal`` and
``date``. Models, services and pages call these functions; they never re-implement a rule. Every number a plan
administrator could change (days, months, ages, percentages, caps) is a named constant (or a field of a frozen
parameter object) with its source, so the data layer can pass another value where the functions take one.

Conventions used throughout (each is also stated where it matters):

- "N calendar days after D" is ``D + N days``: the N-th day after D is still inside the window, the (N+1)-th is
  not. So with a retirement effective date (RED) of 1 January, 31 January is the 30th day after it (in time) and
  1 February the 31st (late).
- "received before D" is strictly before: a document that arrives on D did not arrive before D ([002]'s worked
  example: proofs arriving on Dec. 1 for a Jan. 1 RED are *not* before Dec. 1, and coverage starts Feb. 1).
- "the first day of the N-th month after receipt" is the first day of the month that is N months after the
  calendar month in which the *last* required document arrived (RULES §10 heading of the table).
- An end date ("ends_on") is the last day on which a person is still eligible, inclusive.
- "Until age A" means while younger than A: the last eligible day is the day before the A-th birthday.
- A person born on 29 February has birthdays on 28 February in common years (so the month of a birthday is
  always the birth month, and "the month in which the child turns 19" stays February).
"""
