"""The staff side of reviewable proofs (accounts.proofs): a decision on the proof's page, and "accept the selected
proofs" on the list. The model admin names the app's review service in ``review_service``; it takes
``proof_id``, ``accept``, ``reason`` and ``actor`` and raises a ServiceError when it refuses."""

from django import forms
from django.contrib import admin, messages

from accounts.proofs import PROOF_ALREADY_REVIEWED, REASON_REQUIRED, ReviewableProof
from portal.admin_services import ServiceActionAdminMixin
from portal.errors import ServiceError


class ProofReviewForm(forms.ModelForm):
    """Accept, or reject with a reason; the model comes from the admin that uses the form."""

    decision = forms.ChoiceField(label="Decision", required=False, widget=forms.RadioSelect, choices=[
        ("", "Not reviewed yet"), ("accept", "Accept the proof"), ("reject", "Do not accept it")])
    reason = forms.CharField(label="Reason (the member reads it as written)", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    class Meta:
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") and self.instance.status != ReviewableProof.Status.SUBMITTED:
            raise forms.ValidationError(PROOF_ALREADY_REVIEWED)
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", REASON_REQUIRED)
        return cleaned


class ProofReviewAdminMixin(ServiceActionAdminMixin):
    """Review through the app's service: never a plain save of the status."""

    form = ProofReviewForm
    review_fields = ["decision", "reason"]
    actions = ["accept_selected"]

    def get_fieldsets(self, request, obj=None):
        """What arrived, read-only, then the review."""
        return [(None, {"fields": self.readonly_fields}), ("Review", {"fields": self.review_fields})]

    def has_add_permission(self, request):
        return False  # proofs arrive from members' uploads

    def has_delete_permission(self, request, obj=None):
        return False  # a reviewed proof is part of the record

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        self.run_service(request, lambda: self.review_service(
            proof_id=obj.pk, accept=decision == "accept", reason=form.cleaned_data["reason"], actor=request.user))

    @admin.action(description="Accept the selected proofs", permissions=["change"])
    def accept_selected(self, request, queryset):
        accepted = 0
        for proof in queryset.filter(status=ReviewableProof.Status.SUBMITTED):
            try:
                self.review_service(proof_id=proof.pk, accept=True, reason="", actor=request.user)
            except ServiceError:
                continue  # reviewed meanwhile by someone else
            accepted += 1
        self.message_user(request, f"{accepted} proof{'s' if accepted != 1 else ''} accepted.", messages.SUCCESS)
