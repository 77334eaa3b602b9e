"""The application's page for staff (issue 19 items 2, 3): the member's record summary, every step's answers (the
account number masked: only its last four digits are read; supervisors may reveal it on purpose, audited, on a page
of its own), the proofs with a link to accept or reject each, the waiver's state with a link to its page, the
member's message-board threads, the final calculation beside the member's preliminary estimate, the history of the
application (its audit entries), and the office's next action, taken through ``applications.staff_services`` —
never a raw edit of the state. Opening the page is audited like opening the member record; an action asks for the
password again when the last sign-in is not recent; a refused action shows why, with nothing changed."""

from dataclasses import replace

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from accounts.forms import RevealReasonForm
from accounts.message_board.models import Thread
from accounts.models import AuditEntry
from accounts.services import record_sensitive_view
from applications import calculation, staff_services
from applications.models import Application
from applications.rules import comparison
from applications.staff import selectors
from pensions.report_file import EmployerReportField
from pensions.selectors import PROVISION_LABELS
from portal.admin_services import ServiceActionAdminMixin
from portal.client_ip import client_ip
from portal.templatetags.portal_format import long_date

ACTIONS = [("", "No action"), ("start_review", "Start the review"),
           ("ask_member", "Ask the member for a missing or incomplete item (opens a message-board thread)"),
           ("final_payroll", "Record that the final payroll has arrived (loads the employer's final pay report)"),
           ("start_calculation", "Start the calculation"),
           ("recalculate", "Recalculate the pension from the member's actual records (while calculating)"),
           ("return_to_review", "Return to review (while calculating; the calculation is started again afterwards)"),
           ("approve_award", "Approve the award (a supervisor who neither started nor made the latest calculation)"),
           ("deny", "Deny the application (the member reads the reason and may ask for a written review)")]
ITEM_NEEDED = "Write what the member should send or complete."
REPORT_NEEDED = "Choose the employer's final pay report (CSV) to load."
REASON_NEEDED = staff_services.REASON_NEEDED
REASON_ACTIONS = {"deny": REASON_NEEDED, "return_to_review": staff_services.RETURN_REASON_NEEDED}

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
SUMMARY_FIELDS = ["reference", "member_summary", "state", "submitted_at", "calculation_started_by", "denial_reason",
                  "proofs_list", "waiver_link", "threads", "history"]


