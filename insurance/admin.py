"""The staff workspace for insurance: the catalogue (Supervisors), proof review (Reviewers), and read-only views of
each member's insurance. Medicare numbers are only ever shown masked; opening member data is audited (AC-10)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.downloads import attachment_response
from accounts.proofs_admin import ProofReviewAdminMixin
from accounts.services import record_sensitive_view
from insurance import services
from insurance.models import (
    Carrier,
    CoveredDependent,
    Dependent,
    Enrolment,
    InsuranceProfile,
    LifeBeneficiary,
    OtherCoverageVerification,
    Plan,
    PremiumRate,
    Proof,
    SubsidyRule,
)
from portal.admin_mixins import ReadOnlyMixin
from portal.client_ip import client_ip

MEDICARE_FIELDS = ["masked_medicare_number", "medicare_part_a", "medicare_part_b", "individual_part_d"]


def _member_link(member):
    return format_html('<a href="{}">{}</a>', reverse("admin:accounts_member_change", args=[member.pk]),
                       member.member_id)


class AuditedViewMixin:
    """Opening a member's insurance record is in the audit trail, like opening the member record."""

    audit_what = ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            record_sensitive_view(staff_user=request.user, member=obj.member, what=self.audit_what,
                                  ip_address=client_ip(request))
        return super().change_view(request, object_id, form_url, extra_context)


class InsuranceAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["insurance/admin.css"]}


class ReadOnlyAdmin(ReadOnlyMixin, InsuranceAdmin):
    pass


# ---------------------------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------------------------

@admin.register(Carrier)
class CarrierAdmin(InsuranceAdmin):
    list_display = ["name", "phone", "website"]
    search_fields = ["name"]


class PremiumRateInline(admin.TabularInline):
    model = PremiumRate
    extra = 0
    fields = ["fiscal_year", "tier", "medicare", "monthly_premium"]
    ordering = ["-fiscal_year", "tier", "medicare"]


@admin.register(Plan)
class PlanAdmin(InsuranceAdmin):
    list_display = ["name", "kind", "carrier", "service_area", "active"]
    list_filter = ["kind", "service_area", "active"]
    search_fields = ["name", "code", "carrier__name"]
    list_select_related = ["carrier"]
    inlines = [PremiumRateInline]


@admin.register(PremiumRate)
class PremiumRateAdmin(InsuranceAdmin):
    list_display = ["plan", "fiscal_year", "effective_from", "tier", "medicare", "monthly_premium"]
    list_filter = ["fiscal_year", "tier", "medicare", "plan__kind"]
    search_fields = ["plan__name", "plan__code"]
    list_select_related = ["plan"]


@admin.register(SubsidyRule)
class SubsidyRuleAdmin(InsuranceAdmin):
    list_display = ["system", "minimum_yos", "base_percent", "percent_per_further_year", "maximum_percent",
                    "mpsers_member_percent"]


# ---------------------------------------------------------------------------------------------------------------
# Proof review
# ---------------------------------------------------------------------------------------------------------------

