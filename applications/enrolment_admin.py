"""The insurance enrolments retirement applications made, for staff (issue 17 step 2): read-only, filtered to those
whose coverage date changed from the one the member was shown and those the insurance services refused, which staff
sort out with the member (``applications.insurance_enrolment``)."""

from django.contrib import admin
from django.db.models import F, Q

from applications.models import ApplicationEnrolment


class OutcomeFilter(admin.SimpleListFilter):
    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [("as_shown", "Enrolled on the date shown"), ("date_changed", "Enrolled on another date"),
                ("refused", "Not enrolled: needs staff")]

    def queryset(self, request, queryset):
        made = Q(enrolment__isnull=False)
        return {"as_shown": queryset.filter(made, coverage_begins=F("shown_coverage_begins")),
                "date_changed": queryset.filter(made).exclude(coverage_begins=F("shown_coverage_begins")),
                "refused": queryset.filter(enrolment__isnull=True)}.get(self.value(), queryset)


@admin.register(ApplicationEnrolment)
class ApplicationEnrolmentAdmin(admin.ModelAdmin):
    list_display = ["application", "documents_received", "shown_coverage_begins", "coverage_begins", "outcome"]
    list_filter = [OutcomeFilter]
    list_select_related = ["application"]
    search_fields = ["application__reference", "application__member__member_id"]
    fields = readonly_fields = ["application", "enrolment", "documents_received", "shown_coverage_begins",
                                "coverage_begins", "outcome", "problem", "created_at"]

    @admin.display(description="outcome")
    def outcome(self, record):
        if record.enrolment_id is None:
            return "Not enrolled: needs staff"
        return "Enrolled on another date than shown: the member was told" if record.date_changed else "Enrolled"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
