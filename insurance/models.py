"""Retiree insurance data: the catalogue staff manage, and each member's dependents, proofs, Medicare, enrolments,
verifications and life beneficiaries. Every rule about these values is in insurance/rules/; the choices below
carry the same values as its enums (tests/insurance/test_models.py holds them together).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from accounts.proofs import ReviewableProof
from insurance.rules import catalogue as catalogue_rules
from insurance.rules import dependents as dependents_rules
from insurance.rules import effective_dates as effective_dates_rules
from insurance.rules import proofs as proofs_rules
from insurance.rules import subsidy as subsidy_rules
from pensions.models import System
from portal.fields import EncryptedTextField

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class PlanKind(models.TextChoices):
    HEALTH_PPO = "HEALTH_PPO", "Health (PPO)"
    HEALTH_HMO = "HEALTH_HMO", "Health (HMO)"
    PRESCRIPTION = "PRESCRIPTION", "Prescription drug"
    DENTAL = "DENTAL", "Dental"
    VISION = "VISION", "Vision"


HEALTH_KINDS = (PlanKind.HEALTH_PPO, PlanKind.HEALTH_HMO)
# The plan fields of an enrolment and the kinds each may hold: one health plan (PPO or HMO), one of each other.
PLAN_LINES = {
    "health_plan": HEALTH_KINDS,
    "prescription_plan": (PlanKind.PRESCRIPTION,),
    "dental_plan": (PlanKind.DENTAL,),
    "vision_plan": (PlanKind.VISION,),
}


class ServiceArea(models.TextChoices):
    NATIONWIDE = catalogue_rules.ServiceArea.NATIONWIDE.value, "Everywhere, in and outside Michigan"
    MICHIGAN = catalogue_rules.ServiceArea.MICHIGAN.value, "Anywhere in Michigan"
    REGIONAL = catalogue_rules.ServiceArea.REGIONAL.value, "Listed Michigan ZIP areas only"


class Tier(models.TextChoices):
    ONE_PERSON = catalogue_rules.CoverageTier.ONE_PERSON.value, "Retiree only"
    TWO_PEOPLE = catalogue_rules.CoverageTier.TWO_PEOPLE.value, "Two people"
    FAMILY = catalogue_rules.CoverageTier.FAMILY.value, "Three or more people"


class MedicareMix(models.TextChoices):
    NONE = catalogue_rules.MedicareMix.NONE.value, "Nobody with Medicare"
    SOME = catalogue_rules.MedicareMix.SOME.value, "Some with Medicare"
    ALL = catalogue_rules.MedicareMix.ALL.value, "Everyone with Medicare"


class Relation(models.TextChoices):
    SPOUSE = dependents_rules.Relation.SPOUSE.value, "Spouse"
    CHILD = dependents_rules.Relation.CHILD.value, "Child by birth"
    ADOPTED_CHILD = dependents_rules.Relation.ADOPTED_CHILD.value, "Adopted child"
    GUARDIANSHIP_CHILD = dependents_rules.Relation.GUARDIANSHIP_CHILD.value, "Child by legal guardianship"
    STEPCHILD = dependents_rules.Relation.STEPCHILD.value, "Stepchild"
    PARENT = dependents_rules.Relation.PARENT.value, "Your parent"
    PARENT_IN_LAW = dependents_rules.Relation.PARENT_IN_LAW.value, "Your spouse's parent"


class StudentStatus(models.TextChoices):
    NONE = dependents_rules.StudentStatus.NONE.value, "Not a student"
    HALF_TIME = dependents_rules.StudentStatus.HALF_TIME.value, "At least half time"
    FULL_TIME = dependents_rules.StudentStatus.FULL_TIME.value, "Full time"


class ProofKind(models.TextChoices):
    MARRIAGE_CERTIFICATE = proofs_rules.Proof.MARRIAGE_CERTIFICATE.value, "Marriage certificate"
    SPOUSE_BIRTH_CERTIFICATE = proofs_rules.Proof.SPOUSE_BIRTH_CERTIFICATE.value, "Spouse's birth certificate"
    CHILD_BIRTH_CERTIFICATE = proofs_rules.Proof.CHILD_BIRTH_CERTIFICATE.value, "Child's birth certificate"
    FORM_1040_FIRST_PAGE = proofs_rules.Proof.FORM_1040_FIRST_PAGE.value, "First page of your IRS Form 1040"
    SCHOOL_ATTENDANCE_RECORDS = proofs_rules.Proof.SCHOOL_ATTENDANCE_RECORDS.value, "School attendance records"
    GUARDIANSHIP_OR_ADOPTION_PAPERS = (proofs_rules.Proof.GUARDIANSHIP_OR_ADOPTION_PAPERS.value,
                                       "Guardianship or adoption papers")
    PHYSICIAN_DISABILITY_STATEMENT = (proofs_rules.Proof.PHYSICIAN_DISABILITY_STATEMENT.value,
                                      "Physician's disability statement")
    OTHER_COVERAGE_DETAILS = proofs_rules.Proof.OTHER_COVERAGE_DETAILS.value, "Other coverage details"
    CERTIFICATE_OF_CREDITABLE_COVERAGE = (proofs_rules.Proof.CERTIFICATE_OF_CREDITABLE_COVERAGE.value,
                                          "Certificate of creditable coverage")
    ADOPTION_PAPERS = proofs_rules.Proof.ADOPTION_PAPERS.value, "Adoption papers"
    DEATH_CERTIFICATE = proofs_rules.Proof.DEATH_CERTIFICATE.value, "Death certificate"
    PARENT_RELATIONSHIP_AND_RESIDENCE = (proofs_rules.Proof.PARENT_RELATIONSHIP_AND_RESIDENCE.value,
                                         "Parent's relationship and residence")


class Situation(models.TextChoices):
    AT_RETIREMENT = effective_dates_rules.Situation.AT_RETIREMENT.value, "Enrolling at retirement"
    QUALIFYING_EVENT = effective_dates_rules.Situation.QUALIFYING_EVENT.value, "A qualifying event"
    VOLUNTARY = effective_dates_rules.Situation.VOLUNTARY.value, "Voluntary enrolment after retirement"
    PLAN_CHANGE = effective_dates_rules.Situation.PLAN_CHANGE.value, "Changing plans or who is covered"
    MEDICARE_REENROLL = effective_dates_rules.Situation.MEDICARE_REENROLL.value, "Re-enrolling after losing Medicare"


class QualifyingEvent(models.TextChoices):
    INVOLUNTARY_LOSS_OF_COVERAGE = (proofs_rules.QualifyingEvent.INVOLUNTARY_LOSS_OF_COVERAGE.value,
                                    "Involuntary loss of other group coverage")
    MARRIAGE = proofs_rules.QualifyingEvent.MARRIAGE.value, "Marriage"
    BIRTH = proofs_rules.QualifyingEvent.BIRTH.value, "Birth"
    ADOPTION = proofs_rules.QualifyingEvent.ADOPTION.value, "Adoption"
    DEATH = proofs_rules.QualifyingEvent.DEATH.value, "Death"
    DIVORCE = proofs_rules.QualifyingEvent.DIVORCE.value, "Divorce"


CoverageRule = models.TextChoices("CoverageRule",
                                  [(rule.value, rule.value) for rule in effective_dates_rules.CoverageRule])


# ---------------------------------------------------------------------------------------------------------------
# The catalogue (staff, in the admin)
# ---------------------------------------------------------------------------------------------------------------

class Carrier(models.Model):
    name = models.CharField(max_length=120, unique=True)
    phone = models.CharField(max_length=20, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Plan(models.Model):
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=12, choices=PlanKind.choices)
    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=40, unique=True, help_text="A short code for the plan, unique.")
    service_area = models.CharField(max_length=10, choices=ServiceArea.choices, default=ServiceArea.MICHIGAN)
    zip_prefixes = models.CharField(
        "ZIP prefixes", max_length=400, blank=True,
        help_text="Regional plans only: the starts of the ZIP codes served, separated by commas (e.g. 488, 489).")
    active = models.BooleanField(default=True, help_text="Offered for new enrolments.")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            # Outside Michigan only the statewide PPO is offered (RULES §10): never an HMO.
            models.CheckConstraint(condition=~Q(kind=PlanKind.HEALTH_HMO, service_area=ServiceArea.NATIONWIDE),
                                   name="insurance_plan_hmo_not_nationwide"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        if self.service_area == ServiceArea.REGIONAL and not self.zip_prefix_list():
            raise ValidationError({"zip_prefixes": "A regional plan needs the ZIP areas it serves."})
        if self.kind == PlanKind.HEALTH_HMO and self.service_area == ServiceArea.NATIONWIDE:
            raise ValidationError({"service_area": "Outside Michigan only the statewide PPO is offered: an HMO "
                                                   "cannot be offered everywhere."})

    def zip_prefix_list(self):
        return [part.strip() for part in self.zip_prefixes.split(",") if part.strip()]

    def offered_at(self, address):
        """Whether this plan can cover someone living at ``address`` (a MailingAddress, or None)."""
        return catalogue_rules.plan_offered(service_area=catalogue_rules.ServiceArea(self.service_area),
                                            zip_prefixes=self.zip_prefix_list(),
                                            state=address.state if address else None,
                                            postal_code=address.postal_code if address else None)


class PremiumRate(models.Model):
    """The monthly premium of a plan for one fiscal year (from 1 October), tier and Medicare mix."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rates")
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="Named for the year it ends in: fiscal year 2026 runs from October 1, 2025.")
    tier = models.CharField(max_length=12, choices=Tier.choices)
    medicare = models.CharField(max_length=4, choices=MedicareMix.choices)
    monthly_premium = models.DecimalField(max_digits=9, decimal_places=2, validators=NOT_NEGATIVE)

    class Meta:
        ordering = ["plan", "-fiscal_year", "tier", "medicare"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "fiscal_year", "tier", "medicare"], name="insurance_rate_once"),
            models.CheckConstraint(condition=Q(monthly_premium__gte=0), name="insurance_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.plan.code} FY{self.fiscal_year} {self.tier} {self.medicare}: {self.monthly_premium}"

    @property
    def effective_from(self):
        return catalogue_rules.fiscal_year_starts(self.fiscal_year)


class SubsidyRule(models.Model):
    """The Premium Subsidy percentages of one system, as data (RULES §10 "Subsidy percentages are data").

    SERS: the graded schedule. MPSERS: ``mpsers_member_percent`` for retirees (the sources do not tabulate it);
    survivors get the rules' 80%. The Personal Healthcare Fund pays no subsidy whatever is here (RULES §1).
    """

    system = models.CharField(max_length=6, choices=System.choices, unique=True)
    minimum_yos = models.DecimalField("minimum years of service", max_digits=6, decimal_places=4,
                                      default=Decimal(10), validators=NOT_NEGATIVE)
    base_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(30), validators=PERCENT)
    percent_per_further_year = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(3),
                                                   validators=PERCENT)
    maximum_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(100), validators=PERCENT)
    mpsers_member_percent = models.DecimalField("MPSERS retiree percent", max_digits=5, decimal_places=2,
                                                null=True, blank=True, validators=PERCENT)

    class Meta:
        ordering = ["system"]

    def __str__(self):
        return f"Premium subsidy ({self.system})"

    def schedule(self):
        return subsidy_rules.GradedSubsidySchedule(minimum_yos=self.minimum_yos, base_percent=self.base_percent,
                                                   percent_per_further_year=self.percent_per_further_year,
                                                   maximum_percent=self.maximum_percent)


