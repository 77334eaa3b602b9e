"""Reads that cross a permission boundary: each takes the member (or staff user) and returns only theirs."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Document, MailingAddress


def current_address_for_member(*, member, on=None):
    on = on or timezone.localdate()
    return MailingAddress.objects.filter(member=member, effective_date__lte=on).order_by("-effective_date", "-id").first()


def scheduled_addresses_for_member(*, member, on=None):
    on = on or timezone.localdate()
    return list(MailingAddress.objects.filter(member=member, effective_date__gt=on).order_by("effective_date"))


def scheduled_move_for_member(*, member, address_id, on=None):
    """One of the member's moves not yet in effect; a past address or anyone else's is the same 404."""
    on = on or timezone.localdate()
    return get_object_or_404(MailingAddress.objects.filter(member=member, effective_date__gt=on), pk=address_id)


def address_form_initial(*, member, on):
    """The address form opens with the address on file (or Michigan for a first one), from today."""
    address = current_address_for_member(member=member, on=on)
    if address is None:
        return {"effective_date": on, "state": "MI"}
    return {"line1": address.line1, "line2": address.line2, "city": address.city, "state": address.state,
            "postal_code": address.postal_code, "effective_date": on}


def documents_for_member(*, member):
    return Document.objects.filter(member=member).order_by("-created_at", "-id")


def document_for_member(*, member, document_id):
    """The member's own document; anyone else's id is the same 404 as a missing one."""
    return get_object_or_404(Document.objects.filter(member=member), pk=document_id)
