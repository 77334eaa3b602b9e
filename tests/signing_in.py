"""Signing a test client in the way a person does: the password, then the second step (SECURITY.md AU-1).

Every claimed member in the factories has an authenticator app set up with ``TOTP_SECRET``; the code is computed
here like any authenticator app computes it.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.cache import cache
from django.urls import reverse

from tests.factories import TEST_PASSWORD, TOTP_SECRET

STEP_SECONDS = 30  # allauth's MFA_TOTP_PERIOD
STEP_EDGE_SECONDS = 2


def totp_code(secret=TOTP_SECRET):
    """The code an authenticator app shows now for ``secret``. In the last seconds of a 30-second step it waits for
    the next one, as a person would: a code read there can reach the portal in the next step, where it is refused
    (MFA_TOTP_TOLERANCE = 0) — a sign-in that failed at random, about once in a full CI run."""
    remaining = STEP_SECONDS - time.time() % STEP_SECONDS
    if remaining < STEP_EDGE_SECONDS:
        time.sleep(remaining + 0.05)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def enter_code(client, user):
    """Answer allauth's second-step page with the current code. A code works once (SECURITY.md AU-10); a test that
    signs the same person in twice within one 30-second step forgets that it was used, as the next step would."""
    code = totp_code()
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return client.post(reverse("mfa_authenticate"), {"code": code})


def sign_in(client, user, password=TEST_PASSWORD, **extra):
    """Password, then the code when the portal asks for it; the last response."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password}, **extra)
    if response.status_code == 302 and response.url == reverse("mfa_authenticate"):
        response = enter_code(client, user)
    return response
