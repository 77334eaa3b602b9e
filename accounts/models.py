import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length, Now
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from simple_history.models import HistoricalRecords

from pensions.models import System
from portal import crypto
from portal.fields import EncryptedTextField
from portal.storage import private_storage

MEMBER_ID_FORMAT = RegexValidator(r"^\d{8}$", "A member ID is 8 digits, as printed on your annual statement.")
SSN_PURPOSE = "member.ssn"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Members and staff both sign in with their e-mail address."""

    username = None
    email = models.EmailField("e-mail address", unique=True)
    # Bumped when a second factor changes, so every other session of the user ends (SECURITY.md SS-6).
    session_epoch = models.PositiveIntegerField(default=0)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    def get_session_auth_hash(self):
        return f"{super().get_session_auth_hash()}:{self.session_epoch}"

    def get_session_auth_fallback_hash(self):
        for fallback in super().get_session_auth_fallback_hash():
            yield f"{fallback}:{self.session_epoch}"

    def __str__(self):
        return self.email


class Member(models.Model):
    """A member of SERS or MPSERS, created from employer reports before anyone claims it online (RULES §1)."""

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        DEFERRED = "DEFERRED", "Deferred"
        RETIRED = "RETIRED", "Retired"
        REFUNDED = "REFUNDED", "Refunded or terminated non-vested"

    class Structure(models.TextChoices):
        DB_CLASSIFIED = "DB_CLASSIFIED", "Defined benefit (classified)"
        DB_30 = "DB_30", "Defined benefit 30"
        DB_DC_BLEND = "DB_DC_BLEND", "DB/DC Blend"
        DC = "DC", "Defined contribution"
        BASIC = "BASIC", "Basic"
        BASIC_4 = "BASIC_4", "Basic 4%"
        BASIC_DC_CONVERTED = "BASIC_DC_CONVERTED", "Basic DC Converted"
        MIP_FIXED = "MIP_FIXED", "MIP Fixed"
        MIP_GRADED = "MIP_GRADED", "MIP Graded"
        MIP_PLUS = "MIP_PLUS", "MIP Plus"
        MIP_7 = "MIP_7", "MIP 7%"
        MIP_DC_CONVERTED = "MIP_DC_CONVERTED", "MIP DC Converted"

    class EmploymentType(models.TextChoices):
        REGULAR = "REGULAR", "Regular"
        COVERED = "COVERED", "Covered (custody and supervision of prisoners)"
        CONSERVATION_OFFICER = "CONSERVATION_OFFICER", "Conservation officer"
        UNCLASSIFIED = "UNCLASSIFIED", "Unclassified"
        FACILITY_CLOSURE = "FACILITY_CLOSURE", "Community health facility closure"

    class HealthcarePlan(models.TextChoices):
        PREMIUM_SUBSIDY = "PREMIUM_SUBSIDY", "Premium Subsidy"
        PERSONAL_HEALTHCARE_FUND = "PERSONAL_HEALTHCARE_FUND", "Personal Healthcare Fund"

    class MaritalStatus(models.TextChoices):
        SINGLE = "SINGLE", "Single"
        MARRIED = "MARRIED", "Married"
        SEPARATED = "SEPARATED", "Separated"
        DIVORCED = "DIVORCED", "Divorced"
        WIDOWED = "WIDOWED", "Widowed"

    # Which structures belong to which system (RULES §1).
    STRUCTURES_BY_SYSTEM = {
        System.SERS: {Structure.DB_CLASSIFIED, Structure.DB_30, Structure.DB_DC_BLEND, Structure.DC},
        System.MPSERS: {Structure.BASIC, Structure.BASIC_4, Structure.BASIC_DC_CONVERTED, Structure.MIP_FIXED,
                        Structure.MIP_GRADED, Structure.MIP_PLUS, Structure.MIP_7, Structure.MIP_DC_CONVERTED},
    }

    user = models.OneToOneField(User, null=True, blank=True, on_delete=models.PROTECT, related_name="member")
    member_id = models.CharField("member ID", max_length=8, unique=True, validators=[MEMBER_ID_FORMAT])
    system = models.CharField(max_length=6, choices=System.choices)
    first_name = models.CharField(max_length=80)
    middle_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    suffix = models.CharField(max_length=10, blank=True)
    date_of_birth = models.DateField()
    ssn = EncryptedTextField("Social Security number")
    ssn_index = models.CharField(max_length=64, unique=True, editable=False)
    personal_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    marital_status = models.CharField(max_length=10, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    employer = models.ForeignKey("pensions.Employer", null=True, blank=True, on_delete=models.PROTECT)
    benefit_structure = models.CharField(max_length=20, choices=Structure.choices)
    employment_type = models.CharField(max_length=22, choices=EmploymentType.choices,
                                       default=EmploymentType.REGULAR)
    hire_date = models.DateField()
    healthcare_plan = models.CharField(max_length=26, choices=HealthcarePlan.choices,
                                       default=HealthcarePlan.PREMIUM_SUBSIDY)
    edro_on_file = models.BooleanField("EDRO on file", default=False)
    claimed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["ssn"])

    class Meta:
        ordering = ["last_name", "first_name"]
        permissions = [("view_full_ssn", "Can reveal a member's full Social Security number")]
        constraints = [
            models.CheckConstraint(condition=models.Q(system__in=System.values), name="member_system_known"),
            models.CheckConstraint(condition=models.Q(date_of_birth__lt=models.F("hire_date")),
                                   name="member_born_before_hire"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.member_id})"

    def save(self, *args, **kwargs):
        self.ssn_index = ssn_blind_index(self.ssn)
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(p for p in (self.first_name, self.middle_name, self.last_name, self.suffix) if p)

    @property
    def ssn_last4(self):
        return self.ssn[-4:]

    @property
    def masked_ssn(self):
        return f"•••-••-{self.ssn_last4}"


def normalise_ssn(value):
    return "".join(ch for ch in str(value) if ch.isdigit())


def ssn_blind_index(value):
    return crypto.blind_index(normalise_ssn(value), purpose=SSN_PURPOSE)


class MailingAddress(models.Model):
    """A mailing address from a date. The current one is the latest already in effect; later ones are a move."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField("street address", max_length=120)
    line2 = models.CharField("apartment, suite, unit", max_length=120, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=2)
    postal_code = models.CharField("ZIP code", max_length=10)
    effective_date = models.DateField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["member", "-effective_date"])]

    def __str__(self):
        return f"{self.line1}, {self.city}, {self.state} {self.postal_code}"

    def lines(self):
        return [line for line in (self.line1, self.line2, f"{self.city}, {self.state} {self.postal_code}") if line]