# ---------------------------------------------------------------------------------------------------------------
# The member's side
# ---------------------------------------------------------------------------------------------------------------

class MedicareFields(models.Model):
    """Medicare as entered for one person: the number is encrypted (SECURITY.md CR-1) and shown masked (CR-9)."""

    medicare_number = EncryptedTextField(blank=True)
    medicare_part_a = models.DateField("Medicare Part A effective date", null=True, blank=True)
    medicare_part_b = models.DateField("Medicare Part B effective date", null=True, blank=True)
    individual_part_d = models.BooleanField("enrolled in an individual Part D plan", default=False)

    class Meta:
        abstract = True

    @property
    def masked_medicare_number(self):
        return f"••••-•••-{self.medicare_number[-4:]}" if self.medicare_number else ""

    @property
    def has_medicare(self):
        return catalogue_rules.has_medicare(part_a_effective=self.medicare_part_a,
                                            part_b_effective=self.medicare_part_b)


class InsuranceProfile(MedicareFields):
    """What insurance needs to know about the retiree: staff keep the figures; the member enters Medicare."""

    member = models.OneToOneField("accounts.Member", on_delete=models.CASCADE, related_name="insurance_profile")
    retirement_effective_date = models.DateField(null=True, blank=True)
    years_of_service = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True,
                                           validators=NOT_NEGATIVE)
    monthly_pension = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True,
                                          validators=NOT_NEGATIVE)
    active_life_coverage = models.DecimalField("life insurance carried when leaving work", max_digits=10,
                                               decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE)
    active_dependent_life_coverage = models.DecimalField(
        "dependents' life insurance carried when leaving work (each)", max_digits=10, decimal_places=2,
        null=True, blank=True, validators=NOT_NEGATIVE)
    meets_regular_age_and_service = models.BooleanField(default=False)
    disabled_on = models.DateField("totally and permanently disabled since", null=True, blank=True)
    left_personal_healthcare_fund = models.BooleanField(
        "left the Personal Healthcare Fund plan", default=False,
        help_text="Personal Healthcare Fund members who leave the plan can never re-enrol (RULES §1).")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(retirement_effective_date__day=1) |
                                              Q(retirement_effective_date__isnull=True),
                                              name="insurance_profile_red_first_of_month")]

    def __str__(self):
        return f"Insurance profile of {self.member}"


