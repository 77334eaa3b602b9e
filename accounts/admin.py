from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from accounts import services
from accounts.forms import AddressForm, RevealReasonForm
from accounts.models import AuditEntry, Document, MailingAddress, Member, OutboundEmail, SingleUseLink, User
from portal.admin_mixins import LargeTableMixin, ReadOnlyMixin
from portal.client_ip import client_ip
from portal.form_step import submit_form


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["end_all_sessions"]
    # The groups are two (Reviewer, Supervisor): ticked boxes, not Django's two-list filter widget, whose script
    # writes aria-label on a bare <span> (axe aria-prohibited-attr; issue 15 item 11).
    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description="End every session of the selected users (they must sign in again)",
                  permissions=["change"])
    def end_all_sessions(self, request, queryset):
        for user in queryset:
            services.end_all_sessions(user=user, actor=request.user, ip_address=client_ip(request))
        self.message_user(request, f"Every session of {len(queryset)} user(s) has ended.", messages.SUCCESS)


class MemberAdminForm(forms.ModelForm):
    """The SSN is write-only here: blank keeps the stored number; nothing shows more than the last four."""

    new_ssn = forms.CharField(label="Correct the SSN", required=False, max_length=11,
                              help_text="Leave blank to keep the number on file. Nine digits.")

    class Meta:
        model = Member
        fields = ["member_id", "system", "first_name", "middle_name", "last_name", "suffix", "date_of_birth",
                  "personal_email", "phone", "marital_status", "status", "employer", "benefit_structure",
                  "employment_type", "hire_date", "healthcare_plan", "edro_on_file"]

    def clean_new_ssn(self):
        value = "".join(ch for ch in self.cleaned_data["new_ssn"] if ch.isdigit())
        if value and len(value) != 9:
            raise forms.ValidationError("An SSN has nine digits.")
        return value

    def save(self, commit=True):
        member = super().save(commit=False)
        if self.cleaned_data.get("new_ssn"):
            member.ssn = self.cleaned_data["new_ssn"]
        if commit:
            member.save()
        return member