class AuditEntry(models.Model):
    """Who did what to whose data, and when. Written by services; staff views of sensitive data included."""

    created_at = models.DateTimeField(db_default=Now(), db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    action = models.CharField(max_length=80)
    target = models.CharField(max_length=120, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class ClaimRequest(models.Model):
    """A pending claim of a member record: confirmed through a signed, expiring, single-use e-mail link."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="claim_requests")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(db_default=Now())
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"claim of {self.member.member_id}"


class OutboundEmail(models.Model):
    """The e-mail outbox: a message is written in the same transaction as its cause, sent once by a task.

    ``sending_since`` is set, and committed, before the mail server is contacted: a row with it set and no
    ``sent_at`` is a send a killed worker may have completed, which nothing sends again by itself (README).
    """

    dedupe_key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(db_default=Now())
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at"], name="outbox_unsent", condition=models.Q(sent_at=None))]

    def __str__(self):
        return f"{self.subject} → {self.to}"


def private_document_name(instance, filename):
    """Stored under a random name: nothing the member typed reaches the file system (SECURITY.md FI-6)."""
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file in a member's Documents inbox: letters and statements from the office, and the member's uploads."""

    class Kind(models.TextChoices):
        LETTER = "LETTER", "Letter"
        STATEMENT = "STATEMENT", "Statement"
        UPLOAD = "UPLOAD", "Uploaded by you"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(storage=private_storage, upload_to=private_document_name, max_length=200)
    original_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_default=Now(), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self):
        return self.title


# ---------------------------------------------------------------------------------------------------------------
# The secure Message Board (RULES §12): threads between a member and the office's staff
# ---------------------------------------------------------------------------------------------------------------

MESSAGE_MAX_LENGTH = 5000  # characters in one message or note; a longer letter is better sent as an attachment


class ImmutableRow(Exception):
    """A message or an internal note was about to be changed or deleted: once written, they stay as written."""


class AppendOnlyModel(models.Model):
    """Rows written once and never changed or deleted. PostgreSQL enforces it too, with a trigger (migration 0003)."""

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


class Thread(models.Model):
    """A conversation a member starts with the office on one topic; staff answer within one business day."""

    Topic = ThreadTopic

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

    def __str__(self):
        return f"{self.unread_replies} unread for member {self.member_id}"


class OverdueAlert(models.Model):
    """Supervisors were told that a thread missed its answer time: once per thread and missed time."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="overdue_alerts")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["thread", "due_at"], name="overdue_alert_once")]

    def __str__(self):
        return f"thread {self.thread_id} overdue since {self.due_at:%Y-%m-%d %H:%M}"
