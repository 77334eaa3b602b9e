"""The member's main navigation: the sections open to the member's status (portal.member_portal) in order, their
addresses reversed once per URL configuration and script prefix (the same on every request) instead of on every
page."""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

MESSAGE_BOARD = "message_board:messages"

SECTIONS = (
    ("Dashboard", "accounts:dashboard"),
    ("Service credit", "pensions:service_credit"),
    ("Estimates", "pensions:estimates"),
    ("Beneficiaries", "pensions:beneficiaries"),
    ("Insurance", "insurance:overview"),
    ("Retirement application", "applications:overview"),
    ("Message board", MESSAGE_BOARD),
    ("Documents", "accounts:documents"),
)


@dataclass(frozen=True)
class Section:
    label: str
    url: str
    current: bool
    shows_unread: bool


@lru_cache(maxsize=16)
def _urls(urlconf, script_prefix):
    return tuple((name, label, reverse(name, urlconf=urlconf), name == MESSAGE_BOARD) for label, name in SECTIONS)


def sections_for(path, member_portal):
    """The sections open in ``member_portal``, the one at ``path`` marked current (the link gets
    aria-current="page")."""
    return [Section(label, url, url == path, shows_unread)
            for name, label, url, shows_unread in _urls(get_urlconf(), get_script_prefix())
            if member_portal.page_open(name)]
