"""Every write of the accounts app: one function per use case, atomic, audited, notices through the outbox."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts import links
from accounts.audit import audit
from accounts.models import MailingAddress, Member, User
from accounts.outbox import queue_email
from portal.errors import ServiceError

CLAIM_LINK_LIFETIME = timedelta(hours=24)  # SECURITY.md AU-14: claim codes expire within 24 hours
CLAIM_PURPOSE = "accounts.claim"  # also the signing salt of claim links sent before links were shared

# Messages shown to the person claiming; the mismatch message never says which detail was wrong.
CLAIM_NO_MATCH = ("We could not match those details to a member record. Check your member ID, date of birth and the "
                  "last four digits of your Social Security number against your annual statement, or call us.")
CLAIM_ALREADY_CLAIMED = ("This member record already has an online account. Sign in, or use “Forgot your password?” "
                         "if you cannot.")
MOVE_NOT_CANCELLABLE = ("This move has already taken effect or was cancelled: to change your address now, enter "
                        "the new one.")
EMAIL_IN_USE = "That e-mail address is already used by another account. Use a different address."
CLAIM_LINK_INVALID = "This link is not valid or has expired. Start again to get a new link."
CLAIM_LINK_USED = "This link has already been used. Sign in with the password you chose."


class AccountError(ServiceError):
    """A use case of the accounts app refused."""


# ---------------------------------------------------------------------------------------------------------------
# Notices
# ---------------------------------------------------------------------------------------------------------------

def notify_security_change(*, user, what, to=None, when=None):
    """Tell the member a credential or contact detail changed, so a stranger's change cannot go unnoticed."""
    when = when or timezone.now()
    queue_email(
        dedupe_key=f"security:{user.pk}:{what}:{when.isoformat()}",
        to=to or user.email,
        template="accounts/emails/security_change",
        context={"what": what, "when": timezone.localtime(when)},
    )


# ---------------------------------------------------------------------------------------------------------------
# Claiming a member record
# ---------------------------------------------------------------------------------------------------------------

