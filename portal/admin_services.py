"""Admin pages whose save runs a service (a staff action, a proof's review, a waiver's decision): when the service
refuses, the page shows its message and opens again — never Django's "changed successfully", and no "Changed" entry
in the object's admin history, since nothing changed (issue 19)."""

from django.contrib import messages
from django.http import HttpResponseRedirect

from portal.errors import ServiceError

REFUSED = "service_refused"  # the request's mark that this save was refused


class ServiceActionAdminMixin:
    def run_service(self, request, call):
        """Run ``call`` (the service, from ``save_model``); a refusal is shown to the staff member, with its
        details (each its own line of the page's message list)."""
        try:
            return call()
        except ServiceError as error:
            for line in (error.message, *error.details):
                messages.error(request, line)
            setattr(request, REFUSED, True)
            return None

    def log_change(self, request, obj, message):
        if not getattr(request, REFUSED, False):
            return super().log_change(request, obj, message)
        return None

    def response_change(self, request, obj):
        if getattr(request, REFUSED, False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)
