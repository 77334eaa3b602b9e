import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.urls import reverse

from portal import crypto
from portal.client_ip import client_ip

MFA_SECRET_CONTEXT = "allauth.mfa.authenticator.secret"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Nobody signs up: member records come from employers and are claimed (accounts:claim)."""
        return False

    def get_client_ip(self, request):
        return client_ip(request)

    def get_login_redirect_url(self, request):
        """Staff have no member dashboard: they go to the admin."""
        if request.user.is_staff:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app, **kwargs):
        """allauth counts only a re-authentication as recent, with one exception here: someone setting up their
        first second factor right after signing in (the portal sends everyone without one straight there:
        portal.middleware) typed their password moments ago, and being asked for it again was the first thing new
        staff met (issue 15 item 8). Every other sensitive change still asks for it (SECURITY.md SS-9)."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        return not (app == "allauth.mfa" and request is not None and first_factor_set_up_after_sign_in(request))


def first_factor_set_up_after_sign_in(request) -> bool:
    """The session was signed in with the password alone (no second step: the user had none yet) within the
    re-authentication window."""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if any(record.get("method") == "mfa" for record in records):
        return False
    at = [record["at"] for record in records if record.get("method") == "password"]
    return bool(at) and time.time() - at[-1] < account_settings.REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest like every other secret (allauth stores them in clear by default)."""

    def encrypt(self, text):
        return crypto.encrypt(text, context=MFA_SECRET_CONTEXT)

    def decrypt(self, encrypted_text):
        return crypto.decrypt(encrypted_text, context=MFA_SECRET_CONTEXT)
