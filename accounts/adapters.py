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
        """A password typed at sign-in moments ago is as fresh as one typed again: SECURITY.md SS-9 asks again only
        of a session signed in longer ago than ACCOUNT_REAUTHENTICATION_TIMEOUT. allauth counts re-authentications
        alone, so staff setting up their required second factor were asked for the password they had just typed
        (issue 15 item 8)."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        return request is None or not signed_in_with_password_recently(request)


def signed_in_with_password_recently(request) -> bool:
    """The session's own sign-in (its password step, kept by allauth) was within the re-authentication window."""
    if not request.user.is_authenticated:
        return False
    at = [record["at"] for record in get_authentication_records(request, request.user)
          if record.get("method") == "password"]
    return bool(at) and time.time() - at[-1] < account_settings.REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest like every other secret (allauth stores them in clear by default)."""

    def encrypt(self, text):
        return crypto.encrypt(text, context=MFA_SECRET_CONTEXT)

    def decrypt(self, encrypted_text):
        return crypto.decrypt(encrypted_text, context=MFA_SECRET_CONTEXT)
