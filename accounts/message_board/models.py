"""The secure Message Board (RULES §12): threads between a member and the office's staff.

The tables were created by the accounts app (its migrations 0003 and 0005) and keep their names: this app took them
over with a state-only migration, so no row was copied or lost.
"""

from django.db import models
from django.db.models.functions import Length, Now
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from accounts.models import Document, Member, User

MESSAGE_MAX_LENGTH = 5000  # characters in one message or note; a longer letter is better sent as an attachment


class ImmutableRow(Exception):
    """A message or an internal note was about to be changed or deleted: once written, they stay as written."""


class AppendOnlyModel(models.Model):
    """Rows written once and never changed or deleted. PostgreSQL enforces it too, with a trigger (accounts migration
    0003, which created these tables)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRow(f"{self._meta.verbose_name} {self.pk} was sent and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRow(f"{self._meta.verbose_name} {self.pk} was sent and cannot be deleted.")


class ThreadTopic(models.TextChoices):
    """Why a member writes: the common reasons of RULES §12, in its order, then anything else."""

    ADDRESS_OR_EMAIL = "ADDRESS_OR_EMAIL", "Address or e-mail change"
    BIRTH_OR_ADOPTION = "BIRTH_OR_ADOPTION", "Birth or adoption"
    DISABILITY_CHANGE = "DISABILITY_CHANGE", "Disability change"
    BENEFICIARY_DEATH = "BENEFICIARY_DEATH", "Death of a beneficiary"
    DIRECT_DEPOSIT = "DIRECT_DEPOSIT", "Direct deposit change"
    DIVORCE = "DIVORCE", "Divorce"
    MARRIAGE = "MARRIAGE", "Marriage"
    MEDICARE = "MEDICARE", "Medicare enrolment"
    MISSING_PAYMENT = "MISSING_PAYMENT", "Missing payment"
    NAME_CHANGE = "NAME_CHANGE", "Name change"
    POWER_OF_ATTORNEY = "POWER_OF_ATTORNEY", "Power of attorney"
    RETURN_TO_WORK = "RETURN_TO_WORK", "Return to work for the state"
    TAX_WITHHOLDING = "TAX_WITHHOLDING", "Tax withholding change"
    # Only members with an EDRO on file ask for estimates here: the self-service estimator is not for them (§12).
    ESTIMATE_REQUEST = "ESTIMATE_REQUEST", "Estimate request (EDRO on file)"
    OTHER = "OTHER", "Other"


class ThreadQuerySet(models.QuerySet):
    def overdue(self, now):
        """Open threads past their answer time at ``now``: the one definition the staff queue's filter, the
        supervisors' overdue list, the overdue alerts and the member's pages use (issue 15 item 9)."""
        return self.filter(status=Thread.Status.OPEN, due_at__lt=now)

    def not_overdue(self, now):
        return self.exclude(status=Thread.Status.OPEN, due_at__lt=now)


class Thread(models.Model):
    """A conversation a member starts with the office on one topic; staff answer within one business day."""

    Topic = ThreadTopic
    objects = ThreadQuerySet.as_manager()

    class Status(models.TextChoices):
        OPEN = "OPEN", "Open"
        CLOSED = "CLOSED", "Closed"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="threads")
    topic = models.CharField(max_length=20, choices=Topic.choices)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()
    # Messages are numbered 1, 2, … within the thread; the last number given, and the last one the member has seen.
    last_seq = models.PositiveIntegerField(default=0)
    member_read_seq = models.PositiveIntegerField(default=0)
    # When the answer to the oldest unanswered member message is due; empty when nothing awaits staff.
    due_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    limit_choices_to={"is_staff": True})
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_thread"  # the table it had in the accounts app: moved without copying a row
        ordering = ["-last_message_at", "-id"]
        verbose_name = "message thread"
        indexes = [
            models.Index(fields=["member", "-last_message_at"]),
            models.Index(fields=["due_at"], name="thread_awaiting_staff", condition=models.Q(due_at__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(topic__in=ThreadTopic.values), name="thread_topic_known"),
            models.CheckConstraint(condition=models.Q(member_read_seq__lte=models.F("last_seq")),
                                   name="thread_read_within_messages"),
            models.CheckConstraint(
                condition=(models.Q(status="OPEN", closed_at__isnull=True)
                           | models.Q(status="CLOSED", closed_at__isnull=False, due_at__isnull=True)),
                name="thread_closed_consistently"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_topic_display()}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_overdue(self, now):
        """As ``Thread.objects.overdue(now)`` would say of this thread."""
        return self.is_open and self.due_at is not None and self.due_at < now


class Message(AppendOnlyModel):
    """One message of a thread, from the member or from staff: never edited or deleted once sent."""

    class Sender(models.TextChoices):
        MEMBER = "MEMBER", "Member"
        STAFF = "STAFF", "Office of Retirement Services"

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    seq = models.PositiveIntegerField()
    sender = models.CharField(max_length=6, choices=Sender.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    # An attachment is a file of the member's Documents, checked and stored by accounts.uploads.
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # For a member's message, the answer time promised when it was sent (RULES §12).
    answer_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_message"  # the table it had in the accounts app: moved without copying a row
        ordering = ["thread", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "seq"], name="message_seq_unique_in_thread"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="message_seq_positive"),
            models.CheckConstraint(condition=models.Q(sender__in=["MEMBER", "STAFF"]), name="message_sender_known"),
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0) & LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH),
                name="message_body_length"),
            models.CheckConstraint(
                condition=models.Q(sender="MEMBER", answer_due_at__isnull=False)
                | models.Q(sender="STAFF", answer_due_at__isnull=True),
                name="message_due_only_for_member_messages"),
        ]

    def __str__(self):
        return f"message {self.seq} of thread {self.thread_id}"


class InternalNote(AppendOnlyModel):
    """A note staff keep on a thread for each other; the member never sees it."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="internal_notes")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "accounts_internalnote"  # the table it had in the accounts app: moved without copying a row
        ordering = ["thread", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0) & LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH),
                name="internalnote_body_length"),
        ]

    def __str__(self):
        return f"note on thread {self.thread_id}"


class MessageInbox(models.Model):
    """How many staff replies the member has not read yet, kept with each reply and each reading (both under the
    thread's lock), so the navigation shows it on every page without counting messages. Its own row, not a column
    of Member, so that saving a member (the admin) never writes back a count read before a reply arrived."""

    member = models.OneToOneField(Member, primary_key=True, on_delete=models.CASCADE, related_name="inbox")
    unread_replies = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "message inboxes"  # Django's default adds an "s": "message inboxs"
        db_table = "accounts_messageinbox"  # the table it had in the accounts app: moved without copying a row

    def __str__(self):
        return f"{self.unread_replies} unread for member {self.member_id}"


class OverdueAlert(models.Model):
    """Supervisors were told that a thread missed its answer time: once per thread and missed time."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="overdue_alerts")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        db_table = "accounts_overduealert"  # the table it had in the accounts app: moved without copying a row
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["thread", "due_at"], name="overdue_alert_once")]

    def __str__(self):
        return f"thread {self.thread_id} overdue since {self.due_at:%Y-%m-%d %H:%M}"
