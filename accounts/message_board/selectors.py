"""Reads of the Message Board. Member reads take the member and return only theirs; nothing here that a member page
calls ever reads internal notes. Each returns what its page needs in a fixed number of queries."""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404

from accounts.message_board.models import InternalNote, Message, Thread
from accounts.models import User

STAFF = Message.Sender.STAFF


def threads_for_member(*, member):
    """The member's threads, latest activity first, each with ``unread``: staff messages the member has not seen."""
    unread = Count("messages", filter=Q(messages__sender=STAFF, messages__seq__gt=F("member_read_seq")))
    return Thread.objects.filter(member=member).annotate(unread=unread).order_by("-last_message_at", "-id")


def thread_for_member(*, member, thread_id):
    """The member's own thread; anyone else's id is the same 404 as a missing one."""
    return get_object_or_404(Thread.objects.filter(member=member), pk=thread_id)


def messages_for_member(*, member, thread):
    """The messages of the member's thread in order, with their attachments, in one query."""
    return list(Message.objects.filter(thread=thread, thread__member=member).select_related("document")
                .order_by("seq"))


def unread_replies_of(member):
    """Staff replies the member has not read, across their threads: kept in their inbox, which comes with the
    signed-in user (accounts.auth), so the navigation shows it with no query of its own."""
    try:
        return member.inbox.unread_replies
    except ObjectDoesNotExist:  # no thread started yet
        return 0


# ---------------------------------------------------------------------------------------------------------------
# Staff (the admin workspace checks the staff member's permission before calling these)
# ---------------------------------------------------------------------------------------------------------------

def thread_for_staff(*, thread_id):
    return get_object_or_404(Thread.objects.select_related("member", "assigned_to"), pk=thread_id)


def conversation_for_staff(*, thread):
    """Messages (with author and attachment) and internal notes (with author) of a thread: two queries."""
    messages = list(Message.objects.filter(thread=thread).select_related("author", "document").order_by("seq"))
    notes = list(InternalNote.objects.filter(thread=thread).select_related("author").order_by("created_at", "id"))
    return messages, notes


def message_with_attachment_for_staff(*, thread_id, message_id):
    messages = Message.objects.filter(thread_id=thread_id, document__isnull=False)
    return get_object_or_404(messages.select_related("document", "thread__member"), pk=message_id)


def staff_who_can_answer():
    """Active staff holding the permission to act on threads, through a group, directly, or as superusers."""
    perm = Q(groups__permissions__codename="change_thread",
             groups__permissions__content_type__app_label="message_board")
    direct = Q(user_permissions__codename="change_thread",
               user_permissions__content_type__app_label="message_board")
    return (User.objects.filter(is_active=True, is_staff=True).filter(perm | direct | Q(is_superuser=True))
            .distinct().order_by("first_name", "last_name", "email"))
