"""The staff side of the spousal waiver (issue 18 items 5, 6): every round with its parts, notarial acts, events
and the flag when the spouse signed from the member's own session, address or browser; the signed PDF to open;
a decision on the waiver's page — approve, or reject with a reason from the list (a new round starts with new
links) — taken through ``applications.waivers.services``, never a plain save."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.downloads import attachment_response
from accounts.services import record_sensitive_view
from applications.models import NotarialAct, Waiver, WaiverEvent
from applications.waivers import services
from portal.admin_services import ServiceActionAdminMixin
from portal.client_ip import client_ip

REASON_NEEDED = "Choose the reason the member reads."


class WaiverReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(label="Decision", required=False, widget=forms.RadioSelect, choices=[
        ("", "Not reviewed yet"), ("approve", "Approve the waiver"), ("reject", "Reject it (a new round starts)")])
    reason = forms.ChoiceField(label="Reason for a rejection", required=False,
                               choices=[("", "—"), *Waiver.Reason.choices])
    note = forms.CharField(label="What the member should fix (they read it as written)", required=False,
                           max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Waiver
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and self.instance.state != Waiver.State.COMPLETE:
            raise forms.ValidationError(services.NOT_NOW)
        if cleaned.get("decision") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", REASON_NEEDED)
        return cleaned


class NotarialActInline(admin.StackedInline):
    model = NotarialAct
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class WaiverEventInline(admin.TabularInline):
    model = WaiverEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "detail", "ip_address", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Waiver)
class WaiverAdmin(ServiceActionAdminMixin, admin.ModelAdmin):
    form = WaiverReviewForm
    list_display = ["__str__", "application", "member", "state", "flagged", "completed_at"]
    list_filter = ["state"]
    list_select_related = ["application", "member", "document"]
    search_fields = ["application__reference", "member__member_id", "member__last_name"]
    inlines = [NotarialActInline, WaiverEventInline]
    readonly_fields = ["application", "member", "round", "state", "option", "beneficiary_name",
                       "beneficiary_relationship", "retirement_effective_date", "full_survivor_monthly",
                       "left_monthly", "spouse_name", "spouse_birth_date", "spouse_email", "spouse_consented_at",
                       "spouse_signed_at", "spouse_signature", "spouse_declined_at", "flagged",
                       "spouse_notary_name", "spouse_notary_email", "applicant_consented_at", "applicant_signed_at",
                       "applicant_signature", "applicant_notary_name", "applicant_notary_email", "completed_at",
                       "signed_document", "document_sha256", "record_sha256", "reviewed_at", "reviewed_by",
                       "rejection_reason",
                       "rejection_note", "ended_at"]
    fieldsets = [
        ("Review", {"fields": ["decision", "reason", "note"]}),
        ("Round", {"fields": ["application", "member", "round", "state", "flagged", "signed_document",
                              "document_sha256", "record_sha256", "completed_at", "reviewed_at", "reviewed_by",
                              "rejection_reason",
                              "rejection_note", "ended_at"]}),
        ("Election shown", {"fields": ["option", "beneficiary_name", "beneficiary_relationship",
                                       "retirement_effective_date", "full_survivor_monthly", "left_monthly"]}),
        ("Spouse", {"fields": ["spouse_name", "spouse_birth_date", "spouse_email", "spouse_consented_at",
                               "spouse_signed_at", "spouse_signature", "spouse_declined_at", "spouse_notary_name",
                               "spouse_notary_email"]}),
        ("Applicant", {"fields": ["applicant_consented_at", "applicant_signed_at", "applicant_signature",
                                  "applicant_notary_name", "applicant_notary_email"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    class Media:
        css = {"all": ["applications/waiver_admin.css"]}

    @admin.display(description="Flag for review")
    def flagged(self, waiver):
        if not waiver.spouse_flags:
            return "—"
        return "Spouse signed from the member's own " + ", ".join(waiver.spouse_flags)

    @admin.display(description="Signed document")
    def signed_document(self, waiver):
        if waiver.document_id is None:
            return "—"
        return format_html('<a href="{}">Open the PDF</a>', reverse("admin:applications_waiver_document",
                                                                      args=[waiver.pk]))

    @admin.display(description="SHA-256 of the file, recorded when it was delivered")
    def document_sha256(self, waiver):
        return waiver.document.sha256 if waiver.document_id else "—"

    def get_urls(self):
        download = self.admin_site.admin_view(self.document_view)
        return [path("<int:waiver_pk>/document/", download, name="applications_waiver_document"),
                *super().get_urls()]

    def document_view(self, request, waiver_pk):
        """The signed PDF, to staff who may see waivers; every opening is audited."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        waiver = get_object_or_404(Waiver.objects.select_related("member", "document"), pk=waiver_pk,
                                   document__isnull=False)
        record_sensitive_view(staff_user=request.user, member=waiver.member, what="spousal_waiver_document",
                              ip_address=client_ip(request))
        return attachment_response(waiver.document)

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        if decision == "approve":
            self.run_service(request, lambda: services.approve_waiver(waiver_id=obj.pk, actor=request.user))
        else:
            self.run_service(request, lambda: services.reject_waiver(
                waiver_id=obj.pk, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
                actor=request.user))
