"""The application's page for staff (issue 19 item 2) and its actions (item 3) in the admin: answers shown with the
account number masked, opening audited, proofs reviewed through the service, actions after re-authentication, and
the refusals shown with nothing changed."""

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import AuditEntry
from applications import staff_services
from applications.models import Application, ApplicationProof, Milestone
from applications.staff.page import REPORT_NEEDED
from pensions import report_file
from pensions.models import EmployerReport, PayPeriodReport
from portal.templatetags.portal_format import long_date
from tests.applications.application_factories import ACCOUNT, submitted_application, upload
from tests.applications.staff_factories import final_pay_report, recalculated, staff_in
from tests.factories import TEST_PASSWORD, start_message_thread

pytestmark = pytest.mark.django_db
State = Application.State


def page(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def signed_in(client, group):
    user = staff_in(group)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    return user


def act(client, application, action, **fields):
    return client.post(page(application), {"next_action": action, "item": "", "_continue": "1",
                                           **fields}, follow=True)


def test_the_page_shows_the_account_number_masked_only(client):
    application = submitted_application()
    signed_in(client, "Reviewer")
    body = client.get(page(application)).content.decode()
    assert f"••••{ACCOUNT[-4:]}" in body and ACCOUNT not in body
    assert application.member.member_id in body


def test_opening_the_page_is_audited(client):
    application = submitted_application()
    reviewer = signed_in(client, "Reviewer")
    client.get(page(application))
    assert AuditEntry.objects.filter(actor=reviewer, member=application.member,
                                     action="accounts.member.retirement_application_viewed").exists()


def test_the_state_cannot_be_edited_on_the_page(client):
    application = submitted_application()
    signed_in(client, "Reviewer")
    client.post(page(application), {"state": "AWARDED", "next_action": "", "item": ""})
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_starting_the_review_on_the_page_moves_the_state_and_shows_in_the_history(client):
    application = submitted_application()
    signed_in(client, "Reviewer")
    act(client, application, "start_review")
    assert Application.objects.get(pk=application.pk).state == State.UNDER_REVIEW
    body = client.get(page(application)).content.decode()
    assert "review started" in body and "(SUBMITTED → UNDER_REVIEW)" in body


def test_the_history_dates_each_entry_in_words_as_the_portal_writes_dates(client):
    application = submitted_application()
    signed_in(client, "Reviewer")
    act(client, application, "start_review")
    body = client.get(page(application)).content.decode()
    assert f"{long_date(timezone.localdate())}, " in body
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d — review started", body)


def test_an_action_without_a_recent_sign_in_asks_for_the_password_first(client):
    application = submitted_application()
    client.force_login(staff_in("Reviewer"))
    response = client.post(page(application), {"next_action": "start_review", "item": ""})
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_asking_for_nothing_shows_the_message_and_changes_nothing(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    response = act(client, application, "ask_member")
    assert "Write what the member should send or complete." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == State.UNDER_REVIEW


def csv_upload(report):
    return SimpleUploadedFile(report.name, report.content, content_type="text/csv")


def test_the_final_pay_report_uploaded_on_the_page_is_loaded_and_the_milestone_recorded(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    act(client, application, "final_payroll", payroll_report=csv_upload(final_pay_report(application)))
    assert PayPeriodReport.objects.filter(member=application.member,
                                          period_end=application.last_day_worked).exists()
    assert Milestone.objects.filter(application=application, kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED).exists()


def test_a_malformed_final_pay_report_shows_each_refused_row_on_the_page(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    report = final_pay_report(application)
    bad = report.content.replace(b"80.00", b"eighty").replace(b"2412.50", b"-1")
    body = act(client, application, "final_payroll", payroll_report=csv_upload(replace(report, content=bad))).content
    body = body.decode()
    assert escape(staff_services.REPORT_REFUSED) in body and "Row 2: regular_hours must be a number such as 80.00" in body
    assert not PayPeriodReport.objects.exists() and not Milestone.objects.exists()


def test_a_final_pay_report_that_is_not_a_csv_file_is_refused_before_loading(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    pdf = SimpleUploadedFile("final-pay.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", content_type="text/csv")
    body = act(client, application, "final_payroll", payroll_report=pdf).content.decode()
    assert escape(report_file.NOT_CSV) in body
    assert not EmployerReport.objects.exists() and not Milestone.objects.exists()


def test_recording_the_final_payroll_needs_the_report(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    body = act(client, application, "final_payroll").content.decode()
    assert escape(REPORT_NEEDED) in body and not Milestone.objects.exists()


def test_a_reviewer_approving_on_the_page_is_told_only_a_supervisor_can(client):
    application = submitted_application(state=State.CALCULATING)
    signed_in(client, "Reviewer")
    response = act(client, application, "approve_award")
    assert "Only a supervisor can approve an award." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == State.CALCULATING


def test_a_proof_is_rejected_with_its_reason_through_the_service(client):
    application = submitted_application()
    proof = upload(application, "own:MEMBER_AGE")
    signed_in(client, "Reviewer")
    client.post(reverse("admin:applications_applicationproof_change", args=[proof.pk]),
                {"decision": "reject", "reason": "The copy is unreadable."})
    proof = ApplicationProof.objects.get(pk=proof.pk)
    assert (proof.status, proof.rejection_reason) == (ApplicationProof.Status.REJECTED, "The copy is unreadable.")
    assert AuditEntry.objects.filter(action="applications.applicationproof.rejected").exists()


def test_a_denial_on_the_page_shows_its_reason_on_the_members_status_page(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    act(client, application, "deny", reason="Your final service is short of ten years.")
    client.force_login(application.member.user)
    body = client.get(reverse("applications:status", args=[application.pk])).content.decode()
    assert "Your final service is short of ten years." in body and "written review" in body


def test_a_denial_without_a_reason_shows_the_message_and_changes_nothing(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    signed_in(client, "Reviewer")
    response = act(client, application, "deny")
    assert "Write the reason for the denial" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == State.UNDER_REVIEW


def page_queries(client, proofs):
    application = submitted_application(married=True)
    for kind in ("own:MEMBER_AGE", "own:MARRIAGE")[:proofs]:
        upload(application, kind)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(application)).status_code == 200
    return len(queries)


def test_the_page_reads_as_many_queries_with_two_proofs_as_with_none(client):
    signed_in(client, "Reviewer")
    assert page_queries(client, 2) == page_queries(client, 0)


def test_the_page_query_count_is_pinned(client, django_assert_num_queries):
    application = submitted_application()
    signed_in(client, "Reviewer")
    client.get(page(application))  # the session's first read of the user and permissions is not the page's
    with django_assert_num_queries(13):
        client.get(page(application))


# --- the final calculation, return to review, the threads, the reveal (issue 19 item 3) ------------------------------

def calculated(**kwargs):
    """An application being calculated, with one calculation by a reviewer."""
    application = submitted_application(state=State.UNDER_REVIEW, **kwargs)
    reviewer = staff_in("Reviewer")
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    recalculated(application, reviewer)
    return application


def comparison_row(body, label):
    """The comparison table's row for ``label``, its tags stripped: "label preliminary final difference"."""
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', body, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_the_comparison_marks_each_changed_figure_in_words(client):
    application = calculated()
    final = application.calculations.get().result
    # The member chose from the same estimate, but their monthly figure was another (2,412.50, the factory's).
    Application.objects.filter(pk=application.pk).update(option_estimate=final)
    signed_in(client, "Reviewer")
    body = client.get(page(application)).content.decode()
    monthly = final["options"][0]["monthly"]
    assert comparison_row(body, "Monthly gross of the option chosen") == \
        f"$2,412.50 ${Decimal(monthly):,.2f} Changed"
    assert comparison_row(body, "Final average compensation") == \
        f"${Decimal(final['fac']):,.2f} ${Decimal(final['fac']):,.2f} Same"
    assert "FAC year 1" in body


def test_recalculating_on_the_page_keeps_a_new_version(client):
    application = calculated()
    signed_in(client, "Reviewer")
    act(client, application, "recalculate")
    assert list(application.calculations.values_list("version", flat=True)) == [2, 1]


def test_returning_to_review_on_the_page_needs_a_reason_and_moves_the_state(client):
    application = calculated()
    signed_in(client, "Reviewer")
    response = act(client, application, "return_to_review")
    assert staff_services.RETURN_REASON_NEEDED in response.content.decode()
    act(client, application, "return_to_review", reason="The beneficiary's birth date needs checking.")
    assert Application.objects.get(pk=application.pk).state == State.UNDER_REVIEW


def test_a_refused_action_shows_why_and_never_that_it_was_changed(client):
    application = calculated()
    supervisor = signed_in(client, "Supervisor")
    recalculated(application, supervisor)
    response = act(client, application, "approve_award")
    body = response.content.decode()
    assert staff_services.FOUR_EYES_RECALCULATED in body and "changed successfully" not in body
    assert not LogEntry.objects.filter(object_id=str(application.pk)).exists()
    assert Application.objects.get(pk=application.pk).state == State.CALCULATING


def test_the_members_message_board_threads_are_linked(client):
    application = submitted_application(state=State.UNDER_REVIEW)
    reviewer = signed_in(client, "Reviewer")
    staff_services.ask_member(application_id=application.pk, item="Send your birth certificate.", actor=reviewer)
    thread = application.member.threads.get()
    body = client.get(page(application)).content.decode()
    assert reverse("admin:message_board_thread_change", args=[thread.pk]) in body


def reveal(application):
    return reverse("admin:applications_application_reveal_account", args=[application.pk])


def test_a_reviewer_can_neither_see_the_reveal_link_nor_reveal(client):
    application = submitted_application()
    signed_in(client, "Reviewer")
    assert reveal(application) not in client.get(page(application)).content.decode()
    response = client.post(reveal(application), {"reason": "Checking the bank's returned payment."})
    assert response.status_code == 403 and ACCOUNT not in response.content.decode()
    assert not AuditEntry.objects.filter(action="applications.application.account_number_revealed").exists()


def test_a_supervisor_reveals_the_number_once_with_a_reason_audited(client):
    application = submitted_application()
    supervisor = signed_in(client, "Supervisor")
    assert reveal(application) in client.get(page(application)).content.decode()
    asked = client.get(reveal(application))
    assert asked.status_code == 200 and ACCOUNT not in asked.content.decode()
    shown = client.post(reveal(application), {"reason": "Checking the bank's returned payment."})
    assert ACCOUNT in shown.content.decode() and "no-store" in shown["Cache-Control"]
    entry = AuditEntry.objects.get(action="applications.application.account_number_revealed")
    assert (entry.actor, entry.member, entry.data["reason"]) == (supervisor, application.member,
                                                                 "Checking the bank's returned payment.")
    assert ACCOUNT not in str(entry.data)


def calculating_page_queries(client, *, threads, calculations):
    application = calculated()
    for _ in range(calculations - 1):
        recalculated(application, staff_in("Reviewer"))
    for topic in ("OTHER", "DIRECT_DEPOSIT", "TAX_WITHHOLDING")[:threads]:
        start_message_thread(application.member, topic=topic)
    client.get(page(application))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(application)).status_code == 200
    return len(queries)


def test_the_page_reads_as_many_queries_whatever_its_calculations_and_threads(client):
    signed_in(client, "Reviewer")
    assert calculating_page_queries(client, threads=3, calculations=3) == \
        calculating_page_queries(client, threads=1, calculations=1)


def test_the_page_of_an_application_being_calculated_has_its_query_count_pinned(client, django_assert_num_queries):
    application = calculated()
    start_message_thread(application.member, topic="OTHER")
    signed_in(client, "Reviewer")
    client.get(page(application))
    # The submitted page's 13, and who started the calculation.
    with django_assert_num_queries(14):
        client.get(page(application))
