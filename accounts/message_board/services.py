"""Every write of the Message Board: one function per use case, atomic, audited, notices through the outbox.

Each change to a thread locks its row first (``select_for_update``), so two staff replying at once both land, one
after the other, numbered in order, and an assignment is checked against what the person saw before it changes.
Messages and internal notes are only ever added (accounts.models.AppendOnlyModel). A member's message moves their
retirement application back under review when it was waiting for them (``applications.submitted_services``).
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit
from accounts.message_board.business_days import answer_due
from accounts.message_board.models import MESSAGE_MAX_LENGTH, InternalNote, Message, MessageInbox, OverdueAlert, Thread
from accounts.message_board.ssn_guard import mask_ssn_shaped
from accounts.models import Document, User
from accounts.outbox import queue_email
from accounts.uploads import store_document
from applications.submitted_services import member_answered  # a retirement application waiting for the member
from portal.errors import ServiceError
from portal.storage import private_storage

# Refusals, shown to the person as they are.
EMPTY_MESSAGE = "Write your message before sending it."
MESSAGE_TOO_LONG = ("Your message has {length:,} characters; one message can hold up to {limit:,}. Shorten it, or "
                    "send the rest in a second message.")
TOPIC_NOT_AVAILABLE = ("We answer estimate requests on the Message board only for members with an Eligible Domestic "
                       "Relations Order (EDRO) on file. You can run your own estimate on the Estimates page.")
THREAD_CLOSED = ("This conversation is closed, so it cannot take a reply. If you still need help, start a new "
                 "message.")
STAFF_THREAD_CLOSED = "This thread is closed. Reopen it first if the member needs another answer."
ALREADY_CLOSED = "This thread is already closed."
ALREADY_OPEN = "This thread is already open."
ASSIGNMENT_CHANGED = ("The assignment of this thread changed while you were looking at it: it is now {now}. Nothing "
                      "was changed. Check who has it, then assign it again if you still need to.")
NOT_AN_ANSWERER = "{who} cannot answer Message board threads, so the thread cannot be assigned to them."


class MessageBoardError(ServiceError):
    """A use case of the message board refused."""


def topics_for_member(member):
    """The topics ``member`` may write about: the estimate request only with an EDRO on file (RULES §12)."""
    return [topic for topic in Thread.Topic
            if topic != Thread.Topic.ESTIMATE_REQUEST or member.edro_on_file]


def clean_body(body):
    """The message as stored: trimmed, within the limit, any SSN-shaped number masked (the forms warn first,
    issue 15 item 9; here nothing shaped like an SSN is ever stored, whoever writes)."""
    body = mask_ssn_shaped((body or "").strip())
    if not body:
        raise MessageBoardError(EMPTY_MESSAGE)
    if len(body) > MESSAGE_MAX_LENGTH:
        raise MessageBoardError(MESSAGE_TOO_LONG.format(length=len(body), limit=MESSAGE_MAX_LENGTH))
    return body


# ---------------------------------------------------------------------------------------------------------------
# The member's side
# ---------------------------------------------------------------------------------------------------------------

def start_thread(*, member, topic, body, actor, attachment=None, ip_address=None, now=None):
    """Open a thread with its first message (and an optional checked file); the answer clock starts.

    ``attachment`` is a ``CleanFile`` from accounts.uploads; it joins the member's Documents, within their quota
    (``UploadRejected`` when over it). Nothing is stored when anything fails.
    """
    now = now or timezone.now()
    body = clean_body(body)
    if topic not in topics_for_member(member):
        raise MessageBoardError(TOPIC_NOT_AVAILABLE)
    with _files_removed_on_failure() as stored:
        with transaction.atomic():
            thread = Thread.objects.create(member=member, topic=topic, created_at=now, last_message_at=now)
            MessageInbox.objects.get_or_create(member=member)  # staff replies count into it from now on
            document = _store_attachment(member, thread, attachment, actor, stored)
            message = _append(thread, sender=Message.Sender.MEMBER, author=actor, body=body, document=document,
                              now=now)
            audit(actor=actor, member=member, action="accounts.thread.started", target=f"thread:{thread.pk}",
                  ip_address=ip_address, data={"topic": topic, "attachment": document is not None,
                                               "answer_due_at": message.answer_due_at.isoformat()})
            member_answered(member=member, actor=actor, ip_address=ip_address)
    return thread


def post_member_reply(*, member, thread, body, actor, attachment=None, ip_address=None, now=None):
    """Add the member's message to their own open thread. ``thread`` comes from ``thread_for_member``."""
    body = clean_body(body)
    with _files_removed_on_failure() as stored:
        with transaction.atomic():
            thread = Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk, member=member)
            if not thread.is_open:
                raise MessageBoardError(THREAD_CLOSED)
            now = now or timezone.now()  # read under the lock, so times follow the numbering
            document = _store_attachment(member, thread, attachment, actor, stored)
            message = _append(thread, sender=Message.Sender.MEMBER, author=actor, body=body, document=document,
                              now=now)
            audit(actor=actor, member=member, action="accounts.thread.member_replied", target=f"thread:{thread.pk}",
                  ip_address=ip_address, data={"seq": message.seq, "attachment": document is not None})
            member_answered(member=member, actor=actor, ip_address=ip_address)
    return message


