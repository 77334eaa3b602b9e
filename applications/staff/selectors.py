"""Reads for the reviewer's queue (issue 19 item 1): what each row shows, worked out from rows already fetched so
the list's query count does not grow with its length — the proofs and the waiver rounds of a page of applications
are read in one query each (prefetched by the queue's queryset)."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from applications.models import Application, ApplicationProof, Waiver
from applications.rules.checklist import PROOF_LABELS, UPLOADABLE
from applications.submitted_selectors import own_proofs_required

NOT_REQUIRED = "Not required"
NOT_STARTED = "Required, not started"


def queue_queryset(queryset):
    """Submitted applications (a draft is the member's own until they sign it), with what the row shows."""
    return (queryset.exclude(state=Application.State.DRAFT).defer("deposit_account_number")
            .select_related("member")
            .prefetch_related(Prefetch("proofs", queryset=ApplicationProof.objects.only(
                                  "id", "application_id", "kind", "status", "created_at")),
                              Prefetch("waivers", queryset=Waiver.objects.only(
                                  "id", "application_id", "state", "created_at"))))


def missing_items(application) -> list[str]:
    """The application's own uploadable proofs with no copy received, or whose newest copy was not accepted (the
    dependents' proofs are insurance's: their own list)."""
    newest = {}
    for proof in application.proofs.all():  # newest first (the model's ordering)
        newest.setdefault(proof.kind, proof)
    return [PROOF_LABELS[kind] for kind in own_proofs_required(application) if kind in UPLOADABLE
            and (kind.value not in newest or newest[kind.value].status == ApplicationProof.Status.REJECTED)]


def waiver_state(application) -> str:
    if not application.spousal_waiver_required:
        return NOT_REQUIRED
    rounds = list(application.waivers.all())  # newest first
    return rounds[0].get_state_display() if rounds else NOT_STARTED


def days_waiting(application, *, today: date | None = None) -> int | None:
    """Whole days since the member submitted."""
    if application.submitted_at is None:
        return None
    return ((today or timezone.localdate()) - timezone.localdate(application.submitted_at)).days
