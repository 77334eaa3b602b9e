"""The pages side of single-use links (accounts.links, SECURITY.md TK-4, TK-6).

The e-mailed URL carries the token; :func:`open_link` checks it (never consuming it), keeps it in a signed,
HttpOnly cookie that only the link's own page receives, and redirects there, so the token leaves the address bar,
the history and any Referer. That response sends no referrer at all. The page reads the token back with
:func:`token_from`, shows itself on GET and acts only on a POST. Nothing here creates a session or signs anyone in.
"""

from datetime import timedelta

from allauth.core.internal import ratelimit  # the public wrapper never limits a GET; opening a link is one
from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render

from accounts import links

# How long the page keeps the token after the e-mailed link was opened: long enough to read and complete the page;
# after that, opening the e-mailed link again (while it lasts) starts over. SECURITY.md TK-4: a short-lived cookie.
COOKIE_LIFETIME = timedelta(hours=2)
REFUSED_TEMPLATE = "accounts/link_refused.html"


def cookie_name(purpose):
    return "link_" + "".join(ch if ch.isalnum() else "_" for ch in purpose)


def _cookie_salt(purpose):
    return f"accounts.link_pages:{purpose}"


def no_referrer(response):
    """The URL with a token withholds it from every Referer. Only that URL: on the page itself browsers would then
    post forms with "Origin: null", which CSRF refuses."""
    response["Referrer-Policy"] = "no-referrer"
    return response


def open_link(request, token, *, purpose, page):
    """The response to the e-mailed URL: a redirect to ``page`` (a path without the token) carrying the token in
    a cookie scoped to that path. :class:`links.LinkRefused` when the token names no usable link, or when the
    address opened too many links (``open_link`` in ACCOUNT_RATE_LIMITS; SECURITY.md TK-7)."""
    if not ratelimit.consume(request, app="allauth.account", action="open_link", limit_get=True):
        raise links.LinkRefused(links.THROTTLED)
    links.resolve(token, purpose=purpose)
    response = redirect(page)
    response.set_signed_cookie(cookie_name(purpose), token, salt=_cookie_salt(purpose), path=page,
                               max_age=int(COOKIE_LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)
    return no_referrer(response)


def token_from(request, *, purpose):
    """The token the page's cookie holds; :class:`links.LinkRefused` (unknown) when there is none or it was
    tampered with. The caller resolves or consumes it: the cookie proves nothing by itself."""
    try:
        token = request.get_signed_cookie(cookie_name(purpose), salt=_cookie_salt(purpose),
                                          max_age=COOKIE_LIFETIME)
    except (KeyError, signing.BadSignature):
        raise links.LinkRefused(links.UNKNOWN) from None
    return token


def forget(response, *, purpose, page):
    """Drop the page's cookie once the link has been used."""
    response.delete_cookie(cookie_name(purpose), path=page, samesite="Lax")
    return response


def refused(request, refusal):
    """The page for a refused link: the same words whatever the reason, so it reveals nothing about the link."""
    return render(request, REFUSED_TEMPLATE, {"message": refusal.message}, status=refusal.status)
