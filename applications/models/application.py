"""The retirement application: one per member at a time, a draft the member fills in five steps (RULES §11), then
moved by services through the states staff work it in.

Who may write what:
- ``state`` moves only through ``portal.state.change_state`` in ``applications.services`` (audited and noticed);
- each step's answers are written only by that step's service; a step is completed when its answers are whole, and
  its state (not started, in progress, completed, needs attention) is worked out in ``applications.steps`` alone;
- the bank account number is encrypted (``portal.fields.EncryptedTextField``, AES-GCM under the field keys) and
  shown only as its last four digits (``masked_account_number``), which are kept beside it so no page needs the
  full number.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from pensions.models import Relationship
from portal.fields import EncryptedTextField


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Applications that still count as the member's one application: every state but withdrawn and denied (a
        denied member may apply again, issue 19)."""
        return self.exclude(state__in=CLOSED_STATES)


class ApplicationState(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SUBMITTED = "SUBMITTED", "Submitted"
    UNDER_REVIEW = "UNDER_REVIEW", "Under review"
    WAITING_FOR_MEMBER = "WAITING_FOR_MEMBER", "Waiting for you"
    CALCULATING = "CALCULATING", "Calculating your pension"
    AWARDED = "AWARDED", "Awarded"
    DENIED = "DENIED", "Denied"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"


# The states that make room for a new application (the one-open-application constraint leaves them out).
CLOSED_STATES = (ApplicationState.WITHDRAWN, ApplicationState.DENIED)


class Application(models.Model):
    State = ApplicationState

    class Option(models.TextChoices):
        """The payment options (RULES §6), values as the engine's ``option_factors.OptionName``."""

        STRAIGHT_LIFE = "STRAIGHT_LIFE", "Straight life"
        SURVIVOR_100 = "SURVIVOR_100", "100% survivor"
        SURVIVOR_75 = "SURVIVOR_75", "75% survivor"
        SURVIVOR_50 = "SURVIVOR_50", "50% survivor"

    class InsuranceDecision(models.TextChoices):
        ENROL = "ENROL", "Enrol at retirement"
        DECLINE = "DECLINE", "Do not enrol"

    class FederalFilingStatus(models.TextChoices):
        """Form W-4P Step 1(c), values as ``applications.rules.federal_withholding.FilingStatus``."""

        SINGLE = "SINGLE", "Single or married filing separately"
        MARRIED_JOINT = "MARRIED_JOINT", "Married filing jointly or qualifying surviving spouse"
        HEAD_OF_HOUSEHOLD = "HEAD_OF_HOUSEHOLD", "Head of household"

    class MichiganFilingStatus(models.TextChoices):
        """MI W-4P, values as ``applications.rules.michigan_withholding.MichiganFilingStatus``."""

        SINGLE = "SINGLE", "Single or married filing separately"
        MARRIED_JOINT = "MARRIED_JOINT", "Married filing jointly"

    class AccountType(models.TextChoices):
        CHECKING = "CHECKING", "Checking"
        SAVINGS = "SAVINGS", "Savings"

    # Staff start the calculation: until then the member may still change their answers (issue 17 item 4).
    CHANGEABLE_STATES = (State.SUBMITTED, State.UNDER_REVIEW, State.WAITING_FOR_MEMBER)

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="retirement_applications")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    reference = models.CharField(max_length=20, unique=True, editable=False,
                                 help_text='Given when the application is started, e.g. "RA-2026-000123".')
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    # --- Start: the dates and the provision, from the engine (RULES §3, §11a) ---------------------------------------
    last_day_worked = models.DateField(help_text="The member's last day of employment (a deferred member's is on "
                                                 "record).")
    eligible_on = models.DateField(help_text="The first day the provision retired under is met (the engine's date).")
    retirement_effective_date = models.DateField()
    provision = models.CharField(max_length=30, help_text="The engine's provision, e.g. FULL_60_10.")

    # --- Step 1: payment option and survivor beneficiary (RULES §6) -------------------------------------------------
    option = models.CharField(max_length=14, choices=Option.choices, blank=True)
    beneficiary_name = models.CharField(max_length=160, blank=True)
    beneficiary_relationship = models.CharField(max_length=12, choices=Relationship.choices, blank=True)
    beneficiary_birth_date = models.DateField(null=True, blank=True)
    beneficiary_dependent = models.BooleanField("beneficiary depends on the member for half their support",
                                                default=False)
    equated = models.BooleanField("equated plan chosen", default=False)
    social_security_fra = models.DecimalField("Social Security estimate at full retirement age, monthly",
                                              max_digits=9, decimal_places=2, null=True, blank=True)
    irrevocable_acknowledged_at = models.DateTimeField(null=True, blank=True)
    spousal_waiver_required = models.BooleanField(default=False, help_text="From the rules (RULES §6, §11a), set "
                                                                           "when the option is saved.")
    # The figures the member chose from, for the RED they were computed for (a new RED asks for the step again).
    option_red = models.DateField(null=True, blank=True)
    option_factor = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    option_monthly = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    option_survivor_monthly = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    option_saved_at = models.DateTimeField(null=True, blank=True)
    # The engine's whole result those figures come from (``manage.py estimate``'s output): the preliminary estimate
    # staff compare the final calculation with (issue 19). Null for applications saved before it was kept.
    option_estimate = models.JSONField(null=True, blank=True, editable=False)

    # --- Step 2: insurances at retirement (RULES §10), through the insurance catalogue ------------------------------
    insurance_decision = models.CharField(max_length=8, choices=InsuranceDecision.choices, blank=True)
    health_plan = models.ForeignKey("insurance.Plan", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    prescription_plan = models.ForeignKey("insurance.Plan", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+")
    dental_plan = models.ForeignKey("insurance.Plan", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    vision_plan = models.ForeignKey("insurance.Plan", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    insurance_dependents = models.ManyToManyField("insurance.Dependent", blank=True, related_name="+")
    insurance_red = models.DateField(null=True, blank=True, help_text="The RED the coverage date was shown for.")
    insurance_coverage_begins = models.DateField(null=True, blank=True)
    insurance_member_share = models.DecimalField("member's monthly premium share", max_digits=9, decimal_places=2,
                                                 null=True, blank=True)
    insurance_saved_at = models.DateTimeField(null=True, blank=True)

    # --- Step 3: tax withholding (RULES §11a): Form W-4P and MI W-4P --------------------------------------------------
    federal_withhold = models.BooleanField(null=True, blank=True, help_text="None: not answered yet.")
    federal_filing_status = models.CharField(max_length=18, choices=FederalFilingStatus.choices, blank=True)
    federal_step2_other_income = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    federal_step3_credits = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    federal_step4a_other_income = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    federal_step4b_deductions = models.DecimalField(max_digits=11, decimal_places=2, default=0)
    federal_step4c_extra = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    michigan_withhold = models.BooleanField(null=True, blank=True, help_text="None: not answered yet.")
    michigan_filing_status = models.CharField(max_length=14, choices=MichiganFilingStatus.choices, blank=True)
    michigan_exemptions = models.PositiveSmallIntegerField(default=0)
    michigan_additional = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    tax_saved_at = models.DateTimeField(null=True, blank=True)

    # --- Step 4: direct deposit (RULES §11a) --------------------------------------------------------------------------
    deposit_routing_number = models.CharField(max_length=9, blank=True)
    # Null until given: the ciphertext column can only be asked whether it is empty (portal.fields).
    deposit_account_number = EncryptedTextField("bank account number", null=True, blank=True)
    deposit_account_last4 = models.CharField(max_length=4, blank=True, editable=False)
    deposit_account_type = models.CharField(max_length=8, choices=AccountType.choices, blank=True)
    deposit_saved_at = models.DateTimeField(null=True, blank=True)

    # --- Step 5: declaration and electronic signature (RULES §11, §11b) -------------------------------------------
    esign_consented_at = models.DateTimeField("consent to electronic records", null=True, blank=True)
    declaration_accepted_at = models.DateTimeField(null=True, blank=True)
    signature = models.CharField("typed full name", max_length=200, blank=True)

    # --- Staff review (issue 19): who started the calculation may not approve the award (four eyes) -----------------
    calculation_started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                               related_name="+", editable=False)
    # Only a calculation made since then can be approved: one from before a return to review may be out of date.
    calculation_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    denial_reason = models.TextField(blank=True, help_text="Why the office denied the application; the member reads "
                                                           "it as written (issue 19).")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("approve_award", "Can approve a retirement award (supervisors; never who calculated it)"),
                       ("reveal_account_number", "Can reveal the full bank account number (supervisors; audited)")]
        constraints = [
            # One application per member at a time (issue 17 item 2): a withdrawn or denied one makes room for the next.
            models.UniqueConstraint(fields=["member"], condition=~Q(state__in=CLOSED_STATES),
                                    name="applications_one_open_per_member"),
            models.CheckConstraint(condition=Q(state__in=ApplicationState.values),
                                   name="applications_state_known"),
            # Submitted (whatever came after, a withdrawal included) means signed; a draft may be withdrawn unsigned.
            models.CheckConstraint(condition=Q(state__in=["DRAFT", "WITHDRAWN"], submitted_at__isnull=True)
                                   | (Q(submitted_at__isnull=False) & ~Q(signature="")
                                                                 & Q(esign_consented_at__isnull=False)
                                                                 & Q(declaration_accepted_at__isnull=False)),
                                   name="applications_submitted_is_signed"),
            models.CheckConstraint(condition=~Q(state="DENIED") | ~Q(denial_reason=""),
                                   name="applications_denied_has_its_reason"),
            models.CheckConstraint(condition=~Q(state="WITHDRAWN") | Q(withdrawn_at__isnull=False),
                                   name="applications_withdrawn_has_its_time"),
            models.CheckConstraint(condition=Q(retirement_effective_date__gt=F("last_day_worked")),
                                   name="applications_red_after_last_day"),
            models.CheckConstraint(condition=Q(retirement_effective_date__day=1),
                                   name="applications_red_first_of_month"),
            models.CheckConstraint(condition=Q(option="") | Q(option="STRAIGHT_LIFE")
                                   | (~Q(beneficiary_name="") & ~Q(beneficiary_relationship="")
                                      & Q(beneficiary_birth_date__isnull=False)),
                                   name="applications_survivor_option_names_a_beneficiary"),
            models.CheckConstraint(condition=(Q(deposit_account_number__isnull=True) & Q(deposit_account_last4=""))
                                   | (Q(deposit_account_number__isnull=False) & ~Q(deposit_account_last4="")),
                                   name="applications_account_and_last4_together"),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_state_display()})"

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT

    @property
    def masked_account_number(self):
        """The account number as every page and e-mail shows it: its last four digits only."""
        return f"••••{self.deposit_account_last4}" if self.deposit_account_last4 else ""

    def plans(self):
        return [plan for plan in (self.health_plan, self.prescription_plan, self.dental_plan, self.vision_plan)
                if plan is not None]
