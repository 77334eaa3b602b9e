"""Numbers shaped like a Social Security number in what people type on the Message Board (issue 15 item 9).

A member is warned before such a message is sent; sent anyway, it is stored with the number masked like every SSN
the portal shows (``•••-••-6789``, SECURITY.md CR-9), so no full SSN ever sits in a message, a page or an e-mail.

The shape: nine digits as 3-2-4, with a dash, a space or a dot between each two groups, or run together; not part of
a longer run of digits (so a ZIP+4 such as 48909-7671 is not one). Numbers that can never be an SSN or an ITIN are left alone (SECURITY.md F20: area
000 or 666, group 00, serial 0000), so most bank routing numbers, whose fourth and fifth digits are often 00, pass.

Pure Python: no Django import.
"""

import re

SSN_SHAPE = re.compile(r"(?<!\d)(\d{3})(?:[-. ](\d{2})[-. ]|(\d{2}))(\d{4})(?!\d)")


def _could_be_an_ssn(match: re.Match) -> bool:
    area, group, serial = _parts(match)
    return area not in ("000", "666") and group != "00" and serial != "0000"


def ssn_shaped_numbers(text: str) -> list[str]:
    """The SSN-shaped numbers in ``text``, masked (never the digits themselves), in order."""
    return [mask(match) for match in SSN_SHAPE.finditer(text or "") if _could_be_an_ssn(match)]


def mask_ssn_shaped(text: str) -> str:
    """``text`` with every SSN-shaped number masked to its last four digits."""
    return SSN_SHAPE.sub(lambda match: mask(match) if _could_be_an_ssn(match) else match.group(0), text or "")


def mask(match: re.Match) -> str:
    return f"•••-••-{_parts(match)[2]}"


def _parts(match: re.Match) -> tuple[str, str, str]:
    area, spaced_group, group, serial = match.groups()
    return area, spaced_group or group, serial
