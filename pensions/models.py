from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now


class System(models.TextChoices):
    """The two retirement systems served by the portal (RULES §1)."""

    SERS = "SERS", "State Employees' Retirement System"
    MPSERS = "MPSERS", "Public School Employees' Retirement System"


class Employer(models.Model):
    """A reporting unit: a state department (SERS) or a school district (MPSERS)."""

    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    system = models.CharField(max_length=6, choices=System.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------------------
# The member's record: pay periods reported by employers, other service credit, contributions, refunds
# ---------------------------------------------------------------------------------------------------------------

HOURS = {"max_digits": 7, "decimal_places": 2, "default": Decimal(0)}
MONEY = {"max_digits": 12, "decimal_places": 2, "default": Decimal(0)}
YEARS = {"max_digits": 7, "decimal_places": 4}


class PayCycle(models.TextChoices):
    """Payroll cycles of RULES §2 (the MPSERS per-period caps depend on them); values as the engine's `PayCycle`."""

    WEEKLY = "WEEKLY", "Weekly"
    BIWEEKLY = "BIWEEKLY", "Biweekly"
    SEMIMONTHLY = "SEMIMONTHLY", "Semimonthly"
    MONTHLY = "MONTHLY", "Monthly"
    QUARTERLY = "QUARTERLY", "Quarterly"
    ANNUALLY = "ANNUALLY", "Annually"


class EmployerReport(models.Model):
    """One employer-report file as loaded: the same file (by content) is loaded once."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="reports")
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.employer.code})"


class PayPeriodReport(models.Model):
    """One pay period of one member as the employer reported it, and the service it earns.

    This is the earned side of the service-credit ledger: `credited_hours` is what the engine credits the period
    (the per-period and fiscal-year caps of RULES §2), written when the fiscal year's reports change, so every
    page sums it instead of re-crediting 40 years of periods.
    """

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="pay_periods")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(EmployerReport, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="pay_periods")
    period_start = models.DateField()
    period_end = models.DateField()
    pay_cycle = models.CharField(max_length=12, choices=PayCycle.choices)
    # Hours (RULES §2): regular hours earn credit; Plan A, furlough and banked-leave hours earn full credit (SERS);
    # overtime never does.
    regular_hours = models.DecimalField(**HOURS)
    overtime_hours = models.DecimalField(**HOURS)
    plan_a_hours = models.DecimalField("Voluntary Plan A hours", **HOURS)
    furlough_hours = models.DecimalField(**HOURS)
    banked_leave_hours = models.DecimalField(**HOURS)
    # Wages by kind (RULES §4 decides which count toward the FAC).
    gross_wages = models.DecimalField("regular gross wages", **MONEY)
    overtime_wages = models.DecimalField(**MONEY)
    longevity_pay = models.DecimalField(**MONEY)
    annual_leave_payout = models.DecimalField(**MONEY)
    annual_leave_payout_hours = models.DecimalField(**HOURS)
    sick_leave_payout = models.DecimalField(**MONEY)
    # The ledger: hours credited by the engine, and the fiscal year the period counts in (the one it ends in).
    fiscal_year = models.PositiveSmallIntegerField()
    credited_hours = models.DecimalField(max_digits=9, decimal_places=4, default=Decimal(0))

    class Meta:
        ordering = ["member", "period_end", "id"]
        indexes = [models.Index(fields=["member", "period_end"]),
                   models.Index(fields=["member", "fiscal_year"])]
        constraints = [
            # The natural key of a report row: loading the same row twice cannot add a second period.
            models.UniqueConstraint(fields=["member", "employer", "period_start", "period_end"],
                                    name="payperiod_natural_key"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="payperiod_ends_after_start"),
            models.CheckConstraint(condition=Q(pay_cycle__in=PayCycle.values), name="payperiod_cycle_known"),
            models.CheckConstraint(
                condition=Q(regular_hours__gte=0, overtime_hours__gte=0, plan_a_hours__gte=0, furlough_hours__gte=0,
                            banked_leave_hours__gte=0, annual_leave_payout_hours__gte=0, credited_hours__gte=0),
                name="payperiod_hours_not_negative"),
            models.CheckConstraint(
                condition=Q(gross_wages__gte=0, overtime_wages__gte=0, longevity_pay__gte=0,
                            annual_leave_payout__gte=0, sick_leave_payout__gte=0),
                name="payperiod_wages_not_negative"),
            # A leave payout needs its hours (the 240-hour cap of RULES §4 is applied to them).
            models.CheckConstraint(condition=Q(annual_leave_payout=0) | Q(annual_leave_payout_hours__gt=0),
                                   name="payperiod_leave_payout_has_hours"),
            # No period is credited more than its reported hours.
            models.CheckConstraint(
                condition=Q(credited_hours__lte=F("regular_hours") + F("plan_a_hours") + F("furlough_hours")
                            + F("banked_leave_hours")),
                name="payperiod_credit_within_hours"),
        ]

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"

    @property
    def fac_wages(self):
        return self.gross_wages + self.overtime_wages + self.longevity_pay


class CreditCategory(models.TextChoices):
    PURCHASED = "PURCHASED", "Purchased"
    GRANTED = "GRANTED", "Granted"
    TRANSFERRED = "TRANSFERRED", "Transferred"
    ACT_88 = "ACT_88", "Act 88 (eligibility only)"


class CreditType(models.TextChoices):
    """Types of service credit other than earned (RULES §2); purchase and transfer values as the engine's
    `PurchaseType`."""

    UNIVERSAL_BUY_IN = "UNIVERSAL_BUY_IN", "Universal buy-in"
    MATERNITY_PATERNITY_CHILD_REARING = "MATERNITY_PATERNITY_CHILD_REARING", "Maternity, paternity or child rearing"
    MICHIGAN_LOCAL_GOVERNMENT = "MICHIGAN_LOCAL_GOVERNMENT", "Michigan city, county, township or village"
    OTHER_STATE_OR_FEDERAL = "OTHER_STATE_OR_FEDERAL", "Other state or federal service"
    MILITARY_INTERVENING = "MILITARY_INTERVENING", "Military (intervening)"
    MILITARY_NONINTERVENING = "MILITARY_NONINTERVENING", "Military (nonintervening)"
    REFUND_REPAYMENT = "REFUND_REPAYMENT", "Repayment of a refund"
    PARENTAL_LEAVE = "PARENTAL_LEAVE", "Parental leave"
    NONPUBLIC_EDUCATIONAL = "NONPUBLIC_EDUCATIONAL", "Nonpublic educational service"
    OUT_OF_SYSTEM_PUBLIC_PRE_1974 = "OUT_OF_SYSTEM_PUBLIC_PRE_1974", "Out-of-system public education (before 1974)"
    OUT_OF_SYSTEM_PUBLIC_POST_1974 = "OUT_OF_SYSTEM_PUBLIC_POST_1974", "Out-of-system public education (after 1974)"
    SABBATICAL_PRE_1981 = "SABBATICAL_PRE_1981", "Sabbatical (before 1981)"
    SABBATICAL_POST_1981 = "SABBATICAL_POST_1981", "Sabbatical (after 1981)"
    STATE_DB_TRANSFER = "STATE_DB_TRANSFER", "State of Michigan DB service transferred"
    STATE_DC_TRANSFER = "STATE_DC_TRANSFER", "State of Michigan DC service transferred"
    WEEKLY_WORKERS_COMPENSATION = "WEEKLY_WORKERS_COMPENSATION", "Weekly workers' compensation"
    CETA = "CETA", "CETA"
    OTHER_NO_LIMIT = "OTHER_NO_LIMIT", "Other"
    MILITARY_LEAVE = "MILITARY_LEAVE", "Military leave during employment"
    WORKERS_COMPENSATION_LEAVE = "WORKERS_COMPENSATION_LEAVE", "Workers' compensation leave during employment"
    RECIPROCAL = "RECIPROCAL", "Reciprocal service (Act 88)"


# RULES §2: granted during state employment, credited as service earned.
GRANTED_TYPES = (CreditType.MILITARY_LEAVE, CreditType.WORKERS_COMPENSATION_LEAVE)


class ServiceCreditEntry(models.Model):
    """Service credit that was not earned on a payroll: purchased, granted or transferred by type, and Act 88
    service, which counts toward vesting and eligibility only (RULES §2)."""

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="service_credits")
    category = models.CharField(max_length=12, choices=CreditCategory.choices)
    credit_type = models.CharField(max_length=40, choices=CreditType.choices)
    years = models.DecimalField(**YEARS)
    credited_on = models.DateField()
    fiscal_year = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["member", "credited_on", "id"]
        verbose_name_plural = "service credit entries"
        indexes = [models.Index(fields=["member", "credited_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(years__gt=0), name="servicecredit_years_positive"),
            models.CheckConstraint(condition=Q(category__in=CreditCategory.values), name="servicecredit_category_known"),
            models.CheckConstraint(condition=Q(credit_type__in=CreditType.values), name="servicecredit_type_known"),
            # Act 88 service is its own category and type: it must never reach the pension amount (RULES §2).
            models.CheckConstraint(
                condition=Q(category=CreditCategory.ACT_88, credit_type=CreditType.RECIPROCAL)
                | (~Q(category=CreditCategory.ACT_88) & ~Q(credit_type=CreditType.RECIPROCAL)),
                name="servicecredit_act88_consistent"),
            models.CheckConstraint(
                condition=Q(category=CreditCategory.GRANTED, credit_type__in=GRANTED_TYPES)
                | (~Q(category=CreditCategory.GRANTED) & ~Q(credit_type__in=GRANTED_TYPES)),
                name="servicecredit_granted_consistent"),
        ]

    def __str__(self):
        return f"{self.get_credit_type_display()}: {self.years} years"

    @property
    def eligibility_only(self):
        return self.category == CreditCategory.ACT_88


class ContributionYear(models.Model):
    """Member contributions and the interest credited on them in one fiscal year (RULES §8)."""

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="contribution_years")
    fiscal_year = models.PositiveSmallIntegerField()
    wages = models.DecimalField("compensation", **MONEY)
    member_contributions = models.DecimalField(**MONEY)
    retiree_healthcare_contributions = models.DecimalField(**MONEY)
    interest_rate = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal(0))
    interest_credited = models.DecimalField(**MONEY)
    ending_balance = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["member", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "fiscal_year"], name="contributionyear_once_per_year"),
            models.CheckConstraint(
                condition=Q(wages__gte=0, member_contributions__gte=0, retiree_healthcare_contributions__gte=0,
                            interest_rate__gte=0, interest_rate__lt=1, interest_credited__gte=0,
                            ending_balance__gte=0),
                name="contributionyear_amounts_not_negative"),
        ]

    def __str__(self):
        return f"FY {self.fiscal_year}"


class Refund(models.Model):
    """Contributions and interest paid out to a member who left; the service is forfeited (RULES §8)."""

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="refunds")
    paid_on = models.DateField()
    contributions = models.DecimalField(**MONEY)
    interest = models.DecimalField(**MONEY)
    service_forfeited = models.DecimalField(**YEARS)

    class Meta:
        ordering = ["member", "paid_on"]
        constraints = [
            models.UniqueConstraint(fields=["member", "paid_on"], name="refund_once_a_day"),
            models.CheckConstraint(condition=Q(contributions__gte=0, interest__gte=0, service_forfeited__gte=0),
                                   name="refund_amounts_not_negative"),
        ]

    def __str__(self):
        return f"refund of {self.paid_on}"


# ---------------------------------------------------------------------------------------------------------------
# Beneficiaries (RULES §6, §14): each change is a new designation; the one not superseded is on file
# ---------------------------------------------------------------------------------------------------------------

class Relationship(models.TextChoices):
    """Values as the engine's `beneficiaries.Relationship`."""

    SPOUSE = "SPOUSE", "Spouse"
    CHILD = "CHILD", "Child (including adopted)"
    GRANDCHILD = "GRANDCHILD", "Grandchild"
    SIBLING = "SIBLING", "Brother or sister"
    PARENT = "PARENT", "Parent"
    OTHER_PERSON = "OTHER_PERSON", "Another person"
    TRUST = "TRUST", "A trust"
    ESTATE = "ESTATE", "Your estate"
    ORGANIZATION = "ORGANIZATION", "An organization or charity"


class BeneficiaryDesignation(models.Model):
    class Kind(models.TextChoices):
        SURVIVOR = "SURVIVOR", "Survivor pension beneficiary"
        REFUND = "REFUND", "Refund beneficiaries"

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="designations")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["member", "-created_at", "-id"]
        indexes = [models.Index(fields=["member", "kind", "-created_at"])]
        constraints = [
            # The most recent designation wins (RULES §14): exactly one of each kind is on file at a time.
            models.UniqueConstraint(fields=["member", "kind"], condition=Q(superseded_at__isnull=True),
                                    name="designation_one_on_file"),
            models.CheckConstraint(condition=Q(kind__in=["SURVIVOR", "REFUND"]), name="designation_kind_known"),
            models.CheckConstraint(condition=Q(superseded_at__isnull=True) | Q(superseded_at__gte=F("created_at")),
                                   name="designation_superseded_after_made"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.created_at:%Y-%m-%d}"


class Beneficiary(models.Model):
    designation = models.ForeignKey(BeneficiaryDesignation, on_delete=models.PROTECT, related_name="beneficiaries")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=12, choices=Relationship.choices)
    birth_date = models.DateField(null=True, blank=True)
    # A person named as trustee of a trust: the trust's name (RULES §6: never the trust itself for a survivor).
    trustee_of = models.CharField("trustee of", max_length=160, blank=True)
    dependent = models.BooleanField("depends on the member for at least half of their support", default=False)
    share = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["designation", "position"]
        verbose_name_plural = "beneficiaries"
        constraints = [
            models.UniqueConstraint(fields=["designation", "position"], name="beneficiary_position_unique"),
            models.CheckConstraint(condition=Q(relationship__in=Relationship.values), name="beneficiary_relation_known"),
            models.CheckConstraint(condition=Q(share__isnull=True) | Q(share__gt=0, share__lte=100),
                                   name="beneficiary_share_in_range"),
        ]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------------------
