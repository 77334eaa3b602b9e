"""The checklist of required proofs after submission (issue 17 item 4): the application's own lines and the insured
dependents', each with an upload taking a content-checked, virus-scanned file, and each line's status."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.uploads import NOT_ALLOWED, VIRUS
from applications import submitted_services
from applications.models import ApplicationProof
from applications.rules.checklist import ItemStatus
from applications.submitted_selectors import checklist_for_application
from insurance.models import Proof as DependentProof
from tests.accounts.messaging_factories import png_upload
from tests.applications.application_factories import review, submitted_application, upload
from tests.insurance.factories import ChildFactory, DependentFactory, PlanFactory

pytestmark = pytest.mark.django_db
# The sign-in, the application, its proofs, the insured dependents and their proofs: one query each.
QUERIES = 5
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def page(application):
    return reverse("applications:checklist", args=[application.pk])


def statuses(application):
    return {item.key: item.status for item in checklist_for_application(application=application).items}


@pytest.fixture
def married_with_spouse(member):
    spouse = DependentFactory(member=member)
    application = submitted_application(member, married=True, option="SURVIVOR_50", dependents=[spouse],
                                        plan=PlanFactory())
    return application, spouse


def test_it_lists_the_applications_own_proofs_then_the_dependents(married_with_spouse):
    application, spouse = married_with_spouse
    keys = list(statuses(application))
    assert keys[:4] == ["own:BENEFICIARY_AGE", "own:MARRIAGE", "own:MEMBER_AGE", "own:SPOUSAL_WAIVER"]
    assert keys[4:] and all(key.startswith(f"dependent:{spouse.pk}:") for key in keys[4:])


def test_the_spousal_waiver_line_says_it_will_be_arranged_and_takes_no_upload(client, married_with_spouse):
    application, _ = married_with_spouse
    client.force_login(application.member.user)
    body = client.get(page(application)).content.decode()
    assert ItemStatus.TO_BE_ARRANGED.value in body
    assert 'value="own:SPOUSAL_WAIVER"' not in body


def test_every_line_starts_missing(married_with_spouse):
    application, _ = married_with_spouse
    assert set(statuses(application).values()) == {ItemStatus.MISSING, ItemStatus.TO_BE_ARRANGED}


def test_an_uploaded_copy_makes_its_line_received(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(page(application), {"item": "own:MEMBER_AGE", "file": png_upload("birth.png")})
    assert response.status_code == 302
    assert statuses(application)["own:MEMBER_AGE"] is ItemStatus.RECEIVED
    assert ApplicationProof.objects.get().document.member == member


def test_a_dependents_copy_is_kept_on_the_dependent(client, member):
    child = ChildFactory(member=member)
    application = submitted_application(member, dependents=[child], plan=PlanFactory())
    key = next(k for k in statuses(application) if k.startswith("dependent:"))
    client.force_login(member.user)
    client.post(page(application), {"item": key, "file": png_upload()})
    assert DependentProof.objects.get().dependent == child
    assert statuses(application)[key] is ItemStatus.RECEIVED


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_and_nothing_is_stored(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(page(application), {"item": "own:MEMBER_AGE",
                                               "file": SimpleUploadedFile("birth.pdf", b"just some text")})
    assert response.status_code == 400
    assert NOT_ALLOWED.split(":")[0] in response.content.decode()
    assert not ApplicationProof.objects.exists()


def test_a_file_with_a_virus_is_refused_and_nothing_is_stored(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(page(application), {"item": "own:MEMBER_AGE",
                                               "file": SimpleUploadedFile("birth.pdf", EICAR)})
    assert response.status_code == 400
    assert VIRUS.split(",")[0] in response.content.decode()
    assert not ApplicationProof.objects.exists()


def test_a_line_not_on_the_checklist_is_refused(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    response = client.post(page(application), {"item": "own:MARRIAGE", "file": png_upload()})
    assert response.status_code == 400
    assert not ApplicationProof.objects.exists()


def test_a_rejected_copy_shows_the_reason(client, member):
    application = submitted_application(member)
    review(upload(application, "own:MEMBER_AGE"), accept=False, reason="The copy is cut off at the bottom.")
    client.force_login(member.user)
    body = client.get(page(application)).content.decode()
    assert ItemStatus.REJECTED.value in body and "The copy is cut off at the bottom." in body


def test_an_accepted_line_takes_no_more_copies(member):
    application = submitted_application(member)
    review(upload(application, "own:MEMBER_AGE"))
    with pytest.raises(submitted_services.AfterSubmissionError) as refused:
        upload(application, "own:MEMBER_AGE")
    assert refused.value.message == submitted_services.NOT_NEEDED_NOW


def test_a_calculated_application_takes_no_copies(member):
    application = submitted_application(member, state="CALCULATING")
    with pytest.raises(submitted_services.AfterSubmissionError) as refused:
        upload(application, "own:MEMBER_AGE")
    assert refused.value.message == submitted_services.UPLOADS_CLOSED


def test_a_rejection_is_told_by_e_mail_without_the_reason(member):
    from accounts.models import OutboundEmail

    application = submitted_application(member)
    review(upload(application, "own:MEMBER_AGE"), accept=False, reason="Unreadable scan")
    notice = OutboundEmail.objects.get(dedupe_key__startswith="applications:proof-rejected:")
    assert "Unreadable" not in notice.body and "Unreadable" not in notice.subject


def test_another_members_checklist_is_a_404(client, member, other_member):
    theirs = submitted_application(other_member)
    client.force_login(member.user)
    assert client.get(page(theirs)).status_code == 404
    assert client.post(page(theirs), {"item": "own:MEMBER_AGE", "file": png_upload()}).status_code == 404


def test_the_pages_query_count_does_not_grow_with_the_proofs(client, member, django_assert_num_queries):
    application = submitted_application(member, married=True, option="SURVIVOR_50",
                                        dependents=[DependentFactory(member=member)], plan=PlanFactory())
    client.force_login(member.user)
    client.get(page(application))
    with django_assert_num_queries(QUERIES):
        assert client.get(page(application)).status_code == 200
    for _ in range(3):
        upload(application, "own:MEMBER_AGE")
        upload(application, "own:MARRIAGE")
    with django_assert_num_queries(QUERIES):
        assert client.get(page(application)).status_code == 200



def test_an_upload_is_audited(member):
    from accounts.models import AuditEntry

    upload(submitted_application(member), "own:MEMBER_AGE")
    assert AuditEntry.objects.filter(action="applications.applicationproof.uploaded", member=member).count() == 1
