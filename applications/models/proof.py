"""A proof the application itself requires (RULES §11, §11a: proof of age, marriage certificate, Social Security
statement), uploaded on the checklist after submission and reviewed by staff (``accounts.proofs``). Dependents'
proofs are insurance's (``insurance.models.Proof``) and join these on the same checklist; the spousal waiver is
signed through its own process, never uploaded here."""

from django.db import models
from django.db.models.functions import Now

from accounts.proofs import ReviewableProof
from applications.rules.checklist import PROOF_LABELS, UPLOADABLE

# The uploadable proofs, values as ``applications.rules.election.Proof``.
KIND_CHOICES = [(proof.value, PROOF_LABELS[proof]) for proof in UPLOADABLE]


class ApplicationProof(ReviewableProof):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="proofs")
    member = models.ForeignKey("accounts.Member", on_delete=models.CASCADE, related_name="application_proofs")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    document = models.ForeignKey("accounts.Document", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["application", "-created_at"])]
        constraints = [*ReviewableProof.Meta.constraints]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"
