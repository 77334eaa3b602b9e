"""Reviewable proofs (accounts.proofs): the shared accept / reject-with-reason review, on insurance's proof model."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from accounts import proofs
from accounts.models import AuditEntry
from accounts.uploads import validate_upload
from insurance import services
from insurance.models import Proof
from portal.errors import ServiceError
from tests.accounts.test_document_upload import png_bytes
from tests.insurance.factories import DependentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proof(member):
    clean_file = validate_upload(SimpleUploadedFile("p.png", png_bytes()))
    return services.upload_proof(member=member, dependent=DependentFactory(member=member),
                                 kind="MARRIAGE_CERTIFICATE", actor=member.user, clean_file=clean_file)


def test_accepting_records_who_and_when_and_audits_it(proof, staff_user):
    reviewed = proofs.review_proof(model=Proof, proof_id=proof.pk, accept=True, actor=staff_user)
    assert (reviewed.status, reviewed.reviewed_by, reviewed.rejection_reason) == (Proof.Status.ACCEPTED, staff_user, "")
    assert reviewed.reviewed_at is not None
    assert AuditEntry.objects.filter(action="insurance.proof.accepted", actor=staff_user, target=f"proof:{proof.pk}")


def test_rejecting_keeps_the_reason_as_written_without_surrounding_spaces(proof, staff_user):
    reviewed = proofs.review_proof(model=Proof, proof_id=proof.pk, accept=False, reason="  Cut off.  ",
                                   actor=staff_user)
    assert (reviewed.status, reviewed.rejection_reason) == (Proof.Status.REJECTED, "Cut off.")
    assert AuditEntry.objects.get(action="insurance.proof.rejected").data["reason"] == "Cut off."


def test_a_rejection_without_a_reason_is_refused_with_the_callers_error(proof, staff_user):
    class AppError(ServiceError):
        pass

    with pytest.raises(AppError) as refused:
        proofs.review_proof(model=Proof, proof_id=proof.pk, accept=False, reason=" ", actor=staff_user, error=AppError)
    assert refused.value.message == proofs.REASON_REQUIRED
    assert Proof.objects.get(pk=proof.pk).status == Proof.Status.SUBMITTED


def test_a_reviewed_proof_is_not_reviewed_again(proof, staff_user):
    proofs.review_proof(model=Proof, proof_id=proof.pk, accept=True, actor=staff_user)
    with pytest.raises(ServiceError) as refused:
        proofs.review_proof(model=Proof, proof_id=proof.pk, accept=False, reason="No.", actor=staff_user)
    assert refused.value.message == proofs.PROOF_ALREADY_REVIEWED
    assert Proof.objects.get(pk=proof.pk).status == Proof.Status.ACCEPTED


@pytest.mark.parametrize("accept,in_hand", [(True, True), (False, False)])
def test_a_proof_is_in_hand_unless_rejected(proof, staff_user, accept, in_hand):
    assert proof.in_hand
    reviewed = proofs.review_proof(model=Proof, proof_id=proof.pk, accept=accept, reason="Blurred.", actor=staff_user)
    assert reviewed.in_hand is in_hand


def test_the_member_reads_why_a_proof_was_not_accepted(proof, staff_user):
    reviewed = proofs.review_proof(model=Proof, proof_id=proof.pk, accept=False, reason="Blurred.", actor=staff_user)
    text = render_to_string("accounts/_proof_status.html", {"proof": reviewed})
    assert "Not accepted, received" in text and "Blurred." in text and "upload a new copy" in text


def test_the_member_reads_not_received_when_nothing_came():
    assert render_to_string("accounts/_proof_status.html", {"proof": None}).strip().endswith("Not received")
