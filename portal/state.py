"""State changes and "confirm what you were shown": the two steps every submit and review screen takes.

:func:`change_state` is the only way a service moves an object's state field: it locks the row, refuses with the
caller's error unless the row is in one of the states the move starts from, saves only the fields that change and
writes the audit entry ``<app>.<model>.<verb>`` with the old and new state, all in one transaction.

:func:`confirm_shown` guards a submit screen: the member confirmed a value (a date, an amount) computed when the
page was shown; when the rules now give another one, :class:`ShownChanged` carries the current value so the page can
show it again and nothing is recorded.
"""

from django.db import transaction

from accounts.audit import audit
from portal.errors import ServiceError

SHOWN_CHANGED = ("What you were shown has changed since the page was shown (the day or your documents changed). Read "
                 "it again below before you confirm.")


class ShownChanged(ServiceError):
    """The value the member confirmed is no longer the current one; ``current`` is what to show now."""

    default_message = SHOWN_CHANGED

    def __init__(self, current, message=None):
        super().__init__(message or self.default_message)
        self.current = current


def confirm_shown(*, shown, current, error=ShownChanged):
    """Refuse with ``error(current)`` unless the member confirmed the ``current`` value."""
    if shown != current:
        raise error(current)
    return current


def audit_action(model, verb):
    """The audit action of a state change: ``<app label>.<model name>.<verb>``."""
    return f"{model._meta.app_label}.{model._meta.model_name}.{verb}"


def change_state(*, model, pk, allowed_from, to, verb, actor, refusal, field="status", changes=None, data=None,
                 ip_address=None):
    """Move one row of ``model`` from a state in ``allowed_from`` to ``to``, once.

    The row is locked (``select_for_update``) for the rest of the caller's transaction, so of two concurrent moves
    exactly one finds the row in ``allowed_from``; the other gets ``refusal`` (a :class:`ServiceError`) and nothing
    changes. ``changes`` are further fields set with the move (a reason, who decided, when); only the fields whose
    value changes are saved. The audit entry names the member of the row (its ``member`` attribute) when it has one.
    Returns the saved row.
    """
    with transaction.atomic():
        row = model._default_manager.select_for_update(of=("self",)).get(pk=pk)
        before = getattr(row, field)
        if before not in allowed_from:
            raise refusal
        updates = {field: to, **(changes or {})}
        changed = [name for name, value in updates.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, updates[name])
        if changed:
            row.full_clean(exclude=[f.name for f in model._meta.fields if f.name not in changed],
                           validate_unique=False, validate_constraints=False)
            row.validate_constraints()  # every constraint, also those over fields this move leaves alone
            row.save(update_fields=changed)
        audit(actor=actor, member=getattr(row, "member", None), action=audit_action(model, verb),
              target=f"{model._meta.model_name}:{row.pk}", ip_address=ip_address,
              data={"from": before, "to": to, **(data or {})})
    return row
