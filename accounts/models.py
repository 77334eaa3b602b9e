import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Now, Upper
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

    @property
    def notice_email(self):
        """Where notices go: the login's address, else the personal one on file; empty when we have neither."""
        return (self.user.email if self.user_id else "") or self.personal_email


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
        verbose_name_plural = "mailing addresses"  # Django's default adds an "s": "mailing addresss"
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
        indexes = [models.Index(fields=["member", "-created_at"]),
                   # The staff list's area filter and action search (a prefix: LIKE 'pensions.%').
                   models.Index(fields=["action"], opclasses=["varchar_pattern_ops"], name="audit_action_prefix")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class SingleUseLink(models.Model):
    """A link e-mailed to someone so they can act once, for one purpose, on one object: confirming a claim, the
    spouse's and the notary's parts of a waiver. Only a hash of its token is kept (accounts.links)."""

    purpose = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(db_default=Now())
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Wrong answers to the question a link may ask (the spouse's date of birth); at the limit the link locks.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "purpose"], name="link_target_purpose")]

    def __str__(self):
        return f"{self.purpose} link {self.pk}"


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
        indexes = [models.Index(fields=["sent_at"], name="outbox_unsent", condition=models.Q(sent_at=None)),
                   # The staff list: its search by recipient, its "sending since" filter (a rare state).
                   models.Index(Upper("to"), name="outbox_to_upper"),
                   models.Index(fields=["sending_since"], name="outbox_sending",
                                condition=models.Q(sending_since__isnull=False))]

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
    # What a delivered letter or statement is, once (accounts.documents.deliver_document); empty for uploads.
    dedupe_key = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"])]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], condition=~models.Q(dedupe_key=""),
                                               name="document_delivered_once")]

    def __str__(self):
        return self.title
