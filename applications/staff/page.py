"""The application's page for staff (issue 19 items 2, 3): the member's record summary, every step's answers (the
account number masked: only its last four digits are read), the proofs with a link to accept or reject each, the
waiver's state with a link to its page, the history of the application (its audit entries), and the office's next
action, taken through ``applications.staff_services`` — never a raw edit of the state. Opening the page is audited
like opening the member record; an action asks for the password again when the last sign-in is not recent."""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts.models import AuditEntry
from accounts.services import record_sensitive_view
from applications import staff_services
from applications.models import Application
from applications.staff import selectors
from portal.client_ip import client_ip
from portal.errors import ServiceError

ACTIONS = [("", "No action"), ("start_review", "Start the review"),
           ("ask_member", "Ask the member for a missing or incomplete item (opens a message-board thread)"),
           ("final_payroll", "Record that the final payroll has arrived"),
           ("start_calculation", "Start the calculation"),
           ("approve_award", "Approve the award (a supervisor who did not start the calculation)"),
           ("deny", "Deny the application (the member reads the reason and may ask for a written review)")]
ITEM_NEEDED = "Write what the member should send or complete."
DATE_NEEDED = "Give the day the final payroll arrived."
REASON_NEEDED = staff_services.REASON_NEEDED

ANSWER_FIELDS = {
    "Start": ["retirement_effective_date", "last_day_worked", "eligible_on", "provision"],
    "Payment option": ["option", "beneficiary_name", "beneficiary_relationship", "beneficiary_birth_date",
                       "beneficiary_dependent", "equated", "social_security_fra", "option_factor", "option_monthly",
                       "option_survivor_monthly", "spousal_waiver_required"],
    "Insurance": ["insurance_decision", "health_plan", "prescription_plan", "dental_plan", "vision_plan",
                  "insurance_coverage_begins", "insurance_member_share"],
    "Tax withholding": ["federal_withhold", "federal_filing_status", "federal_step2_other_income",
                        "federal_step3_credits", "federal_step4a_other_income", "federal_step4b_deductions",
                        "federal_step4c_extra", "michigan_withhold", "michigan_filing_status", "michigan_exemptions",
                        "michigan_additional"],
    "Direct deposit": ["deposit_routing_number", "account_number", "deposit_account_type"],
    "Signature": ["esign_consented_at", "declaration_accepted_at", "signature"],
}
SUMMARY_FIELDS = ["reference", "member_summary", "state", "submitted_at", "calculation_started_by", "denial_reason", "proofs_list",
                  "waiver_link", "history"]


class StaffActionForm(forms.ModelForm):
    next_action = forms.ChoiceField(label="Next action", required=False, widget=forms.RadioSelect, choices=ACTIONS)
    item = forms.CharField(label="What the member should send or complete (they read it as written)", required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Reason for a denial (the member reads it as written)", required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    payroll_on = forms.DateField(label="Day the final payroll arrived", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Application
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_action") == "ask_member" and not cleaned.get("item", "").strip():
            self.add_error("item", ITEM_NEEDED)
        if cleaned.get("next_action") == "deny" and not cleaned.get("reason", "").strip():
            self.add_error("reason", REASON_NEEDED)
        if cleaned.get("next_action") == "final_payroll" and not cleaned.get("payroll_on"):
            self.add_error("payroll_on", DATE_NEEDED)
        return cleaned


class ApplicationPageMixin:
    form = StaffActionForm
    readonly_fields = [*SUMMARY_FIELDS, *(name for names in ANSWER_FIELDS.values() for name in names)]
    fieldsets = [("Next action", {"fields": ["next_action", "item", "payroll_on", "reason"]}),
                 ("Application", {"fields": SUMMARY_FIELDS}),
                 *((title, {"fields": names}) for title, names in ANSWER_FIELDS.items())]

    @method_decorator(reauthentication_required(allow_get=True))
    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        if application is not None and request.method == "GET":
            record_sensitive_view(staff_user=request.user, member=application.member, what="retirement_application",
                                  ip_address=client_ip(request))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        action = form.cleaned_data.get("next_action")
        if not action:
            return
        common = {"application_id": obj.pk, "actor": request.user}
        ip = {"ip_address": client_ip(request)}
        try:
            if action == "ask_member":
                staff_services.ask_member(item=form.cleaned_data["item"], **common, **ip)
            elif action == "deny":
                staff_services.deny(reason=form.cleaned_data["reason"], **common, **ip)
            elif action == "final_payroll":
                staff_services.record_final_payroll(on=form.cleaned_data["payroll_on"], **common)
            else:
                getattr(staff_services, action)(**common, **ip)
        except ServiceError as error:
            messages.error(request, error.message)

    @admin.display(description="Member")
    def member_summary(self, application):
        member = application.member
        return format_html(
            '<a href="{}">{} ({})</a><br>{}, {}; born {}; {}; status {}',
            reverse("admin:accounts_member_change", args=[member.pk]), member.full_name, member.member_id,
            member.get_system_display(), member.get_benefit_structure_display(), f"{member.date_of_birth:%B %-d, %Y}",
            member.get_marital_status_display(), member.get_status_display())

    @admin.display(description="Bank account number")
    def account_number(self, application):
        return application.masked_account_number or "—"

    @admin.display(description="Proofs")
    def proofs_list(self, application):
        proofs = list(application.proofs.all())
        if not proofs:
            return "None received"
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}: {}</a>', (
            (reverse("admin:applications_applicationproof_change", args=[proof.pk]), proof.get_kind_display(),
             proof.get_status_display()) for proof in proofs))

    @admin.display(description="Spousal waiver")
    def waiver_link(self, application):
        state = selectors.waiver_state(application)
        rounds = list(application.waivers.all())
        if not rounds:
            return state
        return format_html('<a href="{}">{}</a>', reverse("admin:applications_waiver_change", args=[rounds[0].pk]),
                           state)

    @admin.display(description="History")
    def history(self, application):
        entries = (AuditEntry.objects.filter(member_id=application.member_id, target=f"application:{application.pk}")
                   .select_related("actor").order_by("created_at", "id"))
        return format_html_join(mark_safe("<br>"), "{} — {} — {} {}", (
            (f"{timezone.localtime(entry.created_at):%Y-%m-%d %H:%M}", entry.action.rsplit(".", 1)[-1].replace("_", " "),
             entry.actor.email if entry.actor else "system", _moved(entry.data)) for entry in entries)) or "—"


def _moved(data):
    return f"({data['from']} → {data['to']})" if "from" in data and "to" in data else ""
