"""Single-use links (SECURITY.md TK-1 … TK-8): a link e-mailed to someone so they can act once, for one purpose, on
one object, without an account: confirming a claim today, the spouse's and the notary's parts of a waiver next.

- :func:`issue` makes the link and returns its token once (for the e-mail): 256 random bits, signed with the
  purpose as salt (a token of one purpose is unknown to every other), and only a SHA-256 hash of it stored.
- :func:`resolve` finds the link a token names, refusing a forged, unknown, used, expired, revoked or locked one;
  it never consumes it (mail scanners open links).
- :func:`consume` uses it up, under a row lock, inside the caller's transaction: of ten concurrent uses exactly
  one gets the link, and if the caller's action fails the link is not used.
- :func:`record_failure` counts a wrong answer to what the link asks (a date of birth) and locks it at the limit;
  :func:`revoke` ends the open links of a purpose for an object (a new e-mail address, a claim completed).

The pages are in accounts.link_pages: the e-mailed URL moves the token into a cookie and redirects to a page
without it, and acting needs a POST.
"""

import hashlib
import secrets
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import SingleUseLink

# Why a link is refused. Only a token with our signature gets past UNKNOWN, so the other reasons are told only to
# someone who holds a link we sent.
UNKNOWN, USED, EXPIRED, REVOKED, LOCKED = "unknown", "used", "expired", "revoked", "locked"
THROTTLED = "throttled"  # too many links opened from one address (SECURITY.md TK-7), whatever the token
LINK_REFUSED = "This link cannot be used. If you still need to act, ask the sender for a new link."
LINK_THROTTLED = "Too many links were opened from your connection. Please wait a few minutes and try again."


class LinkRefused(Exception):
    """A token that names no usable link. ``reason`` is one of the reasons above; ``status`` the page's status:
    404 for a token we never issued for this purpose (as for any unknown page), 410 for a link that ended (TK-2,
    TK-3, TK-8), 429 when too many links were opened from the address."""

    STATUS = {UNKNOWN: 404, THROTTLED: 429}

    def __init__(self, reason):
        self.reason = reason
        self.message = LINK_THROTTLED if reason == THROTTLED else LINK_REFUSED
        self.status = self.STATUS.get(reason, 410)
        super().__init__(self.message)


class Issued(NamedTuple):
    link: SingleUseLink
    token: str  # for the e-mail only: it is stored nowhere


def token_hash(raw_token):
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _target_filter(target):
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def issue(*, purpose, target, lifetime, email=""):
    """A new link for ``purpose`` on ``target`` (a saved model instance), usable for ``lifetime`` (a timedelta)."""
    raw_token = secrets.token_urlsafe(32)  # TK-1: 256 bits from the CSPRNG
    link = SingleUseLink.objects.create(purpose=purpose, email=email, token_hash=token_hash(raw_token),
                                        expires_at=timezone.now() + lifetime, **_target_filter(target))
    return Issued(link, signing.TimestampSigner(salt=purpose).sign(raw_token))


def links_for(*, purpose, target):
    """Every link of ``purpose`` issued for ``target``, newest first."""
    return SingleUseLink.objects.filter(purpose=purpose, **_target_filter(target))


def refusal(link, *, now=None):
    """Why ``link`` cannot be used now, or None when it can."""
    now = now or timezone.now()
    if link.used_at is not None:
        return USED
    if link.revoked_at is not None:
        return REVOKED
    if link.locked_at is not None:
        return LOCKED
    if link.expires_at <= now:
        return EXPIRED
    return None


def _find(token, *, purpose, for_update):
    try:
        raw_token = signing.TimestampSigner(salt=purpose).unsign(token)
    except signing.BadSignature:
        raise LinkRefused(UNKNOWN) from None
    links = SingleUseLink.objects.filter(purpose=purpose, token_hash=token_hash(raw_token))
    link = (links.select_for_update() if for_update else links).first()
    if link is None:
        raise LinkRefused(UNKNOWN)
    return link


def resolve(token, *, purpose):
    """The usable link ``token`` names for ``purpose``; :class:`LinkRefused` otherwise. Never consumes it."""
    link = _find(token, purpose=purpose, for_update=False)
    reason = refusal(link)
    if reason:
        raise LinkRefused(reason)
    return link


def consume(token, *, purpose):
    """Use the link up and return it; :class:`LinkRefused` when it is not usable (used by a concurrent request
    among others). Call it inside the transaction of the action the link allows: the link is used exactly when
    that action commits."""
    with transaction.atomic():
        link = _find(token, purpose=purpose, for_update=True)
        reason = refusal(link)
        if reason:
            raise LinkRefused(reason)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    return link


def record_failure(token, *, purpose, limit):
    """Count one wrong answer given through the link; at ``limit`` wrong answers the link locks for good. Returns
    the link (``locked_at`` set once locked). Call it outside the refused action's transaction, so the count
    stays when that action is rolled back."""
    with transaction.atomic():
        link = _find(token, purpose=purpose, for_update=True)
        reason = refusal(link)
        if reason:
            raise LinkRefused(reason)
        link.failed_attempts += 1
        if link.failed_attempts >= limit:
            link.locked_at = timezone.now()
        link.save(update_fields=["failed_attempts", "locked_at"])
    return link


def revoke(*, purpose, target):
    """End every open link of ``purpose`` for ``target`` (TK-8); returns how many ended."""
    return links_for(purpose=purpose, target=target).filter(used_at=None, revoked_at=None).update(
        revoked_at=timezone.now())
