"""The application's own proofs for staff (issue 19 item 2): accept, or reject with the reason the member reads,
through ``submitted_services.review_application_proof``; the file opens as a download, every opening audited."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from accounts.downloads import attachment_response
from accounts.proofs_admin import ProofReviewAdminMixin
from accounts.services import record_sensitive_view
from applications import submitted_services
from applications.models import ApplicationProof
from portal.client_ip import client_ip


@admin.register(ApplicationProof)
class ApplicationProofAdmin(ProofReviewAdminMixin, admin.ModelAdmin):
    list_display = ["received_on", "application", "kind", "status", "reviewed_by"]
    list_filter = ["status", "kind"]
    search_fields = ["application__reference", "member__member_id", "member__last_name"]
    list_select_related = ["application", "reviewed_by"]
    readonly_fields = ["application", "kind", "received_on", "document_link", "status", "rejection_reason",
                       "reviewed_by", "reviewed_at"]

    @admin.display(description="file")
    def document_link(self, proof):
        return format_html('<a href="{}">Download the file</a>',
                           reverse("admin:applications_applicationproof_document", args=[proof.pk]))

    def get_urls(self):
        download = self.admin_site.admin_view(self.document_view)
        return [path("<int:proof_pk>/document/", download, name="applications_applicationproof_document"),
                *super().get_urls()]

    def document_view(self, request, proof_pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        proof = get_object_or_404(ApplicationProof.objects.select_related("member", "document"), pk=proof_pk)
        record_sensitive_view(staff_user=request.user, member=proof.member, what="application_proof_document",
                              ip_address=client_ip(request))
        return attachment_response(proof.document)

    def review_service(self, **decision):
        return submitted_services.review_application_proof(**decision)