@admin.register(Proof)
class ProofAdmin(AuditedViewMixin, ProofReviewAdminMixin, InsuranceAdmin):
    audit_what = "insurance_proof"
    list_display = ["received_on", "member_link", "about", "kind", "status", "reviewed_by"]
    list_filter = ["status", "kind"]
    search_fields = ["member__member_id", "member__last_name", "dependent__last_name"]
    list_select_related = ["member", "dependent", "enrolment", "reviewed_by"]
    readonly_fields = ["member_link", "about", "kind", "received_on", "document_link", "status", "rejection_reason",
                       "reviewed_by", "reviewed_at"]

    @admin.display(description="member")
    def member_link(self, proof):
        return _member_link(proof.member)

    @admin.display(description="for")
    def about(self, proof):
        if proof.dependent_id:
            return f"{proof.dependent.full_name} ({proof.dependent.get_relation_display()})"
        return f"{proof.enrolment.get_qualifying_event_display()} (qualifying event)"

    @admin.display(description="file")
    def document_link(self, proof):
        url = reverse("admin:insurance_proof_document", args=[proof.pk])
        return format_html('<a href="{}">Download {}</a>', url, proof.document.original_name or "the file")

    def get_urls(self):
        download = self.admin_site.admin_view(self.document_view)
        return [path("<int:proof_pk>/document/", download, name="insurance_proof_document"), *super().get_urls()]

    def document_view(self, request, proof_pk):
        """The uploaded copy, as a download, to staff who may see proofs; every opening is audited."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        proof = get_object_or_404(Proof.objects.select_related("member", "document"), pk=proof_pk)
        record_sensitive_view(staff_user=request.user, member=proof.member, what="insurance_proof_document",
                              ip_address=client_ip(request))
        return attachment_response(proof.document)

    def review_service(self, **decision):
        return services.review_proof(**decision)


class ProofInline(admin.TabularInline):
    model = Proof
    fk_name = "dependent"
    extra = 0
    fields = ["kind", "received_on", "status", "rejection_reason", "review_link"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="review")
    def review_link(self, proof):
        return format_html('<a href="{}">Open</a>', reverse("admin:insurance_proof_change", args=[proof.pk]))


# ---------------------------------------------------------------------------------------------------------------
# Members' insurance (read-only, except the figures Supervisors keep)
# ---------------------------------------------------------------------------------------------------------------

@admin.register(InsuranceProfile)
class InsuranceProfileAdmin(AuditedViewMixin, InsuranceAdmin):
    audit_what = "insurance_profile"
    list_display = ["member", "retirement_effective_date", "years_of_service", "monthly_pension",
                    "masked_medicare_number"]
    search_fields = ["member__member_id", "member__last_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fields = ["member", "retirement_effective_date", "years_of_service", "monthly_pension", "active_life_coverage",
              "active_dependent_life_coverage", "meets_regular_age_and_service", "disabled_on",
              "left_personal_healthcare_fund", *MEDICARE_FIELDS]
    readonly_fields = MEDICARE_FIELDS

    @admin.display(description="Medicare number")
    def masked_medicare_number(self, profile):
        return profile.masked_medicare_number or "—"

    def save_model(self, request, obj, form, change):
        services.save_profile_by_staff(profile=obj, changed_fields=form.changed_data, actor=request.user,
                                       ip_address=client_ip(request))


@admin.register(Dependent)
class DependentAdmin(AuditedViewMixin, ReadOnlyAdmin):
    audit_what = "insurance_dependent"
    list_display = ["full_name", "relation", "birth_date", "member", "masked_medicare_number"]
    list_filter = ["relation"]
    search_fields = ["last_name", "first_name", "member__member_id"]
    list_select_related = ["member"]
    fields = ["member", "first_name", "last_name", "relation", "birth_date", "married", "student", "graduation_date",
              "disabled", "dependent_for_support", "placement_date", "divorce_date", "spouse_enrolled_separately",
              "lives_with_member_half_time", "member_provides_half_support", "covered_through_termination",
              "not_eligible_elsewhere", "lives_in_household", "has_other_coverage", "lives_with_member",
              "life_enrolled_while_active", *MEDICARE_FIELDS]
    readonly_fields = fields
    inlines = [ProofInline]

    @admin.display(description="Medicare number")
    def masked_medicare_number(self, dependent):
        return dependent.masked_medicare_number or "—"


class CoveredDependentInline(admin.TabularInline):
    model = CoveredDependent
    extra = 0
    fields = ["dependent", "ends_on", "end_rule_text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(AuditedViewMixin, ReadOnlyAdmin):
    audit_what = "insurance_enrolment"
    list_display = ["member", "situation", "status", "coverage_begins", "ends_on", "rule"]
    list_filter = ["status", "situation", "rule"]
    search_fields = ["member__member_id", "member__last_name"]
    list_select_related = ["member"]
    fields = ["member", "status", "situation", "qualifying_event", "event_date", "retirement_effective_date",
              "health_plan", "prescription_plan", "dental_plan", "vision_plan", "medicare", "documents_received",
              "coverage_begins", "rule", "rule_text", "rule_source", "submitted_at", "submitted_by", "ends_on",
              "end_reason", "end_rule_text"]
    readonly_fields = fields
    inlines = [CoveredDependentInline]


@admin.register(OtherCoverageVerification)
class OtherCoverageVerificationAdmin(ReadOnlyAdmin):
    list_display = ["member", "requested_on", "answer_due", "outcome", "has_other_coverage", "answered_at"]
    list_filter = ["outcome"]
    search_fields = ["member__member_id"]
    list_select_related = ["member"]


@admin.register(LifeBeneficiary)
class LifeBeneficiaryAdmin(AuditedViewMixin, ReadOnlyAdmin):
    audit_what = "insurance_life_beneficiary"
    list_display = ["member", "name", "kind", "relationship", "share_percent"]
    search_fields = ["member__member_id", "name"]
    list_select_related = ["member"]