class MailingAddressInline(ReadOnlyMixin, admin.TabularInline):
    """The addresses on file, read-only: staff record a new one with "Change the mailing address", which goes through
    the member's own service (audited, and the member is told)."""

    model = MailingAddress
    extra = 0
    fields = ["effective_date", "line1", "line2", "city", "state", "postal_code"]
    readonly_fields = fields


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    form = MemberAdminForm
    list_display = ["member_id", "last_name", "first_name", "system", "benefit_structure", "status", "ssn_masked",
                    "claimed"]
    list_filter = ["system", "status", "benefit_structure", "employment_type"]
    search_fields = ["member_id", "last_name", "first_name", "personal_email"]
    list_select_related = ["employer"]
    readonly_fields = ["ssn_masked", "claimed_at", "user"]
    inlines = [MailingAddressInline]
    history_list_display = ["status", "benefit_structure"]

    @admin.display(description="SSN")
    def ssn_masked(self, member):
        return member.masked_ssn

    @admin.display(boolean=True, description="Online account")
    def claimed(self, member):
        return member.user_id is not None

    def get_urls(self):
        reveal = self.admin_site.admin_view(self.reveal_ssn_view)
        address = self.admin_site.admin_view(self.change_address_view)
        return [path("<int:member_pk>/reveal-ssn/", reveal, name="accounts_member_reveal_ssn"),
                path("<int:member_pk>/address/", address, name="accounts_member_change_address"),
                *super().get_urls()]

    def change_address_view(self, request, member_pk):
        """Record a member's new mailing address for them (a letter, a call): the same service as the member's own
        page, so it is audited with the staff member's name and the member is sent a notice."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        member = get_object_or_404(Member.objects.select_related("user"), pk=member_pk)
        form = AddressForm(request.POST or None, initial={"effective_date": timezone.localdate(), "state": "MI"})
        return submit_form(
            request, form, lambda data: services.change_address(member=member, actor=request.user,
                                                                ip_address=client_ip(request), **data),
            done=f"The new mailing address of {member.full_name} is recorded, and the member was sent a notice.",
            then=reverse("admin:accounts_member_change", args=[member.pk]),
        ) or render(request, "admin/accounts/member/change_address.html", {
            **self.admin_site.each_context(request), "member": member, "form": form, "opts": self.model._meta})

    def reveal_ssn_view(self, request, member_pk):
        """Show the full SSN once, on purpose, to staff allowed to see it; every reveal is audited (AC-10)."""
        if not request.user.has_perm("accounts.view_full_ssn"):
            raise PermissionDenied
        member = get_object_or_404(Member, pk=member_pk)
        form = RevealReasonForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return render(request, "admin/accounts/member/reveal_ssn_confirm.html",
                          {**self.admin_site.each_context(request), "member": member, "opts": self.model._meta,
                           "form": form})
        services.record_sensitive_view(staff_user=request.user, member=member, what="full_ssn",
                                       reason=form.cleaned_data["reason"], ip_address=client_ip(request))
        return render(request, "admin/accounts/member/reveal_ssn.html",
                      {**self.admin_site.each_context(request), "member": member, "opts": self.model._meta,
                       "ssn": f"{member.ssn[:3]}-{member.ssn[3:5]}-{member.ssn[5:]}"})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        member = self.get_object(request, object_id)
        if member is not None and request.method == "GET":
            services.record_sensitive_view(staff_user=request.user, member=member, what="record",
                                           ip_address=client_ip(request))
        extra_context = {**(extra_context or {}),
                         "reveal_url": reverse("admin:accounts_member_reveal_ssn", args=[member.pk])
                         if member is not None and request.user.has_perm("accounts.view_full_ssn") else None,
                         "address_url": reverse("admin:accounts_member_change_address", args=[member.pk])
                         if member is not None and self.has_change_permission(request) else None}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        changed = [name for name in form.changed_data if name != "new_ssn"]
        if form.cleaned_data.get("new_ssn"):
            changed.append("ssn")
        services.save_member_by_staff(member=obj, changed_fields=changed, actor=request.user,
                                      ip_address=client_ip(request))
        if "ssn" in changed:
            messages.info(request, "The SSN was corrected; the change is in the audit trail.")


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class AuditAreaFilter(admin.SimpleListFilter):
    """The part of the portal an action belongs to (its name's first word), from a fixed list: listing the distinct
    actions on record would read the whole audit trail."""

    title = "area"
    parameter_name = "area"

    def lookups(self, request, model_admin):
        return [("accounts", "Accounts, sign-in and messages"), ("pensions", "Pension records"),
                ("insurance", "Insurance"), ("applications", "Retirement applications")]

    def queryset(self, request, queryset):
        return queryset.filter(action__startswith=f"{self.value()}.") if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(LargeTableMixin, ReadOnlyAdmin):
    """The latest entries first (index on created_at, id); narrowed by area, or searched by a member ID, a staff
    e-mail or the start of an action name, each through its own index."""

    list_display = ["created_at", "action", "actor", "member_link", "ip_address"]
    list_filter = [AuditAreaFilter]
    search_fields = ["action__startswith"]
    search_help_text = "A member ID, a staff member's e-mail address, or the start of an action (pensions.payperiod)."
    list_select_related = ["actor", "member"]

    def get_search_results(self, request, queryset, search_term):
        if "@" in search_term:
            return queryset.filter(actor__email__iexact=search_term.strip()), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="member")
    def member_link(self, entry):
        if entry.member_id is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:accounts_member_change", args=[entry.member_id]),
                           entry.member.member_id)


@admin.register(SingleUseLink)
class SingleUseLinkAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "target_type", "target_id", "email", "created_at", "expires_at", "used_at",
                    "revoked_at", "locked_at"]
    list_filter = ["purpose"]
    list_select_related = ["target_type"]
    fields = ["purpose", "target_type", "target_id", "email", "created_at", "expires_at", "used_at", "revoked_at",
              "failed_attempts", "locked_at"]  # never the token hash


@admin.register(OutboundEmail)
class OutboundEmailAdmin(LargeTableMixin, ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "sending_since", "sent_at", "attempts", "last_error"]
    # "sending since" without "sent at": a send a killed worker may have completed, never retried by itself (README).
    list_filter = [("sent_at", admin.EmptyFieldListFilter), ("sending_since", admin.EmptyFieldListFilter)]
    search_fields = ["=to"]  # the recipient's address (index on its upper case)
    member_field = None


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "kind", "content_type", "size", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "member__member_id"]
    list_select_related = ["member"]
    fields = ["member", "kind", "title", "original_name", "content_type", "size", "sha256", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

