"""Shared behaviour of the staff admin's model pages."""

from django.contrib.admin.views.main import SEARCH_VAR

from accounts.models import MEMBER_ID_FORMAT
from portal.estimated_count import EstimatedCountPaginator


class ReadOnlyMixin:
    """Staff may list and open these records, never add, change or delete them in the admin: they change only
    through the services (or not at all). Works for model admins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LargeTableMixin:
    """The list of a table that grows per member per period (pay periods, audit entries, ...): never a full count
    (the page count is the planner's estimate), no date hierarchy (its year links scan the whole table), and, when
    `search_required` is set, no list at all until a search is given — the message is shown instead, and the table
    is not read. Every default ordering and filter of such a list has its index (checked by the EXPLAIN test)."""

    show_full_result_count = False
    paginator = EstimatedCountPaginator
    date_hierarchy = None
    search_required = ""  # e.g. "Search for a member by member ID or last name to list their pay periods."
    member_field = "member"  # the foreign key to the member: a member ID searched goes to it (unique index)
    change_list_template = "admin/large_table_change_list.html"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if self.search_required and not term:
            return queryset.none(), False
        if self.member_field and MEMBER_ID_FORMAT.regex.match(term):
            return queryset.filter(**{f"{self.member_field}__member_id": term}), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        if self.search_required and not request.GET.get(SEARCH_VAR, "").strip():
            extra_context = {**(extra_context or {}), "search_required": self.search_required}
        return super().changelist_view(request, extra_context)