# Saved estimates (RULES §13: up to four)
# ---------------------------------------------------------------------------------------------------------------

MAX_SAVED_ESTIMATES = 4  # RULES §13: "A member can save up to four estimates"


class SavedEstimate(models.Model):
    """An estimate the member kept: the choices made on the page and the engine's result for the record of the day."""

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="saved_estimates")
    slot = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60)
    inputs = models.JSONField()
    result = models.JSONField()
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["member", "slot"]
        constraints = [
            # Four slots a member: a fifth estimate has nowhere to go, whatever the code does.
            models.UniqueConstraint(fields=["member", "slot"], name="savedestimate_slot_unique"),
            models.CheckConstraint(condition=Q(slot__gte=1, slot__lte=MAX_SAVED_ESTIMATES),
                                   name="savedestimate_at_most_four"),
            models.UniqueConstraint(fields=["member", "name"], name="savedestimate_name_unique"),
        ]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------------------
# Service-credit purchase: a request for a billing statement (RULES §2)
# ---------------------------------------------------------------------------------------------------------------

class PaymentMethod(models.TextChoices):
    DIRECT = "DIRECT", "Direct payment"
    ROLLOVER = "ROLLOVER", "Plan-to-plan rollover"
    PAYROLL = "PAYROLL", "Tax-deferred payroll deduction (TDP)"


