"""Checks of what members type that several apps' forms share, each with one message a person understands.

- ``validate_birth_date``: every form that takes a person's date of birth (the member's, a dependent's, a
  beneficiary's) refuses a date in the future or more than ``MAX_AGE_YEARS`` back.
- ``zip_state_problem``: a US ZIP code must belong to the state chosen beside it, checked against the ZIP data
  bundled with the ``zipcodes`` package (offline: it reads its own file, never the network).
"""

from datetime import date

import zipcodes
from django import forms
from django.utils import timezone

from pensions.engine.dates import add_months

# Issue 15 item 6: "birth dates neither in the future nor more than 120 years back".
MAX_AGE_YEARS = 120

BORN_IN_THE_FUTURE = "A date of birth cannot be in the future."
BORN_TOO_LONG_AGO = f"Check this date of birth: it is more than {MAX_AGE_YEARS} years ago."
ZIP_NOT_IN_STATE = "The ZIP code {zip} is not in {state}. Check the ZIP code and the state."
ZIP_UNKNOWN = "We do not know the ZIP code {zip}. Check it against a letter you received at this address."


def validate_birth_date(value: date | None, *, today: date | None = None) -> date | None:
    """``value`` unchanged when it can be a living person's date of birth; ValidationError otherwise."""
    if value is None:
        return None
    today = today or timezone.localdate()
    if value > today:
        raise forms.ValidationError(BORN_IN_THE_FUTURE, code="born_in_the_future")
    if value < add_months(today, -12 * MAX_AGE_YEARS):
        raise forms.ValidationError(BORN_TOO_LONG_AGO, code="born_too_long_ago")
    return value


def zip_state_problem(postal_code: str, state: str, *, state_name: str = "") -> str | None:
    """Why ``postal_code`` (5 digits, or ZIP+4) does not fit ``state`` (two letters), or None when it does."""
    five = postal_code[:5]
    try:
        places = zipcodes.matching(five)
    except (TypeError, ValueError):
        return ZIP_UNKNOWN.format(zip=postal_code)
    if not places:
        return ZIP_UNKNOWN.format(zip=five)
    if all(place["state"] != state for place in places):
        return ZIP_NOT_IN_STATE.format(zip=five, state=state_name or state)
    return None
