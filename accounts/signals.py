"""Security notices for changes made through allauth (password, second factor): SECURITY.md AU-15, SS-6; and the
dashboard shown anew when the member, their address or their documents change (accounts.dashboard_cache)."""

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts import services
from accounts.audit import audit
from accounts.auth import axes_username
from accounts.dashboard_cache import member_changed
from accounts.models import Document, MailingAddress, Member, User
from portal.client_ip import client_ip
from portal.middleware import remember_second_factor, start_session_clocks
from portal.security_log import security_event


def _member_of(user):
    return getattr(user, "member", None)


@receiver(user_logged_in)
def on_signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clocks(request)
        remember_second_factor(request, user)


@receiver(user_login_failed)
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (or an unknown login) is one line with the account's id when there is one (LG-2)."""
    login = axes_username(request, credentials)
    user_id = User.objects.filter(email__iexact=login).values_list("pk", flat=True).first() if login else None
    security_event("sign_in_failed", request, user_id=user_id, outcome="wrong password or unknown login")


def _password_changed(request, user, *, action, what):
    with transaction.atomic():
        audit(actor=user, member=_member_of(user), action=action, ip_address=client_ip(request))
        services.notify_security_change(user=user, what=what)


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    _password_changed(request, user, action="accounts.user.password_changed", what="password")


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs):
    _password_changed(request, user, action="accounts.user.password_reset", what="password (reset by e-mail link)")


def _second_factor_changed(request, user, what):
    current = request.session.session_key if request is not None and hasattr(request, "session") else None
    with transaction.atomic():
        # Every other session of this user ends (SECURITY.md SS-6); this one continues under the new hash.
        services.end_all_sessions(user=user, actor=user, keep_session_key=current,
                                  ip_address=client_ip(request) if request else None)
        user.refresh_from_db(fields=["session_epoch"])
        if current is not None:
            update_session_auth_hash(request, user)
            remember_second_factor(request, user)
        audit(actor=user, member=_member_of(user), action=f"accounts.user.{what.replace(' ', '_')}",
              ip_address=client_ip(request) if request else None)
        services.notify_security_change(user=user, what=what)


@receiver(authenticator_added)
def on_authenticator_added(sender, request, authenticator, **kwargs):
    _second_factor_changed(request, authenticator.user, f"two-step verification added ({authenticator.type})")


@receiver(authenticator_removed)
def on_authenticator_removed(sender, request, authenticator, **kwargs):
    _second_factor_changed(request, authenticator.user, f"two-step verification removed ({authenticator.type})")


@receiver(authenticator_reset)
def on_authenticator_reset(sender, request, authenticator, **kwargs):
    _second_factor_changed(request, authenticator.user, f"recovery codes regenerated ({authenticator.type})")


@receiver([post_save, post_delete], sender=Member)
def on_member_changed(sender, instance, **kwargs):
    member_changed(instance.pk)


@receiver([post_save, post_delete], sender=MailingAddress)
@receiver([post_save, post_delete], sender=Document)
def on_member_data_changed(sender, instance, **kwargs):
    member_changed(instance.member_id)