def mark_read_by_member(*, thread, up_to_seq):
    """The member has seen the messages up to ``up_to_seq``: 1 when that moved the marker, else 0. It only moves
    forward, so an older page load never marks fewer messages read, and the member's unread count drops by the staff
    replies newly read, under the thread's lock, so a reply arriving at that moment is counted exactly once. Not
    audited: it records what the member has seen, not a change to their record."""
    if up_to_seq <= thread.member_read_seq:
        return 0  # the marker never moves back, so nothing newer was read since the page loaded the thread
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if up_to_seq <= thread.member_read_seq:
            return 0
        newly_read = Message.objects.filter(thread=thread, sender=Message.Sender.STAFF,
                                            seq__gt=thread.member_read_seq, seq__lte=up_to_seq).count()
        Thread.objects.filter(pk=thread.pk).update(member_read_seq=up_to_seq)
        _count_unread(thread.member_id, -newly_read)
    return 1


# ---------------------------------------------------------------------------------------------------------------
# The staff side
# ---------------------------------------------------------------------------------------------------------------

def post_staff_reply(*, thread_id, body, staff_user, attachment=None, ip_address=None, now=None):
    """Answer the member: the answer clock stops, and the member gets an e-mail saying a reply is waiting.

    ``attachment`` is a ``CleanFile`` from accounts.uploads (content-checked and scanned like a member's file); it
    joins the member's Documents as a letter from the office, outside their upload quota. Nothing is stored when
    anything fails."""
    body = clean_body(body)
    with _files_removed_on_failure() as stored:
        with transaction.atomic():
            thread = _locked(thread_id)
            if not thread.is_open:
                raise MessageBoardError(STAFF_THREAD_CLOSED)
            now = now or timezone.now()  # read under the lock, so times follow the numbering
            document = _store_attachment(thread.member, thread, attachment, staff_user, stored,
                                         kind=Document.Kind.LETTER,
                                         title=f"Sent with our reply: {thread.get_topic_display()}")
            message = _append(thread, sender=Message.Sender.STAFF, author=staff_user, body=body, document=document,
                              now=now)
            _count_unread(thread.member_id, 1)
            audit(actor=staff_user, member=thread.member, action="accounts.thread.staff_replied",
                  target=f"thread:{thread.pk}", ip_address=ip_address,
                  data={"seq": message.seq, "attachment": document is not None})
            _notify_member_of_reply(thread, message)
    return message


def start_staff_thread(*, member, topic, body, staff_user, ip_address=None, now=None):
    """The office writes first (a question about the member's application): a thread opened with a staff message,
    nothing due from the office until the member answers; the member is told a message is waiting."""
    now = now or timezone.now()
    body = clean_body(body)
    with transaction.atomic():
        thread = Thread.objects.create(member=member, topic=topic, created_at=now, last_message_at=now)
        MessageInbox.objects.get_or_create(member=member)
        message = _append(thread, sender=Message.Sender.STAFF, author=staff_user, body=body, document=None, now=now)
        _count_unread(member.pk, 1)
        audit(actor=staff_user, member=member, action="accounts.thread.started_by_staff", target=f"thread:{thread.pk}",
              ip_address=ip_address, data={"topic": topic})
        thread.member = member
        _notify_member_of_reply(thread, message)
    return thread


