"""The events of a waiver round, for its audit page and the flag for staff."""

from __future__ import annotations

from dataclasses import dataclass

from applications.models import WaiverEvent


@dataclass(frozen=True)
class Seen:
    """Where an act came from, for the audit page and the flag for staff (the view reads it from the request)."""

    ip_address: str | None = None
    user_agent: str = ""
    member_user_id: int | None = None  # the signed-in user of the browser, when there is one


def record_event(waiver, actor, action, *, seen=None, detail="", link_id=None):
    seen = seen or Seen()
    return WaiverEvent.objects.create(waiver=waiver, actor=actor, action=action, detail=detail[:300],
                                      ip_address=seen.ip_address or None, user_agent=seen.user_agent[:300],
                                      link_id=link_id)
