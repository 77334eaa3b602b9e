"""The audit trail: one entry per write of member data or staff view of it (SECURITY.md AC-10). Every service calls
``audit`` inside its transaction, so the entry commits or rolls back with the change it records."""

from accounts.models import AuditEntry
from portal.bulk_insert import insert_rows


def audit(*, actor, action, member=None, target="", data=None, ip_address=None):
    """Record ``action`` (named ``app.model.verb``) by ``actor`` (a user, or None for the system) on ``member``."""
    return AuditEntry.objects.create(actor=actor if getattr(actor, "pk", None) else None, member=member,
                                     action=action, target=str(target)[:120], data=data or {},
                                     ip_address=ip_address or None)


def audit_many(*, actor, action, target="", entries) -> int:
    """Record the same ``action`` on many members at once, one entry each: a bulk service's trail, streamed in one
    statement instead of a query per member. ``entries`` yields (member id, data) pairs; returns how many."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    target = str(target)[:120]
    return insert_rows(AuditEntry, ("actor_id", "member_id", "action", "target", "data"),
                       ((actor_id, member_id, action, target, data or {}) for member_id, data in entries))