def add_internal_note(*, thread_id, body, staff_user, ip_address=None, now=None):
    """A note for colleagues only; the member's pages never read internal notes."""
    body = clean_body(body)
    with transaction.atomic():
        thread = Thread.objects.select_related("member").get(pk=thread_id)
        note = InternalNote.objects.create(thread=thread, author=staff_user, body=body,
                                           created_at=now or timezone.now())
        audit(actor=staff_user, member=thread.member, action="accounts.thread.note_added",
              target=f"thread:{thread.pk}", ip_address=ip_address, data={"note": note.pk})
    return note


def assign_thread(*, thread_id, assignee, expected_assignee_id, staff_user, ip_address=None):
    """Give the thread to ``assignee`` (or to nobody), if it is still assigned as the person last saw it.

    ``expected_assignee_id`` is the assignee shown on the page the person acted from: when someone else changed
    it since, nothing changes and MessageBoardError says who has it now, so an assignment is never overwritten
    unseen.
    """
    if assignee is not None and not can_answer(assignee):
        raise MessageBoardError(NOT_AN_ANSWERER.format(who=assignee.get_full_name() or assignee.email))
    with transaction.atomic():
        thread = _locked(thread_id)
        if thread.assigned_to_id != expected_assignee_id:
            holder = User.objects.filter(pk=thread.assigned_to_id).first()
            now = f"assigned to {holder.get_full_name() or holder.email}" if holder else "unassigned"
            raise MessageBoardError(ASSIGNMENT_CHANGED.format(now=now))
        new_id = assignee.pk if assignee else None
        if new_id == thread.assigned_to_id:
            return thread
        thread.assigned_to = assignee
        thread.save(update_fields=["assigned_to"])
        audit(actor=staff_user, member=thread.member, action="accounts.thread.assigned", target=f"thread:{thread.pk}",
              ip_address=ip_address, data={"from": expected_assignee_id, "to": new_id})
    return thread


def close_thread(*, thread_id, staff_user, ip_address=None, now=None):
    with transaction.atomic():
        thread = _locked(thread_id)
        if not thread.is_open:
            raise MessageBoardError(ALREADY_CLOSED)
        thread.status, thread.closed_at, thread.due_at = Thread.Status.CLOSED, now or timezone.now(), None
        thread.save(update_fields=["status", "closed_at", "due_at"])
        audit(actor=staff_user, member=thread.member, action="accounts.thread.closed", target=f"thread:{thread.pk}",
              ip_address=ip_address)
    return thread


def reopen_thread(*, thread_id, staff_user, ip_address=None, now=None):
    """Open a closed thread again; if the member's last message was never answered, a fresh clock starts."""
    now = now or timezone.now()
    with transaction.atomic():
        thread = _locked(thread_id)
        if thread.is_open:
            raise MessageBoardError(ALREADY_OPEN)
        last = Message.objects.filter(thread=thread, seq=thread.last_seq).values_list("sender", flat=True).first()
        thread.status, thread.closed_at = Thread.Status.OPEN, None
        thread.due_at = answer_due(now) if last == Message.Sender.MEMBER else None
        thread.save(update_fields=["status", "closed_at", "due_at"])
        audit(actor=staff_user, member=thread.member, action="accounts.thread.reopened", target=f"thread:{thread.pk}",
              ip_address=ip_address)
    return thread


def record_staff_view(*, thread, staff_user, ip_address=None):
    """A staff member read a member's thread (issue 7: reading a thread is in the audit trail)."""
    return audit(actor=staff_user, member=thread.member, action="accounts.thread.viewed_by_staff",
                 target=f"thread:{thread.pk}", ip_address=ip_address)


def record_staff_download(*, thread, message, staff_user, ip_address=None):
    return audit(actor=staff_user, member=thread.member, action="accounts.thread.attachment_downloaded_by_staff",
                 target=f"thread:{thread.pk}", ip_address=ip_address,
                 data={"seq": message.seq, "document": message.document_id})


def can_answer(user):
    return user.is_active and user.is_staff and user.has_perm("message_board.change_thread")


# ---------------------------------------------------------------------------------------------------------------
# The clock's alarm
# ---------------------------------------------------------------------------------------------------------------