class StaffActionForm(forms.ModelForm):
    next_action = forms.ChoiceField(label="Next action", required=False, widget=forms.RadioSelect, choices=ACTIONS)
    item = forms.CharField(label="What the member should send or complete (they read it as written)", required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label="Reason for a denial (the member reads it as written) or for a return to review "
                                   "(kept in the history)", required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    payroll_report = EmployerReportField(label="The employer's final pay report", required=False)

    class Meta:
        model = Application
        fields = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_action") == "ask_member" and not cleaned.get("item", "").strip():
            self.add_error("item", ITEM_NEEDED)
        needed = REASON_ACTIONS.get(cleaned.get("next_action"))
        if needed and not cleaned.get("reason", "").strip():
            self.add_error("reason", needed)
        if cleaned.get("next_action") == "final_payroll" and not cleaned.get("payroll_report") \
                and "payroll_report" not in self.errors:
            self.add_error("payroll_report", REPORT_NEEDED)
        return cleaned


class ApplicationPageMixin(ServiceActionAdminMixin):
    form = StaffActionForm
    change_form_template = "admin/applications/application/change_form.html"
    readonly_fields = [*SUMMARY_FIELDS, "final_calculation",
                       *(name for names in ANSWER_FIELDS.values() for name in names)]
    fieldsets = [("Next action", {"fields": ["next_action", "item", "payroll_report", "reason"]}),
                 ("Application", {"fields": SUMMARY_FIELDS}),
                 ("Final calculation", {"fields": ["final_calculation"]}),
                 *((title, {"fields": names}) for title, names in ANSWER_FIELDS.items())]

    @method_decorator(reauthentication_required(allow_get=True))
    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        if application is not None and request.method == "GET":
            record_sensitive_view(staff_user=request.user, member=application.member, what="retirement_application",
                                  ip_address=client_ip(request))
        may_reveal = application is not None and application.deposit_account_last4 \
            and request.user.has_perm("applications.reveal_account_number")
        extra_context = {**(extra_context or {}), "reveal_url": reverse(
            "admin:applications_application_reveal_account", args=[application.pk]) if may_reveal else None}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        reveal = self.admin_site.admin_view(self.reveal_account_view)
        return [path("<int:application_pk>/reveal-account/", reveal, name="applications_application_reveal_account"),
                *super().get_urls()]

    @method_decorator(never_cache)
    @method_decorator(reauthentication_required)
    def reveal_account_view(self, request, application_pk):
        """The full bank account number, once, on purpose, to staff allowed to see it: asked for with a reason (a
        POST), audited, and shown on a page nobody may cache (SECURITY.md AC-10)."""
        if not request.user.has_perm("applications.reveal_account_number"):
            raise PermissionDenied
        application = get_object_or_404(Application.objects.select_related("member").defer("deposit_account_number"),
                                         pk=application_pk, deposit_account_last4__gt="")
        form = RevealReasonForm(request.POST if request.method == "POST" else None)
        context = {**self.admin_site.each_context(request), "application": application, "opts": self.model._meta}
        if not form.is_valid():
            return render(request, "admin/applications/application/reveal_account_confirm.html",
                          {**context, "form": form})
        number = staff_services.reveal_account_number(application_id=application.pk, actor=request.user,
                                                      reason=form.cleaned_data["reason"],
                                                      ip_address=client_ip(request))
        return render(request, "admin/applications/application/reveal_account.html", {**context, "number": number})

    def save_model(self, request, obj, form, change):
        action = form.cleaned_data.get("next_action")
        if not action:
            return
        common = {"application_id": obj.pk, "actor": request.user, "ip_address": client_ip(request)}
        data = form.cleaned_data
        services = {
            "ask_member": lambda: staff_services.ask_member(item=data["item"], **common),
            "deny": lambda: staff_services.deny(reason=data["reason"], **common),
            "return_to_review": lambda: staff_services.return_to_review(reason=data["reason"], **common),
            "final_payroll": lambda: staff_services.record_final_payroll(
                application_id=obj.pk, report=data["payroll_report"], actor=request.user),
            "recalculate": lambda: calculation.recalculate(**common),
        }
        self.run_service(request, services.get(action) or (lambda: getattr(staff_services, action)(**common)))

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
            (_when(entry.created_at), entry.action.rsplit(".", 1)[-1].replace("_", " "),
             entry.actor.email if entry.actor else "system", _moved(entry.data)) for entry in entries)) or "—"


    @admin.display(description="Message-board threads")
    def threads(self, application):
        threads = (Thread.objects.filter(member_id=application.member_id)
                   .only("id", "topic", "status", "last_message_at").order_by("-last_message_at"))
        return format_html_join(mark_safe("<br>"), '<a href="{}">{} ({}), last message {}</a>', (
            (reverse("admin:message_board_thread_change", args=[thread.pk]), thread.get_topic_display(),
             thread.get_status_display().lower(), long_date(timezone.localdate(thread.last_message_at)))
            for thread in threads)) or "None"

    @admin.display(description="Final calculation beside the member's preliminary estimate")
    def final_calculation(self, application):
        latest = calculation.latest_calculation(application)
        if latest is None:
            return "Not calculated yet: start the calculation, then recalculate from the member's actual records."
        return render_to_string("admin/applications/application/comparison.html", {
            "calculation": latest, "rows": comparison_rows(application, latest),
            "stale": staff_services.stale(latest, started_at=application.calculation_started_at)})


def comparison_rows(application, latest) -> list[comparison.Row]:
    """The comparison's rows (``applications.rules.comparison``), the provisions named as the estimate pages name
    them."""
    preliminary = comparison.Preliminary(monthly=application.option_monthly, factor=application.option_factor,
                                         survivor_monthly=application.option_survivor_monthly,
                                         estimate=application.option_estimate)
    rows = comparison.compare(preliminary, latest.result, option=application.option, equated=application.equated)
    return [replace(row, preliminary=PROVISION_LABELS.get(row.preliminary, row.preliminary),
                    final=PROVISION_LABELS.get(row.final, row.final)) if row.kind == comparison.Kind.PROVISION else row
            for row in rows]


def _when(moment):
    """A history entry's time as the portal writes dates (``long_date``), with the time of day."""
    local = timezone.localtime(moment)
    return f"{long_date(local.date())}, {local:%-I:%M %p}"


def _moved(data):
    return f"({data['from']} → {data['to']})" if "from" in data and "to" in data else ""
