"""The staff workspace for members' records: read only (records change through the employer-report loader and the
services), each record a staff member opens written to the audit trail."""

from django.contrib import admin

from accounts import services as account_services
from pensions.models import (
    Beneficiary,
    BeneficiaryDesignation,
    ContributionYear,
    Employer,
    EmployerReport,
    PayPeriodReport,
    PurchaseRequest,
    Refund,
    ServiceCreditEntry,
)
from portal.admin_mixins import LargeTableMixin, ReadOnlyMixin
from portal.client_ip import client_ip


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "system"]
    list_filter = ["system"]
    search_fields = ["code", "name"]


class MemberRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read only; opening one member's record is audited like opening the member (SECURITY: staff views audited)."""

    list_select_related = ["member"]
    search_fields = ["member__member_id", "member__last_name"]
    raw_id_fields = ["member"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        if record is not None and request.method == "GET":
            account_services.record_sensitive_view(staff_user=request.user, member=record.member,
                                                   what=self.model._meta.model_name, ip_address=client_ip(request))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(PayPeriodReport)
class PayPeriodReportAdmin(LargeTableMixin, MemberRecordAdmin):
    list_display = ["member", "employer", "period_start", "period_end", "pay_cycle", "regular_hours",
                    "credited_hours", "gross_wages", "fiscal_year"]
    list_select_related = ["member", "employer"]
    list_filter = ["pay_cycle"]
    search_required = "Search for a member by member ID or last name to list their pay periods."


@admin.register(ServiceCreditEntry)
class ServiceCreditEntryAdmin(LargeTableMixin, MemberRecordAdmin):
    list_display = ["member", "category", "credit_type", "years", "credited_on"]
    list_filter = ["category", "credit_type"]
    search_required = "Search for a member by member ID or last name to list their service credit."


@admin.register(ContributionYear)
class ContributionYearAdmin(LargeTableMixin, MemberRecordAdmin):
    list_display = ["member", "fiscal_year", "wages", "member_contributions", "interest_credited", "ending_balance"]
    search_required = "Search for a member by member ID or last name to list their contribution years."


@admin.register(Refund)
class RefundAdmin(MemberRecordAdmin):
    list_display = ["member", "paid_on", "contributions", "interest", "service_forfeited"]


@admin.register(EmployerReport)
class EmployerReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["filename", "employer", "rows", "loaded_at"]
    list_select_related = ["employer"]


class BeneficiaryInline(admin.TabularInline):
    model = Beneficiary
    extra = 0
    fields = ["position", "name", "relationship", "birth_date", "trustee_of", "dependent", "share"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BeneficiaryDesignation)
class BeneficiaryDesignationAdmin(MemberRecordAdmin):
    list_display = ["member", "kind", "created_at", "superseded_at"]
    list_filter = ["kind"]
    inlines = [BeneficiaryInline]


@admin.register(PurchaseRequest)
class PurchaseRequestAdmin(MemberRecordAdmin):
    list_display = ["member", "credit_type", "years", "payment_method", "status", "created_at"]
    list_filter = ["status", "credit_type", "payment_method"]