def alert_overdue_threads(*, now=None):
    """Tell the supervisors about every open thread past its answer time, once per thread and missed time.

    Safe to run twice, or twice at once: the OverdueAlert row is unique per (thread, due time) and the e-mails are
    written in its transaction, keyed by it. Returns how many threads were newly alerted.
    """
    now = now or timezone.now()
    already = OverdueAlert.objects.filter(thread=OuterRef("pk"), due_at=OuterRef("due_at"))
    overdue = list(Thread.objects.overdue(now).exclude(Exists(already))
                   .order_by("due_at").values_list("pk", "due_at"))
    supervisors = list(User.objects.filter(is_active=True, is_staff=True, groups__name="Supervisor")
                       .distinct().order_by("pk"))
    alerted = 0
    for thread_id, due_at in overdue:
        with transaction.atomic():
            # Still overdue for that same time? A reply may have landed since the list was read.
            thread = (Thread.objects.select_for_update(of=("self",)).select_related("member")
                      .filter(pk=thread_id, status=Thread.Status.OPEN, due_at=due_at).first())
            if thread is None:
                continue
            alert, created = OverdueAlert.objects.get_or_create(thread=thread, due_at=due_at)
            if not created:
                continue
            audit(actor=None, member=thread.member, action="accounts.thread.overdue_alerted",
                  target=f"thread:{thread.pk}", data={"due_at": due_at.isoformat(), "supervisors": len(supervisors)})
            for supervisor in supervisors:
                queue_email(dedupe_key=f"message_board.overdue:{alert.pk}:{supervisor.pk}", to=supervisor.email,
                            template="message_board/emails/overdue",
                            context={"thread": thread, "due_at": timezone.localtime(due_at),
                                     "link": _absolute(reverse("admin:message_board_thread_change", args=[thread.pk]))})
            alerted += 1
    return alerted


# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

def _locked(thread_id):
    """The thread, its row locked until the transaction ends. Only its row (``of=self``): the member's row stays free
    for accounts.uploads, which locks it, and PostgreSQL cannot lock the nullable side of the join to the login."""
    return Thread.objects.select_for_update(of=("self",)).select_related("member__user").get(pk=thread_id)


def _append(thread, *, sender, author, body, document, now):
    """Number the message after the last one of the (locked) thread and move the thread's clock and counters."""
    is_member = sender == Message.Sender.MEMBER
    message = Message.objects.create(thread=thread, seq=thread.last_seq + 1, sender=sender, author=author, body=body,
                                     document=document, created_at=now,
                                     answer_due_at=answer_due(now) if is_member else None)
    thread.last_seq, thread.last_message_at = message.seq, now
    fields = ["last_seq", "last_message_at", "due_at"]
    if is_member:
        # The promise is for the oldest unanswered message: a follow-up never pushes it later.
        thread.due_at = thread.due_at or message.answer_due_at
    else:
        thread.due_at = None
    thread.save(update_fields=fields)
    return message


def _count_unread(member_id, change):
    """Move the member's unread count (the thread's lock is held, so replies and readings of it come one by one)."""
    if change:
        MessageInbox.objects.filter(member_id=member_id).update(unread_replies=F("unread_replies") + change)


def _store_attachment(member, thread, attachment, actor, stored, *, kind=Document.Kind.UPLOAD, title=None):
    """A member's attachment is one of their uploads (within their quota); staff's is a letter from the office."""
    if attachment is None:
        return None
    document = store_document(member=member, kind=kind, clean_file=attachment, actor=actor,
                              title=title or f"Sent with your message: {thread.get_topic_display()}")
    stored.append(document.file.name)
    return document


@contextmanager
def _files_removed_on_failure():
    """Yields a list for the names of files stored inside the block, and deletes them if the block fails, so a
    refused message leaves no orphan file (accounts.uploads.store_document cleans up only its own failures)."""
    names = []
    try:
        yield names
    except BaseException:
        for name in names:
            private_storage().delete(name)
        raise


def _notify_member_of_reply(thread, message):
    """The e-mail says only that a reply is waiting, with a link: never what it says (SECURITY.md LG-1)."""
    user = thread.member.user
    if user is None:
        return
    queue_email(dedupe_key=f"message_board.reply:{message.pk}", to=user.email,
                template="message_board/emails/reply_waiting",
                context={"link": _absolute(reverse("message_board:message_thread", args=[thread.pk]))})


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path
