"""Checks of what a member types on the application, shared by its forms and its services (RULES §11a)."""

from stdnum.exceptions import ValidationError as NumberInvalid
from stdnum.us import rtn

ROUTING_FORMAT = "A routing number has 9 digits: it is the first number printed along the bottom of a check."
ROUTING_CHECK_DIGIT = ("This is not a valid US bank routing number (its check digit does not match): check the 9 "
                       "digits and type them again.")


def routing_number_problem(value: str) -> str | None:
    """Why ``value`` is not a US bank routing number (9 digits, ABA 3-7-1 check digit), or None when it is."""
    if not (len(value) == 9 and value.isdigit()):
        return ROUTING_FORMAT
    try:
        rtn.validate(value)
    except NumberInvalid:
        return ROUTING_CHECK_DIGIT
    return None
