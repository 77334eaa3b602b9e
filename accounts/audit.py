"""The audit trail: one entry per write of member data or staff view of it (SECURITY.md AC-10). Every service calls
``audit`` inside its transaction, so the entry commits or rolls back with the change it records."""

from accounts.models import AuditEntry


def audit(*, actor, action, member=None, target="", data=None, ip_address=None):
    """Record ``action`` (named ``app.model.verb``) by ``actor`` (a user, or None for the system) on ``member``."""
    return AuditEntry.objects.create(actor=actor if getattr(actor, "pk", None) else None, member=member,
                                     action=action, target=str(target)[:120], data=data or {},
                                     ip_address=ip_address or None)


def audit_many(*, actor, action, target="", entries, batch_size=2000):
    """Record the same ``action`` on many members at once, one entry each: a bulk service's trail, written in batches
    instead of a query per member. ``entries`` yields (member, data) pairs."""
    actor = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.bulk_create(
        (AuditEntry(actor=actor, member=member, action=action, target=str(target)[:120], data=data or {})
         for member, data in entries), batch_size=batch_size)
