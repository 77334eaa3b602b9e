"""Dependents: added by the member, eligibility and proofs from the rules, proofs uploaded through the validator."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from accounts import uploads
from accounts.models import AuditEntry, Document
from insurance import services
from insurance.models import Dependent, Proof, ProofKind, Relation
from tests.accounts.test_document_upload import png_bytes
from tests.insurance.factories import ChildFactory, DependentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.timezone.utc), tick=False):
        yield


def upload(name="proof.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_a_member_adds_a_child_and_is_shown_the_proofs_the_rules_ask_for(member_client, member):
    response = member_client.post(reverse("insurance:dependent_add"), {
        "first_name": "Sam", "last_name": "Member", "relation": "CHILD", "birth_date": "2006-04-02",
        "student": "HALF_TIME", "graduation_date": "2028-05-20", "dependent_for_support": "on"})
    dependent = Dependent.objects.get(member=member)
    assert response.status_code == 302 and response.url == reverse("insurance:dependent", args=[dependent.pk])
    body = member_client.get(response.url).content.decode()
    # A 20-year-old half-time student (SERS): birth certificate, Form 1040 and school records.
    for kind in (ProofKind.CHILD_BIRTH_CERTIFICATE, ProofKind.FORM_1040_FIRST_PAGE,
                 ProofKind.SCHOOL_ATTENDANCE_RECORDS):
        assert escape(kind.label) in body
    assert escape(ProofKind.MARRIAGE_CERTIFICATE.label) not in body
    # Until the end of the graduation month (May 2028), earlier than the end of the month of the 26th birthday.
    assert "May 31, 2028" in body
    assert AuditEntry.objects.filter(member=member, action="insurance.dependent.added").exists()


def test_a_dependent_who_aged_out_is_shown_why(member_client, member):
    child = ChildFactory(member=member, birth_date=datetime.date(2007, 3, 15))  # 19 in March 2026
    body = member_client.get(reverse("insurance:dependent", args=[child.pk])).content.decode()
    assert "No, not today" in body and "eligibility ended on 2026-03-31" in body
    assert "RULES §10" not in body  # members read the reason without the citations


def test_a_proof_is_uploaded_through_the_validator_into_documents_and_linked(member_client, member):
    spouse = DependentFactory(member=member)
    url = reverse("insurance:dependent", args=[spouse.pk])
    response = member_client.post(url, {"kind": ProofKind.MARRIAGE_CERTIFICATE, "file": upload("marriage.png")})
    assert response.status_code == 302
    proof = Proof.objects.get(dependent=spouse)
    assert proof.kind == ProofKind.MARRIAGE_CERTIFICATE and proof.status == Proof.Status.SUBMITTED
    assert proof.received_on == TODAY
    assert proof.document.member == member and proof.document.kind == Document.Kind.UPLOAD
    assert "Marriage certificate" in member_client.get(reverse("accounts:documents")).content.decode()
    assert "Waiting for review" in member_client.get(url).content.decode()


def test_a_disguised_file_is_refused_with_the_validators_message_and_nothing_stored(member_client, member):
    spouse = DependentFactory(member=member)
    response = member_client.post(reverse("insurance:dependent", args=[spouse.pk]), {
        "kind": ProofKind.MARRIAGE_CERTIFICATE,
        "file": SimpleUploadedFile("proof.pdf", b"<html><script>alert(1)</script></html>")})
    assert response.status_code == 200
    assert uploads.NOT_ALLOWED in response.content.decode()
    assert not Proof.objects.exists() and not Document.objects.exists()


def test_a_proof_the_rules_do_not_ask_for_is_refused(member_client, member):
    spouse = DependentFactory(member=member)
    with pytest.raises(services.InsuranceError) as refused:
        services.upload_proof(member=member, dependent=spouse, kind=ProofKind.DEATH_CERTIFICATE,
                              clean_file=uploads.validate_upload(upload()), actor=member.user)
    assert refused.value.message == services.PROOF_NOT_NEEDED
    response = member_client.post(reverse("insurance:dependent", args=[spouse.pk]),
                                  {"kind": ProofKind.DEATH_CERTIFICATE, "file": upload()})
    assert response.status_code == 200 and not Proof.objects.exists()


def test_proof_uploads_share_the_ten_a_minute_limit_of_document_uploads(member_client, member):
    spouse = DependentFactory(member=member)
    for n in range(10):
        member_client.post(reverse("accounts:document_upload"), {"title": f"Page {n}", "file": upload()})
    response = member_client.post(reverse("insurance:dependent", args=[spouse.pk]),
                                  {"kind": ProofKind.MARRIAGE_CERTIFICATE, "file": upload()})
    assert response.status_code == 429 and not Proof.objects.exists()


def test_a_rejected_proof_shows_the_reason_and_asks_for_a_new_copy(member_client, member, staff_user):
    spouse = DependentFactory(member=member)
    proof = services.upload_proof(member=member, dependent=spouse, kind=ProofKind.MARRIAGE_CERTIFICATE,
                                  clean_file=uploads.validate_upload(upload()), actor=member.user)
    services.review_proof(proof_id=proof.pk, accept=False, reason="The certificate is cut off at the bottom.",
                          actor=staff_user)
    body = member_client.get(reverse("insurance:dependent", args=[spouse.pk])).content.decode()
    assert "Not accepted" in body and "The certificate is cut off at the bottom." in body
    assert "Please upload a new copy." in body


def test_a_member_edits_a_dependent_and_the_change_is_audited(member_client, member):
    child = ChildFactory(member=member, birth_date=datetime.date(2005, 1, 10))
    response = member_client.post(reverse("insurance:dependent_edit", args=[child.pk]), {
        "first_name": child.first_name, "last_name": "Member", "relation": "CHILD", "birth_date": "2005-01-10",
        "student": "FULL_TIME", "dependent_for_support": "on"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.student == "FULL_TIME" and child.dependent_for_support
    entry = AuditEntry.objects.get(member=member, action="insurance.dependent.changed")
    assert set(entry.data["fields"]) == {"student", "dependent_for_support"}


@pytest.mark.parametrize(("data", "message"), [
    ({"birth_date": "2030-01-01"}, "A date of birth cannot be in the future."),
    ({"graduation_date": "2027-05-01"}, "A graduation date is only for a student"),
    ({"placement_date": "2020-01-01"}, "A placement date is only for an adopted child"),
])
def test_impossible_facts_are_refused_with_a_message(member_client, member, data, message):
    form = {"first_name": "Sam", "last_name": "Member", "relation": "CHILD", "birth_date": "2010-01-01",
            "student": "NONE", **data}
    response = member_client.post(reverse("insurance:dependent_add"), form)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Dependent.objects.exists()


def test_mpsers_parents_and_parents_in_law_cannot_both_be_covered(member_client, member):
    member.system = "MPSERS"
    member.save(update_fields=["system"])
    DependentFactory(member=member, relation=Relation.PARENT, lives_in_household=True,
                     birth_date=datetime.date(1940, 1, 1))
    DependentFactory(member=member, relation=Relation.PARENT_IN_LAW, lives_in_household=True,
                     birth_date=datetime.date(1942, 1, 1))
    body = member_client.get(reverse("insurance:overview")).content.decode()
    assert body.count("Parents and parents-in-law cannot both be enrolled") == 2


def test_a_former_spouse_cannot_be_turned_into_another_relation(member_client, member):
    spouse = DependentFactory(member=member, divorce_date=datetime.date(2026, 1, 10))
    response = member_client.post(reverse("insurance:dependent_edit", args=[spouse.pk]), {
        "first_name": spouse.first_name, "last_name": "Member", "relation": "CHILD", "birth_date": "1966-02-14",
        "student": "NONE"})
    assert response.status_code == 200 and "A former spouse stays a spouse" in response.content.decode()
    spouse.refresh_from_db()
    assert spouse.relation == Relation.SPOUSE


def test_an_uploaded_proof_is_in_the_audit_trail(member):
    spouse = DependentFactory(member=member)
    services.upload_proof(member=member, dependent=spouse, kind=ProofKind.MARRIAGE_CERTIFICATE,
                          clean_file=uploads.validate_upload(upload()), actor=member.user)
    assert AuditEntry.objects.filter(member=member, action="insurance.proof.uploaded", actor=member.user).count() == 1
