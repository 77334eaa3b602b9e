"""Authentication hooks: the login key django-axes locks on, and the backends that load the signed-in user."""

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model

User = get_user_model()


def axes_username(request, credentials):
    """django-axes keys lockouts on the login e-mail; allauth posts it as ``login`` or passes ``email``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if value is None and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return (value or "").strip().lower()


class LoadsMemberWithUser:
    """The signed-in user comes with their member record, its employer and their Message board inbox (the unread
    count in the navigation) in one query: every member page shows them, and each would otherwise cost a query."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("member__employer", "member__inbox").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(LoadsMemberWithUser, backends.ModelBackend):
    """Django's username backend (the admin's login form)."""


class AuthenticationBackend(LoadsMemberWithUser, auth_backends.AuthenticationBackend):
    """allauth's e-mail backend (the portal's sign-in)."""