class RolloverSource(models.TextChoices):
    """RULES §2: rollovers come from a qualified 401(a), 401(k), 403(b), 457 plan or a conduit IRA; never from a
    traditional, Roth or SEP IRA (offered so the refusal can say why)."""

    PLAN_401A = "401A", "401(a) plan"
    PLAN_401K = "401K", "401(k) plan"
    PLAN_403B = "403B", "403(b) plan"
    PLAN_457 = "457", "457 plan"
    CONDUIT_IRA = "CONDUIT_IRA", "Conduit IRA"
    TRADITIONAL_IRA = "TRADITIONAL_IRA", "Traditional IRA"
    ROTH_IRA = "ROTH_IRA", "Roth IRA"
    SEP_IRA = "SEP_IRA", "SEP IRA"


ROLLOVER_NOT_ALLOWED = ("TRADITIONAL_IRA", "ROTH_IRA", "SEP_IRA")


class PurchaseRequest(models.Model):
    """A member asked for a billing statement for a service purchase; the statement is produced once, by a task."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED", "Being prepared"
        READY = "READY", "In your Documents"

    member = models.ForeignKey("accounts.Member", on_delete=models.PROTECT, related_name="purchase_requests")
    credit_type = models.CharField(max_length=40, choices=CreditType.choices)
    years = models.DecimalField(**YEARS)
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    rollover_source = models.CharField(max_length=16, choices=RolloverSource.choices, blank=True)
    quote = models.JSONField()  # the engine's figures on the day of the request, shown on the statement
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.QUEUED)
    statement = models.OneToOneField("accounts.Document", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["member", "-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(years__gt=0), name="purchaserequest_years_positive"),
            models.CheckConstraint(
                condition=(Q(payment_method="ROLLOVER") & ~Q(rollover_source="")
                           & ~Q(rollover_source__in=ROLLOVER_NOT_ALLOWED))
                | (~Q(payment_method="ROLLOVER") & Q(rollover_source="")),
                name="purchaserequest_rollover_from_a_qualified_plan"),
            models.CheckConstraint(condition=Q(status="QUEUED", statement__isnull=True)
                                   | Q(status="READY", statement__isnull=False),
                                   name="purchaserequest_ready_with_its_statement"),
        ]

    def __str__(self):
        return f"{self.get_credit_type_display()}, {self.years} years"