class Dependent(MedicareFields):
    """A person the member may cover, with every fact the eligibility and proof rules read
    (insurance.rules.dependents.Dependent)."""

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="dependents")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    relation = models.CharField(max_length=20, choices=Relation.choices)
    birth_date = models.DateField()
    married = models.BooleanField(default=False)
    student = models.CharField(max_length=10, choices=StudentStatus.choices, default=StudentStatus.NONE)
    graduation_date = models.DateField("expected graduation", null=True, blank=True)
    disabled = models.BooleanField("totally and permanently disabled", default=False)
    dependent_for_support = models.BooleanField("depends on you for support", default=False)
    placement_date = models.DateField("adoption or guardianship placement date", null=True, blank=True)
    divorce_date = models.DateField(null=True, blank=True)
    spouse_enrolled_separately = models.BooleanField(default=False)
    lives_with_member_half_time = models.BooleanField(default=False)
    member_provides_half_support = models.BooleanField(default=False)
    covered_through_termination = models.BooleanField(default=False)
    not_eligible_elsewhere = models.BooleanField(default=False)
    lives_in_household = models.BooleanField(default=False)
    has_other_coverage = models.BooleanField(default=False)
    lives_with_member = models.BooleanField(default=False)
    life_enrolled_while_active = models.BooleanField("covered by your life insurance while you worked",
                                                     default=False)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["birth_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(divorce_date__isnull=True) | Q(relation=Relation.SPOUSE),
                                   name="insurance_dependent_divorce_only_for_a_spouse"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def as_rule(self):
        """The dependent as the rules read it."""
        return dependents_rules.Dependent(
            relation=dependents_rules.Relation(self.relation), birth_date=self.birth_date, married=self.married,
            student=dependents_rules.StudentStatus(self.student), graduation_date=self.graduation_date,
            disabled=self.disabled, dependent_for_support=self.dependent_for_support,
            placement_date=self.placement_date, divorce_date=self.divorce_date,
            spouse_enrolled_separately=self.spouse_enrolled_separately,
            lives_with_member_half_time=self.lives_with_member_half_time,
            member_provides_half_support=self.member_provides_half_support,
            covered_through_termination=self.covered_through_termination,
            not_eligible_elsewhere=self.not_eligible_elsewhere, lives_in_household=self.lives_in_household,
            has_other_coverage=self.has_other_coverage or self.has_medicare,
            lives_with_member=self.lives_with_member)


class Enrolment(models.Model):
    """One election of plans and covered dependents, in force from ``coverage_begins`` until ``ends_on``.

    A draft becomes SUBMITTED when the member confirms the date shown to them; the date, the rule and its sentence
    are recorded then and never recomputed. A later submitted enrolment replaces this one from its own start.
    """

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Not yet submitted"
        SUBMITTED = "SUBMITTED", "Submitted"
        WITHDRAWN = "WITHDRAWN", "Withdrawn or replaced before it began"

    class EndReason(models.TextChoices):
        REPLACED = "REPLACED", "Replaced by a later enrolment"
        CANCELLED = "CANCELLED", "Cancelled by the member"
        NO_VERIFICATION_ANSWER = "NO_VERIFICATION_ANSWER", "No answer to the verification of other coverage"

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="insurance_enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    situation = models.CharField(max_length=20, choices=Situation.choices)
    qualifying_event = models.CharField(max_length=30, choices=QualifyingEvent.choices, blank=True)
    event_date = models.DateField(null=True, blank=True)
    retirement_effective_date = models.DateField(null=True, blank=True)
    health_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    prescription_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dental_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    vision_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dependents = models.ManyToManyField(Dependent, through="CoveredDependent", related_name="enrolments")
    # Recorded at submission, from insurance.rules.coverage_effective_date:
    medicare = models.BooleanField(null=True, blank=True)
    documents_received = models.DateField(null=True, blank=True)
    coverage_begins = models.DateField(null=True, blank=True)
    rule = models.CharField(max_length=50, choices=CoverageRule.choices, blank=True)
    rule_text = models.TextField(blank=True)
    rule_source = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    ends_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_rule_text = models.TextField(blank=True)
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-coverage_begins", "-id"]
        indexes = [models.Index(fields=["member", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="SUBMITTED") | (Q(coverage_begins__isnull=False)
                                                    & Q(documents_received__isnull=False) & ~Q(rule="")
                                                    & ~Q(rule_text="")),
                name="insurance_enrolment_submitted_has_its_rule"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("coverage_begins")),
                                   name="insurance_enrolment_ends_after_it_begins"),
            models.CheckConstraint(condition=~Q(situation="QUALIFYING_EVENT") | ~Q(status="SUBMITTED")
                                   | (~Q(qualifying_event="") & Q(event_date__isnull=False)),
                                   name="insurance_enrolment_event_has_a_date"),
        ]

    def __str__(self):
        return f"{self.get_situation_display()} for {self.member_id} from {self.coverage_begins or '—'}"

    def plans(self):
        return [plan for plan in (self.health_plan, self.prescription_plan, self.dental_plan, self.vision_plan)
                if plan is not None]

    def in_force_on(self, day):
        return (self.status == self.Status.SUBMITTED and self.coverage_begins <= day
                and (self.ends_on is None or day <= self.ends_on))


