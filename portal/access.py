"""Who may open a view: every URL of the portal is in exactly one access class (SECURITY.md AC-1, AC-2).

Views declare their class with these decorators; third-party URL trees (the admin, allauth) are classified by
their namespace or prefix below. The security sweeps in tests/security/ walk the URL resolver, read the class of
each pattern and fail on any pattern without one, so a new page cannot escape them.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from portal.member_portal import portal_for
from portal.security_log import security_event

PUBLIC = "public"  # anyone, signed in or not (sign-in, claiming an account, health check)
MEMBER = "member"  # a signed-in member; objects named in the URL belong to that member or are a 404
STAFF = "staff"  # the Django admin: staff with MFA
TOKEN = "token"  # capability links sent by e-mail (waiver, claim confirmation): the token is the authority
ACCOUNT = "account"  # allauth's own pages (sign-in flow, password, MFA settings)


@dataclass(frozen=True)
class Access:
    kind: str
    # URL keyword → model label ("accounts.Document") of a member-owned object that keyword selects.
    owns: dict = field(default_factory=dict)


def public(view):
    view.access = Access(PUBLIC)
    return view


def token_link(view):
    view.access = Access(TOKEN)
    return view


def member_view(view=None, *, owns=None):
    """Signed-in members only; the view gets ``request.member``. Staff without a member record get a 404, and so
    does a page closed to the member's status (portal.member_portal: a retiree's pages for a working member and the
    reverse)."""

    def decorate(func):
        @login_required
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            member = getattr(request.user, "member", None)
            if member is None:
                raise Http404("No member record for this login.")
            match = getattr(request, "resolver_match", None)
            if match is not None and not portal_for(member.status).page_open(match.view_name):
                raise Http404("This page is not part of the portal for your membership status.")
            request.member = member
            if not owns:
                return func(request, *args, **kwargs)
            try:
                return func(request, *args, **kwargs)
            except Http404:
                # Someone else's object, or none: the same 404, and one line for the investigator (LG-3, AC-10).
                security_event("ownership_refused", request, user_id=request.user.pk,
                               ids=",".join(f"{key}:{kwargs[key]}" for key in owns if key in kwargs))
                raise

        wrapper.access = Access(MEMBER, dict(owns or {}))
        return wrapper

    return decorate(view) if view is not None else decorate


# Classes of URL trees we do not write ourselves, by namespace or path prefix.
THIRD_PARTY_PREFIXES = {
    "admin/": STAFF,
    "accounts/": ACCOUNT,
    "static/": PUBLIC,
}


def access_of(callback, route):
    """The access class of a resolved pattern, or None when unclassified (the sweeps fail on None)."""
    access = getattr(callback, "access", None)
    if access is not None:
        return access
    for prefix, kind in THIRD_PARTY_PREFIXES.items():
        if route.startswith(prefix):
            return Access(kind)
    return None
