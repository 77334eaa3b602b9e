"""Message board test data, made through the services as members and staff make it (STYLE.md: state through
actions, not ``.save()``)."""

import io

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.message_board import services
from accounts.uploads import validate_upload
from tests.factories import StaffUserFactory, start_message_thread

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

__all__ = ["answerer", "clean_png", "png_bytes", "png_upload", "staff_in", "start_message_thread", "thread_with"]


def png_bytes(size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="court-order.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def clean_png(name="court-order.png"):
    return validate_upload(png_upload(name))


def staff_in(group, **fields):
    """A staff user of ``group`` (Reviewer, Supervisor) with an authenticator, so the admin opens for them."""
    user = StaffUserFactory(**fields)
    user.groups.add(Group.objects.get(name=group))
    TOTP.activate(user, TOTP_SECRET)
    return user


def answerer(**fields):
    """A staff user allowed to act on threads through a permission of their own (the groups of the data migrations
    are gone in transactional tests, which flush the database)."""
    user = StaffUserFactory(**fields)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="message_board", codename="change_thread"))
    return user


def thread_with(member, staff_user, *, messages, attachment_every=0, **kwargs):
    """A thread of ``messages`` messages alternating member, staff, member, …; every ``attachment_every``-th member
    message carries a picture."""
    def attachment(n):
        return clean_png() if attachment_every and n % attachment_every == 0 else None

    thread = start_message_thread(member, attachment=attachment(0), **kwargs)
    for n in range(1, messages):
        if n % 2:
            services.post_staff_reply(thread_id=thread.pk, body=f"Answer {n}", staff_user=staff_user)
        else:
            services.post_member_reply(member=member, thread=thread, body=f"Question {n}", actor=member.user,
                                       attachment=attachment(n))
    thread.refresh_from_db()
    return thread
