from allauth.account.adapter import DefaultAccountAdapter
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


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest like every other secret (allauth stores them in clear by default)."""

    def encrypt(self, text):
        return crypto.encrypt(text, context=MFA_SECRET_CONTEXT)

    def decrypt(self, encrypted_text):
        return crypto.decrypt(encrypted_text, context=MFA_SECRET_CONTEXT)
