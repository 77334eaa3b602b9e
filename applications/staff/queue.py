"""The reviewer's queue (issue 19 item 1): submitted applications by state, system, RED month, days since the member
submitted, missing proofs and the waiver's state; filtered by those, searched by member ID, name or reference. The
list's query count is fixed whatever its length (``selectors.queue_queryset``). Nothing is added, deleted or edited
here: the state moves only through the services; the page of one application is ``page``."""

from django.contrib import admin

from accounts.models import MEMBER_ID_FORMAT
from applications.models import Application
from applications.staff import selectors
from applications.staff.page import ApplicationPageMixin


class RedMonthFilter(admin.SimpleListFilter):
    """The month of the retirement effective date (always the 1st: RULES §3), from the months on file."""

    title = "retirement effective month"
    parameter_name = "red"

    def lookups(self, request, model_admin):
        months = Application.objects.exclude(state=Application.State.DRAFT).dates("retirement_effective_date",
                                                                                  "month")
        return [(month.isoformat(), f"{month:%B %Y}") for month in months]

    def queryset(self, request, queryset):
        return queryset.filter(retirement_effective_date=self.value()) if self.value() else queryset


@admin.register(Application)
class ApplicationAdmin(ApplicationPageMixin, admin.ModelAdmin):
    list_display = ["reference", "member_id", "member_name", "state", "system", "retirement_effective_date",
                    "days_waiting", "missing", "waiver"]
    list_display_links = ["reference"]
    list_filter = ["state", "member__system", RedMonthFilter, "spousal_waiver_required"]
    search_fields = ["reference", "member__last_name", "member__first_name"]
    search_help_text = "A member ID, a member's first or last name, or an application reference (RA-2026-000123)."
    ordering = ["submitted_at", "id"]  # the longest waiting first
    show_full_result_count = False

    def get_queryset(self, request):
        return selectors.queue_queryset(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if MEMBER_ID_FORMAT.regex.match(term):  # through the unique index, not a scan of names
            return queryset.filter(member__member_id=term), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Member ID", ordering="member__member_id")
    def member_id(self, application):
        return application.member.member_id

    @admin.display(description="Member", ordering="member__last_name")
    def member_name(self, application):
        return application.member.full_name

    @admin.display(description="System", ordering="member__system")
    def system(self, application):
        return application.member.get_system_display()

    @admin.display(description="Days since submitted", ordering="submitted_at")
    def days_waiting(self, application):
        return selectors.days_waiting(application)

    @admin.display(description="Missing proofs")
    def missing(self, application):
        return ", ".join(selectors.missing_items(application)) or "None"

    @admin.display(description="Spousal waiver")
    def waiver(self, application):
        return selectors.waiver_state(application)