class CoveredDependent(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="covered")
    dependent = models.ForeignKey(Dependent, on_delete=models.PROTECT, related_name="coverages")
    ends_on = models.DateField(null=True, blank=True, help_text="Last day covered, when removed early.")
    end_rule_text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "dependent"], name="insurance_covered_once")]

    def __str__(self):
        return f"{self.dependent} on {self.enrolment_id}"


class Proof(ReviewableProof):
    """A copy the member uploaded for a dependent (or for a qualifying event), and the staff review of it."""

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="insurance_proofs")
    dependent = models.ForeignKey(Dependent, on_delete=models.CASCADE, null=True, blank=True, related_name="proofs")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="proofs")
    kind = models.CharField(max_length=40, choices=ProofKind.choices)
    document = models.ForeignKey("accounts.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(dependent__isnull=True) ^ Q(enrolment__isnull=True),
                                   name="insurance_proof_for_a_dependent_or_an_event"),
            *ReviewableProof.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class OtherCoverageVerification(models.Model):
    """The yearly question "do you or your dependents have other coverage?" (RULES §10; [002] step 3)."""

    class Outcome(models.TextChoices):
        PENDING = "PENDING", "Waiting for the answer"
        ANSWERED = "ANSWERED", "Answered"
        EXPIRED = "EXPIRED", "Not answered: coverage cancelled"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="verifications")
    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="+")
    requested_on = models.DateField()
    answer_due = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    has_other_coverage = models.BooleanField(null=True, blank=True)
    other_coverage_details = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_on"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "requested_on"],
                                               name="insurance_verification_once_a_year")]

    def __str__(self):
        return f"Verification of {self.requested_on} ({self.get_outcome_display()})"


class LifeBeneficiary(models.Model):
    """A beneficiary of the retiree's group life insurance: "any person(s) ... a trust or your estate" ([002])."""

    class Kind(models.TextChoices):
        PERSON = "PERSON", "A person"
        TRUST = "TRUST", "A trust"
        ESTATE = "ESTATE", "Your estate"

    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="life_beneficiaries")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    name = models.CharField(max_length=160)
    relationship = models.CharField(max_length=80, blank=True)
    share_percent = models.DecimalField(max_digits=5, decimal_places=2,
                                        validators=[MinValueValidator(Decimal("0.01")), *PERCENT[1:]])
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "life beneficiaries"
        constraints = [models.CheckConstraint(condition=Q(share_percent__gt=0) & Q(share_percent__lte=100),
                                              name="insurance_life_share_in_range")]

    def __str__(self):
        return f"{self.name} ({self.share_percent}%)"
