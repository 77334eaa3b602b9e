"""The spousal waiver (RULES §6, §11b; issue 18): the *Pension Election and Spousal Waiver* (R0869G) signed by the
spouse and the applicant, each signature notarised the same day, completed online through single-use links.

A waiver is one round for one application: its content (option, beneficiary, what the spouse gives up) is frozen
from the member's election when it starts, and it is never reused for another election — a changed election voids
it, a rejection ends it, and the next round is a new row with new links. Who may write what:

- ``state`` moves only through ``portal.state.change_state`` in ``applications.waivers.services``;
- the notarial acts (:class:`NotarialAct`), one per signature, are written by the notary's page through the same
  services, after ``applications.rules.waiver.certificate_refusals`` found nothing;
- every event of the round, with its time, address and browser, is a :class:`WaiverEvent`: the audit page of the
  delivered document is printed from them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from pensions.models import Relationship


class WaiverState(models.TextChoices):
    SPOUSE = "SPOUSE", "Waiting for the spouse to sign"
    SPOUSE_NOTARY = "SPOUSE_NOTARY", "Waiting for the notary of the spouse's signature"
    APPLICANT = "APPLICANT", "Waiting for the member to sign"
    APPLICANT_NOTARY = "APPLICANT_NOTARY", "Waiting for the notary of the member's signature"
    COMPLETE = "COMPLETE", "Complete, waiting for review"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    DECLINED = "DECLINED", "Declined by the spouse"
    VOID = "VOID", "Void (the election changed)"


class RejectionReason(models.TextChoices):
    """Issue 18 item 6: the reasons staff choose from; RULES §11b: missing signatures, mismatched dates."""

    DATES_DO_NOT_MATCH = "DATES_DO_NOT_MATCH", "The dates do not match"
    SIGNATURE_MISSING = "SIGNATURE_MISSING", "A signature is missing"
    COMMISSION_INVALID = "COMMISSION_INVALID", "The notary's commission is not valid"
    OTHER = "OTHER", "Other"


class Waiver(models.Model):
    State = WaiverState
    Reason = RejectionReason

    # The round is still being worked on: one such waiver per application at a time.
    LIVE_STATES = (State.SPOUSE, State.SPOUSE_NOTARY, State.APPLICANT, State.APPLICANT_NOTARY, State.COMPLETE)
    # The links of the round are open in these states, and the election can still void it.
    SIGNING_STATES = (State.SPOUSE, State.SPOUSE_NOTARY, State.APPLICANT, State.APPLICANT_NOTARY)

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="waivers")
    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="spousal_waivers")
    round = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=16, choices=State.choices, default=State.SPOUSE)
    created_at = models.DateTimeField(db_default=Now())

    # --- the content, frozen from the election when the round starts ---------------------------------------------
    option = models.CharField(max_length=14)
    beneficiary_name = models.CharField(max_length=160, blank=True)
    beneficiary_relationship = models.CharField(max_length=12, choices=Relationship.choices, blank=True)
    retirement_effective_date = models.DateField()
    full_survivor_monthly = models.DecimalField("spouse's survivor pension under the 100% option, monthly",
                                                max_digits=10, decimal_places=2)
    left_monthly = models.DecimalField("spouse's survivor pension under this election, monthly", max_digits=10,
                                       decimal_places=2)

    # --- the spouse, as the member named them ---------------------------------------------------------------------
    spouse_name = models.CharField(max_length=160)
    spouse_birth_date = models.DateField()
    spouse_email = models.EmailField()

    # --- the spouse's part (server-dated) --------------------------------------------------------------------------
    spouse_consented_at = models.DateTimeField("spouse's consent to electronic records", null=True, blank=True)
    spouse_signed_at = models.DateTimeField(null=True, blank=True)
    spouse_signature = models.CharField("spouse's typed full name", max_length=200, blank=True)
    spouse_declined_at = models.DateTimeField(null=True, blank=True)
    # Issue 18 item 5: the spouse signed from the member's own session, address or browser ("session", "ip",
    # "device"), for staff to look at.
    spouse_flags = models.JSONField(default=list, blank=True)
    spouse_notary_name = models.CharField(max_length=160, blank=True)
    spouse_notary_email = models.EmailField(blank=True)

    # --- the applicant's part ---------------------------------------------------------------------------------------
    applicant_consented_at = models.DateTimeField(null=True, blank=True)
    applicant_signed_at = models.DateTimeField(null=True, blank=True)
    applicant_signature = models.CharField("member's typed full name", max_length=200, blank=True)
    applicant_notary_name = models.CharField(max_length=160, blank=True)
    applicant_notary_email = models.EmailField(blank=True)

    # --- the document and the review ------------------------------------------------------------------------------
    completed_at = models.DateTimeField(null=True, blank=True)
    document = models.OneToOneField("accounts.Document", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="waiver")
    record_sha256 = models.CharField("SHA-256 of the certified record", max_length=64, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    rejection_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    rejection_note = models.CharField(max_length=500, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Declined, voided, approved or rejected.")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application"], condition=Q(state__in=[
                "SPOUSE", "SPOUSE_NOTARY", "APPLICANT", "APPLICANT_NOTARY", "COMPLETE"]),
                name="waiver_one_live_round_per_application"),
            models.UniqueConstraint(fields=["application", "round"], name="waiver_round_unique"),
            models.CheckConstraint(condition=Q(state__in=WaiverState.values), name="waiver_state_known"),
            # Signed means consented first (ESIGN, 15 U.S.C. 7001(c); RULES §11b).
            models.CheckConstraint(condition=Q(spouse_signed_at__isnull=True)
                                   | (Q(spouse_consented_at__isnull=False) & ~Q(spouse_signature="")),
                                   name="waiver_spouse_signature_consented"),
            models.CheckConstraint(condition=Q(applicant_signed_at__isnull=True)
                                   | (Q(applicant_consented_at__isnull=False) & ~Q(applicant_signature="")),
                                   name="waiver_applicant_signature_consented"),
            models.CheckConstraint(condition=~Q(state__in=["COMPLETE", "APPROVED"])
                                   | (Q(spouse_signed_at__isnull=False) & Q(applicant_signed_at__isnull=False)
                                      & Q(completed_at__isnull=False)),
                                   name="waiver_complete_is_signed"),
            models.CheckConstraint(condition=~Q(state="REJECTED") | ~Q(rejection_reason=""),
                                   name="waiver_rejection_has_a_reason"),
        ]

    def __str__(self):
        return f"Spousal waiver {self.pk} (round {self.round}, {self.get_state_display()})"

    @property
    def is_live(self):
        return self.state in self.LIVE_STATES


class NotarialAct(models.Model):
    """One notary's certificate for one signature of a waiver (RULES §11b). The document number of the signer's
    identification is never recorded: only its type and issuer."""

    class Part(models.TextChoices):
        SPOUSE = "SPOUSE", "The spouse's signature (Date A)"
        APPLICANT = "APPLICANT", "The member's signature (Date B)"

    class Kind(models.TextChoices):
        IN_PERSON = "IN_PERSON", "In person, signed electronically by the notary"
        REMOTE = "REMOTE", "Remote, on a platform approved by the Michigan Secretary of State"

    class Identity(models.TextChoices):
        DRIVERS_LICENSE = "DRIVERS_LICENSE", "Driver's license"
        STATE_ID = "STATE_ID", "State identification card"
        PASSPORT = "PASSPORT", "Passport"
        MILITARY_ID = "MILITARY_ID", "Military identification"
        PERSONAL_KNOWLEDGE = "PERSONAL_KNOWLEDGE", "Personally known to the notary"

    waiver = models.ForeignKey(Waiver, on_delete=models.CASCADE, related_name="notarial_acts")
    part = models.CharField(max_length=10, choices=Part.choices)
    signed_at = models.DateTimeField(help_text="The signature notarised (the same day: Date A or Date B).")
    performed_at = models.DateTimeField()
    notary_name = models.CharField(max_length=160)
    notary_email = models.EmailField(blank=True)
    commission_number = models.CharField(max_length=40)
    commission_county = models.CharField(max_length=60)
    commission_expires = models.DateField()
    act_county = models.CharField("county where the act took place", max_length=60)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    platform = models.CharField("remote platform", max_length=120, blank=True)
    session_reference = models.CharField("platform session reference", max_length=120, blank=True)
    identity_document = models.CharField(max_length=20, choices=Identity.choices)
    identity_issuer = models.CharField(max_length=120, blank=True)
    notary_signature = models.CharField("notary's typed electronic signature", max_length=200)

    class Meta:
        ordering = ["performed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["waiver", "part"], name="notarial_act_once_per_signature"),
            models.CheckConstraint(condition=~Q(kind="REMOTE") | (~Q(platform="") & ~Q(session_reference="")),
                                   name="notarial_act_remote_names_its_platform"),
        ]

    def __str__(self):
        return f"{self.get_part_display()} notarised by {self.notary_name}"


class WaiverEvent(models.Model):
    """One event of a waiver round, for its audit page: who (member, spouse, notary, staff, system) did what, when,
    from which address and browser."""

    class Actor(models.TextChoices):
        MEMBER = "MEMBER", "Member"
        SPOUSE = "SPOUSE", "Spouse"
        NOTARY = "NOTARY", "Notary"
        STAFF = "STAFF", "Staff"
        SYSTEM = "SYSTEM", "System"

    # Notices sent about one link, at most once each (the beat sweep).
    ONCE_PER_LINK = ("reminder_sent", "link_expired")

    waiver = models.ForeignKey(Waiver, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_default=Now())
    actor = models.CharField(max_length=8, choices=Actor.choices)
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    link_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="The single-use link concerned.")

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["link_id", "action"],
                                               condition=Q(action__in=["reminder_sent", "link_expired"]),
                                               name="waiver_event_once_per_link")]

    def __str__(self):
        return f"{self.get_actor_display()}: {self.action}"
