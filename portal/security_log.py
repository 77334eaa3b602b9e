"""Security events an investigator can use (SECURITY.md LG-2, LG-3, AC-10).

One line per event on the ``portal.security`` logger: the event, the user id where one is known, the route, and
the client address as a keyed hash — the same address always gives the same value, so an investigator can follow
one client across events and match it against the proxy's logs with the key, while the log itself holds no address.
Never a password, code, token or SSN.
"""

import logging
from datetime import UTC

from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.client_ip import client_ip

logger = logging.getLogger("portal.security")
CLIENT_HASH_SALT = "portal.security_log.client"


def client_ref(request):
    """A keyed hash (HMAC-SHA256 under SECRET_KEY, salted for this use) of the client's address, 16 hex digits."""
    address = client_ip(request) if request is not None else ""
    return salted_hmac(CLIENT_HASH_SALT, address, algorithm="sha256").hexdigest()[:16] if address else "-"


def security_event(event, request, *, user_id=None, **fields):
    """Log ``event`` as one WARNING line of ``key=value`` pairs (UTC time, user id, route, client hash, agent)."""
    match = getattr(request, "resolver_match", None)
    values = {
        "event": event,
        "at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "user_id": user_id if user_id is not None else "-",
        "route": (match.view_name if match else getattr(request, "path", "-")) or "-",
        "client": client_ref(request),
        "agent": (request.META.get("HTTP_USER_AGENT", "")[:80] if request is not None else "") or "-",
        **fields,
    }
    logger.warning(" ".join(f"{key}={_quoted(value)}" for key, value in values.items()), extra={"security": values})


def _quoted(value):
    text = str(value).replace('"', "'")
    return f'"{text}"' if (" " in text or not text) else text
