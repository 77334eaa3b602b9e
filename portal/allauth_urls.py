"""Which of allauth's pages the portal uses, and the rest closed (SECURITY.md SS-9, AU-15).

allauth ships pages the portal does not use: its own e-mail management (add an address, make it primary, remove
the old one — without the password and without telling the old address: an account takeover from any open
session), setting a first password, sign-in and
re-authentication by e-mailed code. Unlinking them is not enough: the URLs still answer. Every allauth route whose
name is not in ``USED`` below is served by ``closed`` (a 404) under its own path and name, ahead of allauth's, so
a route a later allauth release adds is closed until someone adds it here on purpose, with the reason.
"""

import re

from django.http import Http404
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.urls.resolvers import RegexPattern

# Each allauth route the portal serves, and why. Changes of a credential go through allauth's re-authentication
# (ACCOUNT_REAUTHENTICATION_REQUIRED, MFA's default) and send a notice to the address on file (accounts.signals).
USED = {
    "account_login": "signing in",
    "account_logout": "signing out",
    "account_signup": "sign-up stays shut (AccountAdapter.is_open_for_signup): the page sends people to claim their record",
    "account_inactive": "where allauth sends a login that staff deactivated",
    "account_reauthenticate": "the password asked again before a sensitive change",
    "account_change_password": "changing the password: re-authentication first (portal/urls.py), then a notice",
    "account_reset_password": "forgotten password: asks for the address on file",
    "account_reset_password_done": "forgotten password: 'check your e-mail'",
    "account_reset_password_from_key": "forgotten password: the e-mailed link (it never signs in: AU-2)",
    "account_reset_password_from_key_done": "forgotten password: 'your password is changed'",
    "account_email_verification_sent": "mandatory verification of a login created outside the claim (staff)",
    "account_confirm_email": "the e-mailed verification link of such a login",
    "mfa_index": "the Security page: the member's second factors",
    "mfa_authenticate": "the second step of signing in",
    "mfa_reauthenticate": "re-authentication with the second factor",
    "mfa_activate_totp": "adding an authenticator app (re-authentication first, then a notice)",
    "mfa_deactivate_totp": "removing it (re-authentication first, then a notice)",
    "mfa_view_recovery_codes": "recovery codes shown on screen",
    "mfa_generate_recovery_codes": "new recovery codes (re-authentication first, then a notice)",
    "mfa_download_recovery_codes": "recovery codes as a file to keep",
    "mfa_list_webauthn": "the member's passkeys",
    "mfa_add_webauthn": "adding a passkey (re-authentication first, then a notice)",
    "mfa_remove_webauthn": "removing a passkey (re-authentication first, then a notice)",
    "mfa_edit_webauthn": "renaming a passkey",
    "mfa_reauthenticate_webauthn": "re-authentication with a passkey",
    "usersessions_list": "the member's signed-in devices (re-authentication first: portal/urls.py)",
}


def closed(request, *args, **kwargs):
    """A page of allauth's the portal does not use: as if it did not exist."""
    raise Http404("This page is not used by the portal.")


def allauth_patterns(patterns=None, prefix=""):
    """Every (prefix, pattern) of allauth's URL tree; the prefix is relative to ``accounts/``."""
    if patterns is None:
        patterns = include("allauth.urls")[0].urlpatterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from allauth_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix, pattern


def _closing_pattern(prefix, pattern):
    """The same path and name as allauth's pattern, served by ``closed``."""
    if isinstance(pattern.pattern, RegexPattern):
        return re_path("^" + re.escape(prefix) + str(pattern.pattern).lstrip("^"), closed, name=pattern.name)
    return path(prefix + str(pattern.pattern), closed, name=pattern.name)


# Placed ahead of ``include("allauth.urls")`` under ``accounts/``: the first match wins, so these answer 404.
closed_urlpatterns = [_closing_pattern(prefix, pattern) for prefix, pattern in allauth_patterns()
                      if pattern.name not in USED]
