"""Shared behaviour of the staff admin's model pages."""


class ReadOnlyMixin:
    """Staff may list and open these records, never add, change or delete them in the admin: they change only
    through the services (or not at all). Works for model admins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
