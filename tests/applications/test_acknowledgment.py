"""The acknowledgment letter (issue 17 item 4): produced by a task enqueued on commit, exactly once per submission,
its PDF in Documents and its HTML page saying the same, the e-mail notice with no personal data."""

import io

import pikepdf
import pytest
from django.urls import reverse

from accounts.models import Document, OutboundEmail
from applications import tasks
from applications.acknowledgment import TITLE, acknowledgment_key, produce_acknowledgment
from applications.models import AcknowledgmentLetter
from tests.applications.application_factories import ACCOUNT, submitted_application
from tests.insurance.factories import PlanFactory

pytestmark = pytest.mark.django_db


def letter_page(application):
    return reverse("applications:acknowledgment", args=[application.pk])


def pdf_text(document):
    with document.file.open("rb") as stored, pikepdf.open(io.BytesIO(stored.read())) as pdf:
        return b"".join(page.Contents.read_bytes() for page in pdf.pages)


def test_the_task_run_twice_writes_one_letter(member):
    application = submitted_application(member)
    tasks.produce_acknowledgment_task.apply(args=[application.pk])
    tasks.produce_acknowledgment_task.apply(args=[application.pk])
    assert AcknowledgmentLetter.objects.filter(application=application).count() == 1
    assert Document.objects.filter(dedupe_key=acknowledgment_key(application.pk)).count() == 1


def test_a_second_run_reports_it_wrote_nothing(member):
    application = submitted_application(member)
    assert produce_acknowledgment(application_id=application.pk) is True
    assert produce_acknowledgment(application_id=application.pk) is False


def test_a_draft_gets_no_letter(member):
    application = submitted_application(member)
    type(application).objects.filter(pk=application.pk).update(state="DRAFT", submitted_at=None)
    assert produce_acknowledgment(application_id=application.pk) is False


def test_the_task_is_enqueued_once_the_submission_commits(member, django_capture_on_commit_callbacks):
    application = submitted_application(member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tasks.acknowledge_on_commit(application.pk)
    assert len(callbacks) >= 1
    assert AcknowledgmentLetter.objects.filter(application=application).exists()


def test_the_sweep_enqueues_every_submission_without_its_letter(member, other_member):
    waiting, done = submitted_application(member), submitted_application(other_member)
    produce_acknowledgment(application_id=done.pk)
    tasks.requeue_acknowledgments_task.apply()
    assert AcknowledgmentLetter.objects.filter(application=waiting).count() == 1
    assert AcknowledgmentLetter.objects.count() == 2


def test_the_letter_is_a_pdf_in_documents_with_the_masked_account(member):
    application = submitted_application(member)
    produce_acknowledgment(application_id=application.pk)
    document = Document.objects.get(member=member, kind=Document.Kind.LETTER)
    text = pdf_text(document)
    assert TITLE in document.title and document.content_type == "application/pdf"
    assert ACCOUNT[-4:].encode() in text and ACCOUNT.encode() not in text


def test_the_letter_summarises_the_choices_and_the_missing_proofs(client, member):
    application = submitted_application(member, married=True, option="SURVIVOR_50", plan=PlanFactory(name="Blue PPO"))
    produce_acknowledgment(application_id=application.pk)
    client.force_login(member.user)
    body = client.get(letter_page(application)).content.decode()
    for said in ("April 1, 2027", "50% survivor", "Jordan Member, your spouse", "Blue PPO", "$2,412.50",
                 "No federal income tax withheld", "••••6789", "Proof of your age", "Marriage certificate",
                 "Spousal Waiver"):
        assert said in body, said
    assert ACCOUNT not in body


def test_the_notice_carries_no_personal_data(member):
    application = submitted_application(member)
    produce_acknowledgment(application_id=application.pk)
    notice = OutboundEmail.objects.get(dedupe_key=f"document:{acknowledgment_key(application.pk)}")
    for personal in (application.reference, ACCOUNT[-4:], "2,412.50", member.last_name, member.member_id):
        assert personal not in notice.body and personal not in notice.subject


def test_before_the_task_runs_the_page_says_it_is_being_prepared(client, member):
    application = submitted_application(member)
    client.force_login(member.user)
    assert "being prepared" in client.get(letter_page(application)).content.decode()


def test_another_members_letter_is_a_404(client, member, other_member):
    theirs = submitted_application(other_member)
    produce_acknowledgment(application_id=theirs.pk)
    client.force_login(member.user)
    assert client.get(letter_page(theirs)).status_code == 404
    document = AcknowledgmentLetter.objects.get(application=theirs).document
    assert client.get(reverse("accounts:document_download", args=[document.pk])).status_code == 404


def test_the_letter_pages_queries_are_pinned(client, member, django_assert_num_queries):
    application = submitted_application(member)
    produce_acknowledgment(application_id=application.pk)
    client.force_login(member.user)
    client.get(letter_page(application))
    with django_assert_num_queries(3):  # the sign-in, the application, the letter with its document
        assert client.get(letter_page(application)).status_code == 200


def test_the_letter_is_audited(member):
    from accounts.models import AuditEntry

    application = submitted_application(member)
    produce_acknowledgment(application_id=application.pk)
    assert AuditEntry.objects.filter(action="applications.acknowledgmentletter.delivered", member=member).count() == 1
