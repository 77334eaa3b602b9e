"""The staff workspace: Reviewers accept proofs or reject them with a reason the member reads; Supervisors keep the
catalogue; Medicare numbers stay masked; opening member insurance data is audited (SECURITY.md AC-10, CR-9)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry, OutboundEmail
from accounts.uploads import validate_upload
from insurance import services
from insurance.models import PremiumRate, Proof
from tests.accounts.test_document_upload import png_bytes
from tests.accounts.test_staff_admin import staff_in
from tests.factories import StaffUserFactory
from tests.insurance.factories import DependentFactory, InsuranceProfileFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    return staff_in("Reviewer")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def uploaded(member, kind="MARRIAGE_CERTIFICATE", dependent=None):
    dependent = dependent or DependentFactory(member=member)
    return services.upload_proof(member=member, dependent=dependent, kind=kind, actor=member.user,
                                 clean_file=validate_upload(SimpleUploadedFile("p.png", png_bytes())))


def test_a_reviewer_accepts_selected_proofs_with_the_admin_action(reviewer_client, member):
    proofs = [uploaded(member), uploaded(member, "SPOUSE_BIRTH_CERTIFICATE")]
    response = reviewer_client.post(reverse("admin:insurance_proof_changelist"), {
        "action": "accept_selected", "_selected_action": [p.pk for p in proofs]}, follow=True)
    assert "2 proofs accepted." in response.content.decode()
    assert set(Proof.objects.values_list("status", flat=True)) == {Proof.Status.ACCEPTED}
    assert AuditEntry.objects.filter(member=member, action="insurance.proof.accepted").count() == 2


def test_a_reviewer_rejects_a_proof_with_a_reason_the_member_reads(reviewer_client, reviewer, member, client):
    proof = uploaded(member)
    url = reverse("admin:insurance_proof_change", args=[proof.pk])
    response = reviewer_client.post(url, {"decision": "reject", "reason": "The date is not readable."})
    assert response.status_code == 302
    proof.refresh_from_db()
    assert (proof.status, proof.rejection_reason, proof.reviewed_by) == (
        Proof.Status.REJECTED, "The date is not readable.", reviewer)
    assert OutboundEmail.objects.filter(dedupe_key=f"insurance:proof-rejected:{proof.pk}", to=member.user.email)
    client.force_login(member.user)
    page = client.get(reverse("insurance:dependent", args=[proof.dependent_id])).content.decode()
    assert "The date is not readable." in page


def test_a_rejection_needs_a_reason(reviewer_client, member):
    proof = uploaded(member)
    response = reviewer_client.post(reverse("admin:insurance_proof_change", args=[proof.pk]),
                                    {"decision": "reject", "reason": " "})
    assert response.status_code == 200 and services.REASON_REQUIRED in response.content.decode()
    proof.refresh_from_db()
    assert proof.status == Proof.Status.SUBMITTED


def test_a_reviewed_proof_cannot_be_reviewed_again(reviewer_client, reviewer, member):
    proof = uploaded(member)
    services.review_proof(proof_id=proof.pk, accept=True, actor=reviewer)
    response = reviewer_client.post(reverse("admin:insurance_proof_change", args=[proof.pk]),
                                    {"decision": "reject", "reason": "Changed my mind."})
    assert services.PROOF_ALREADY_REVIEWED in response.content.decode()
    proof.refresh_from_db()
    assert proof.status == Proof.Status.ACCEPTED


def test_opening_and_downloading_a_proof_are_audited(reviewer_client, member):
    proof = uploaded(member)
    reviewer_client.get(reverse("admin:insurance_proof_change", args=[proof.pk]))
    response = reviewer_client.get(reverse("admin:insurance_proof_document", args=[proof.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    actions = set(AuditEntry.objects.filter(member=member).values_list("action", flat=True))
    assert {"accounts.member.insurance_proof_viewed", "accounts.member.insurance_proof_document_viewed"} <= actions


def test_medicare_numbers_are_masked_in_the_admin(reviewer_client, member):
    spouse = DependentFactory(member=member, medicare_number="1EG4TE5MK73")
    profile = InsuranceProfileFactory(member=member, medicare_number="2AC3DE4FG56")
    pages = [reverse("admin:insurance_dependent_changelist"), reverse("admin:insurance_dependent_change",
                                                                      args=[spouse.pk]),
             reverse("admin:insurance_insuranceprofile_changelist"),
             reverse("admin:insurance_insuranceprofile_change", args=[profile.pk])]
    for url in pages:
        body = reviewer_client.get(url).content.decode()
        assert "1EG4TE5MK73" not in body and "2AC3DE4FG56" not in body, url
    assert "••••-•••-MK73" in reviewer_client.get(pages[1]).content.decode()


def test_reviewers_read_the_catalogue_and_supervisors_keep_it(reviewer_client):
    supervisor_client = Client()
    supervisor_client.force_login(staff_in("Supervisor"))
    plan = PlanFactory()
    form = {"plan": plan.pk, "fiscal_year": 2028, "tier": "ONE_PERSON", "medicare": "NONE", "monthly_premium": "640.00"}
    assert reviewer_client.get(reverse("admin:insurance_premiumrate_changelist")).status_code == 200
    assert reviewer_client.post(reverse("admin:insurance_premiumrate_add"), form).status_code == 403
    assert supervisor_client.post(reverse("admin:insurance_premiumrate_add"), form).status_code == 302
    assert PremiumRate.objects.get(plan=plan, fiscal_year=2028).monthly_premium == 640


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_the_same_proof_at_once_exactly_one_wins(member):
    # A transactional test's database is flushed (the migration's groups with it): the service needs no group.
    first, second = StaffUserFactory(), StaffUserFactory()
    proof = uploaded(member)
    barrier, outcomes = threading.Barrier(2), []

    def review(actor, accept):
        barrier.wait()
        try:
            services.review_proof(proof_id=proof.pk, accept=accept, reason="Unreadable.", actor=actor)
            outcomes.append("won")
        except services.InsuranceError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(first, True)),
               threading.Thread(target=review, args=(second, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["won", services.PROOF_ALREADY_REVIEWED])
    assert AuditEntry.objects.filter(member=member, action__in=["insurance.proof.accepted",
                                                                "insurance.proof.rejected"]).count() == 1
