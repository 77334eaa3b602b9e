"""Reviewable proofs: a copy a member sends (a birth certificate, a marriage licence) that staff accept, or reject
with a reason the member reads. Insurance's dependent and event proofs are built on it, and so are the retirement
application's.

An app's proof model inherits :class:`ReviewableProof` (it adds what the proof is for and its file); its service
calls :func:`review_proof` and sends its own notice on a rejection; its admin uses
``accounts.proofs_admin.ProofReviewAdminMixin``; its member pages include ``accounts/_proof_status.html``.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from portal.errors import ServiceError
from portal.state import change_state

# Messages shown to staff as they are (tests assert these constants).
PROOF_ALREADY_REVIEWED = "This proof has already been reviewed."
REASON_REQUIRED = "Write the reason the proof is not accepted: the member will read it."

# Sent inside the review's transaction when staff accept a proof (``sender`` its model; ``proof``, ``actor``): what
# waits on documents (the retirement application's insurance enrolment) acts in the same transaction.
proof_accepted = Signal()


class ReviewableProof(models.Model):
    """The review half of a proof: its state, and who decided what, when, and why not."""

    class Status(models.TextChoices):
        SUBMITTED = "SUBMITTED", "Waiting for review"
        ACCEPTED = "ACCEPTED", "Accepted"
        REJECTED = "REJECTED", "Not accepted"

    received_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    rejection_reason = models.TextField(blank=True, help_text="Shown to the member as written.")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=~Q(status="REJECTED") | ~Q(rejection_reason=""),
                                   name="%(app_label)s_%(class)s_rejection_has_a_reason"),
        ]

    @property
    def in_hand(self):
        """Received and not turned down: waiting for review or accepted."""
        return self.status != self.Status.REJECTED


def review_proof(*, model, proof_id, accept, reason="", actor, error=ServiceError):
    """Staff accept a proof of ``model``, or reject it with a reason the member reads; of two concurrent reviews
    exactly one wins, the other is refused with ``error(PROOF_ALREADY_REVIEWED)``. Audited as
    ``<app>.<model>.accepted`` or ``…rejected``. The caller sends the member's notice."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise error(REASON_REQUIRED)
    status = model.Status.ACCEPTED if accept else model.Status.REJECTED
    with transaction.atomic():
        proof = change_state(
            model=model, pk=proof_id, allowed_from={model.Status.SUBMITTED}, to=status, verb=status.lower(),
            actor=actor, refusal=error(PROOF_ALREADY_REVIEWED),
            changes={"rejection_reason": "" if accept else reason, "reviewed_by": actor, "reviewed_at": timezone.now()},
            data={"reason": "" if accept else reason})
        if accept:
            proof_accepted.send(sender=model, proof=proof, actor=actor)
    return proof
