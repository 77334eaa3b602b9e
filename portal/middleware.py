"""Cross-cutting request rules: session lifetimes, MFA for staff, no caching of private pages."""

import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

SESSION_STARTED_KEY = "portal_auth_at"
SESSION_SEEN_KEY = "portal_seen_at"
# The idle clock moves at most once a minute, so a page view does not write the session (an UPDATE and a COMMIT per
# request otherwise); idle limits are kept to within this minute.
SEEN_WRITE_SECONDS = 60


def start_session_clocks(request):
    """Called at sign-in (accounts.signals): both clocks start when the person signed in, not at their next click."""
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """12 hours at most per sign-in; staff idle 15 minutes (members' 30 come from SESSION_COOKIE_AGE).

    SECURITY.md SS-3, SS-4. Both clocks live in the server-side session, so a kept cookie does not help.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            seen = request.session.get(SESSION_SEEN_KEY, now)
            idle_limit = settings.STAFF_SESSION_IDLE_SECONDS if request.user.is_staff else settings.SESSION_COOKIE_AGE
            if now - started > settings.SESSION_ABSOLUTE_SECONDS or now - seen > idle_limit:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - seen >= SEEN_WRITE_SECONDS:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


SECOND_FACTOR_KEY = "portal_has_second_factor"
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user):
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTOR_TYPES).exists()


def remember_second_factor(request, user):
    """Kept in the session at sign-in and when a factor is added or removed (accounts.signals), so a page costs no
    query for it."""
    request.session[SECOND_FACTOR_KEY] = has_second_factor(user)


class SecondFactorRequiredMiddleware:
    """Everyone signed in has a second factor before anything else opens, the admin included (SECURITY.md AU-1).

    Members and staff who have none yet (their first sign-in) are sent to set one up; those who have one passed it
    at sign-in already (allauth's MFA stage: no authenticated session before it).
    """

    ALLOWED_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (request.user.is_authenticated and not request.path.startswith(self.ALLOWED_PREFIXES)
                and not request.session.get(SECOND_FACTOR_KEY)):
            remember_second_factor(request, request.user)
            if not request.session[SECOND_FACTOR_KEY]:
                return redirect("second_factor_setup")
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """A signed-in person's pages never land in a shared or browser cache (SECURITY.md CR-7)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