def start_claim(*, member_id, date_of_birth, ssn_last4, email, ip_address=None):
    """Check the identity proof and e-mail a confirmation link. Returns the link (accounts.links).

    Raises AccountError with CLAIM_NO_MATCH whatever the mismatch, so the response never tells which field
    was wrong; the caller throttles attempts.
    """
    email = email.strip().lower()
    member = Member.objects.filter(member_id=member_id).select_related("user").first()
    matches = (member is not None and member.date_of_birth == date_of_birth
               and secrets.compare_digest(member.ssn_last4, ssn_last4))
    if not matches:
        audit(actor=None, action="accounts.claim.refused", ip_address=ip_address,
              data={"member_id_format_ok": True})
        raise AccountError(CLAIM_NO_MATCH)
    if member.user_id is not None:
        raise AccountError(CLAIM_ALREADY_CLAIMED)
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(EMAIL_IN_USE)
    with transaction.atomic():
        claim, token = links.issue(purpose=CLAIM_PURPOSE, target=member, email=email, lifetime=CLAIM_LINK_LIFETIME)
        audit(actor=None, member=member, action="accounts.claim.started", target=f"claim:{claim.pk}",
              ip_address=ip_address)
        queue_email(dedupe_key=f"claim:{claim.pk}", to=email, template="accounts/emails/claim_confirm",
                    context={"member": member, "link": settings.PORTAL_BASE_URL.rstrip("/")
                             + reverse("accounts:claim_confirm_token", args=[token]),
                             "hours": int(CLAIM_LINK_LIFETIME.total_seconds() // 3600)})
    return claim


def claim_refusal_message(refusal):
    """What the person claiming reads about a refused link: whether it was used, or is otherwise not valid (or, when
    too many links were opened from the address, to wait)."""
    if refusal.reason == links.THROTTLED:
        return refusal.message
    return CLAIM_LINK_USED if refusal.reason == links.USED else CLAIM_LINK_INVALID


def complete_claim(*, token, password, ip_address=None):
    """Create the login for a confirmed claim. Single use: a second or concurrent completion is refused."""
    with transaction.atomic():
        try:
            claim = links.consume(token, purpose=CLAIM_PURPOSE)
        except links.LinkRefused as refusal:
            raise AccountError(claim_refusal_message(refusal)) from None
        member = Member.objects.select_for_update().get(pk=claim.target_id)
        if member.user_id is not None:
            raise AccountError(CLAIM_ALREADY_CLAIMED)
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=claim.email, password=password,
                                                first_name=member.first_name, last_name=member.last_name)
        except IntegrityError:
            raise AccountError(EMAIL_IN_USE) from None
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        member.user, member.claimed_at, member.personal_email = user, claim.used_at, user.email
        member.save(update_fields=["user", "claimed_at", "personal_email"])
        links.revoke(purpose=CLAIM_PURPOSE, target=member)  # the record's other claim links die
        audit(actor=user, member=member, action="accounts.claim.completed", target=f"claim:{claim.pk}",
              ip_address=ip_address)
    return user


# ---------------------------------------------------------------------------------------------------------------
# Profile
# ---------------------------------------------------------------------------------------------------------------

def change_email(*, member, new_email, actor, ip_address=None):
    """Change the login and contact e-mail; the notice goes to the previous address (SECURITY.md AU-15)."""
    user = member.user
    new_email = new_email.strip().lower()
    old_email = user.email
    if new_email == old_email:
        return user
    with transaction.atomic():
        if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
            raise AccountError(EMAIL_IN_USE)
        user.email = new_email
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=new_email, verified=True, primary=True)
        member.personal_email = new_email
        member.save(update_fields=["personal_email"])
        audit(actor=actor, member=member, action="accounts.member.email_changed", ip_address=ip_address,
              data={"from": old_email, "to": new_email})
        notify_security_change(user=user, what="e-mail address", to=old_email)
    return user


def change_phone(*, member, phone, actor, ip_address=None):
    old = member.phone
    if phone == old:
        return member
    with transaction.atomic():
        member.phone = phone
        member.save(update_fields=["phone"])
        audit(actor=actor, member=member, action="accounts.member.phone_changed", ip_address=ip_address,
              data={"from": old, "to": phone})
        notify_security_change(user=member.user, what="phone number")
    return member


def change_address(*, member, actor, effective_date, ip_address=None, today=None, **fields):
    """Record a mailing address from ``effective_date`` (today, or a future date for a move).

    A move is confirmed by e-mail with its date and the new address; a change for today gets the usual notice.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        address = MailingAddress(member=member, effective_date=effective_date, **fields)
        address.full_clean()
        MailingAddress.objects.filter(member=member, effective_date=effective_date).delete()
        address.save()
        audit(actor=actor, member=member, action="accounts.member.address_changed", ip_address=ip_address,
              data={"effective_date": effective_date.isoformat(), "address": str(address)})
        if member.user_id is None:  # staff may record the address of a member with no online account
            return address
        if effective_date > today:
            queue_email(dedupe_key=f"accounts:move-scheduled:{address.pk}", to=member.user.email,
                        template="accounts/emails/move_scheduled", context={"member": member, "address": address})
        else:
            notify_security_change(user=member.user, what="mailing address")
    return address


def cancel_scheduled_move(*, member, address_id, actor, ip_address=None, today=None):
    """Cancel a move before it takes effect: the address on file stays; audited, and the member is told."""
    today = today or timezone.localdate()
    with transaction.atomic():
        move = MailingAddress.objects.select_for_update().filter(member=member, pk=address_id).first()
        if move is None or move.effective_date <= today:
            raise AccountError(MOVE_NOT_CANCELLABLE)
        audit(actor=actor, member=member, action="accounts.member.move_cancelled", ip_address=ip_address,
              data={"effective_date": move.effective_date.isoformat(), "address": str(move)})
        if member.user_id is not None:
            queue_email(dedupe_key=f"accounts:move-cancelled:{move.pk}", to=member.user.email,
                        template="accounts/emails/move_cancelled", context={"member": member, "address": move})
        move.delete()
    return move


def save_member_by_staff(*, member, changed_fields, actor, ip_address=None):
    """Staff create or correct a member record in the admin (its form has checked the values): saved and audited with
    the names of the fields changed (never their values: the SSN is one of them)."""
    created = member._state.adding
    with transaction.atomic():
        member.save()
        audit(actor=actor, member=member, ip_address=ip_address,
              action="accounts.member.created_by_staff" if created else "accounts.member.changed_by_staff",
              data={"fields": list(changed_fields)})
    return member


def record_sensitive_view(*, staff_user, member, what, reason=None, ip_address=None):
    """A staff member saw a member's sensitive data (SECURITY.md AC-10), with the reason they gave when asked."""
    return audit(actor=staff_user, member=member, action=f"accounts.member.{what}_viewed", ip_address=ip_address,
                 data={"reason": reason} if reason else None)


def end_all_sessions(*, user, actor, ip_address=None, keep_session_key=None) -> int:
    """End every session of ``user``, wherever it is signed in (SECURITY.md SS-8): a new session epoch makes every
    existing session's hash stale, and the recorded sessions are deleted from the store. ``keep_session_key`` spares
    the caller's own session, whose hash the caller then updates (``update_session_auth_hash``). Returns how many
    were ended."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        sessions = list(UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""))
        for session in sessions:
            session.end()
        audit(actor=actor, member=getattr(user, "member", None), action="accounts.user.sessions_ended",
              target=f"user:{user.pk}", data={"sessions": len(sessions)}, ip_address=ip_address)
    return len(sessions)
