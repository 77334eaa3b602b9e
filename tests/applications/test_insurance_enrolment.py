"""The insurance the application chose is enrolled once its required documents are all in (issue 17 step 2,
RULES §10, §11): at submission when nothing is missing, else when staff accept the last proof; once; never for a
member who declined; on the rules' date, told to the member, when it is not the date shown."""

import datetime
import threading

import pytest
from django.db import connection

from accounts.models import AuditEntry, OutboundEmail
from applications import insurance_enrolment, services, submitted_services
from applications.models import Application, ApplicationEnrolment, ApplicationProof
from insurance import services as insurance_services
from insurance.models import Enrolment, Situation
from tests.applications.application_factories import RED, review, submitted_application, upload
from tests.applications.factories import NO_WITHHOLDING, ROUTING, TODAY, retiring_member, started, with_option
from tests.factories import DocumentFactory, StaffUserFactory
from tests.insurance.factories import ChildFactory, PlanFactory

pytestmark = pytest.mark.django_db
State = Application.State


def enrolments_of(application):
    return Enrolment.objects.filter(member=application.member, status=Enrolment.Status.SUBMITTED)


def test_a_submission_with_nothing_missing_enrols_at_once(plan):
    application = with_option(started(retiring_member()))
    member = application.member
    application = services.save_insurance(member=member, application=application, decision="ENROL",
                                          plans={"health_plan": plan}, dependents=[], actor=member.user, today=TODAY)
    services.save_tax(member=member, application=application, answers=NO_WITHHOLDING, actor=member.user)
    services.save_deposit(member=member, application=application, routing_number=ROUTING,
                          account_number="123456789", account_type="CHECKING", actor=member.user)
    # The proof of age already accepted (a copy the office holds): nothing is missing when the member submits.
    ApplicationProof.objects.create(application=application, member=member, kind="MEMBER_AGE",
                                    document=DocumentFactory(member=member), received_on=TODAY,
                                    status=ApplicationProof.Status.ACCEPTED)
    services.submit_application(member=member, application=application, shown_red=RED, esign_consent=True,
                                declaration=True, signature=member.full_name, actor=member.user, today=TODAY)
    record = ApplicationEnrolment.objects.get(application=application)
    assert record.enrolment.situation == Situation.AT_RETIREMENT and record.enrolment.health_plan == plan
    assert record.coverage_begins == record.shown_coverage_begins == RED
    assert record.documents_received == TODAY


def test_a_submission_with_a_proof_missing_enrols_nobody_yet(plan):
    application = submitted_application(plan=plan)
    assert insurance_enrolment.enrol_when_documents_in(application_id=application.pk, actor=None) is None
    assert not enrolments_of(application).exists()


def test_accepting_the_last_proof_enrols_the_member_with_the_day_it_arrived(plan):
    application = submitted_application(plan=plan)
    proof = upload(application, "own:MEMBER_AGE", today=datetime.date(2026, 12, 10))
    assert not enrolments_of(application).exists()  # received, not yet accepted
    review(proof)
    record = ApplicationEnrolment.objects.get(application=application)
    assert record.documents_received == datetime.date(2026, 12, 10)
    assert list(enrolments_of(application)) == [record.enrolment]
    assert record.enrolment.coverage_begins == RED  # everything in before the RED, as shown
    assert AuditEntry.objects.filter(action="applications.application.insurance_enrolled",
                                     target=f"application:{application.pk}").count() == 1


def test_accepting_a_dependents_last_proof_enrols_the_member_and_the_dependent(plan):
    member = retiring_member()
    child = ChildFactory(member=member, birth_date=datetime.date(2012, 5, 1))
    application = submitted_application(member, plan=plan, dependents=[child])
    review(upload(application, "own:MEMBER_AGE"))
    assert not enrolments_of(application).exists()  # the child's birth certificate is still missing
    child_proof = upload(application, f"dependent:{child.pk}:CHILD_BIRTH_CERTIFICATE")
    insurance_services.review_proof(proof_id=child_proof.pk, accept=True, actor=StaffUserFactory())
    enrolment = ApplicationEnrolment.objects.get(application=application).enrolment
    assert [row.dependent for row in enrolment.covered.all()] == [child]


def test_the_enrolment_is_made_once(plan):
    application = submitted_application(plan=plan)
    review(upload(application, "own:MEMBER_AGE"))
    again = insurance_enrolment.enrol_when_documents_in(application_id=application.pk, actor=None)
    assert again == ApplicationEnrolment.objects.get(application=application)
    assert enrolments_of(application).count() == 1


def test_a_member_who_declined_insurance_is_enrolled_nowhere():
    application = submitted_application()  # declined
    review(upload(application, "own:MEMBER_AGE"))
    assert not ApplicationEnrolment.objects.filter(application=application).exists()
    assert not Enrolment.objects.filter(member=application.member).exists()


def test_a_later_coverage_date_is_enrolled_recorded_and_told_without_failing_the_review(plan):
    application = submitted_application(plan=plan)  # shown: coverage from the RED, April 1, 2027
    proof = upload(application, "own:MEMBER_AGE", today=datetime.date(2027, 4, 10))  # after the RED
    review(proof)
    proof.refresh_from_db()
    assert proof.status == ApplicationProof.Status.ACCEPTED
    record = ApplicationEnrolment.objects.get(application=application)
    assert record.date_changed
    assert (record.shown_coverage_begins, record.coverage_begins) == (RED, datetime.date(2027, 5, 1))
    application.refresh_from_db()
    assert application.insurance_coverage_begins == datetime.date(2027, 5, 1)
    notice = OutboundEmail.objects.get(subject="Your insurance begins on a different date than shown")
    assert "May 1, 2027, not on April 1, 2027" in notice.body and "withdraw it on the Insurance page" in notice.body


def test_a_refusal_of_the_insurance_services_is_recorded_for_staff_and_the_review_stands(plan):
    application = submitted_application(plan=plan)
    plan.active = False  # withdrawn from the catalogue since the member chose it
    plan.save(update_fields=["active"])
    proof = upload(application, "own:MEMBER_AGE")
    review(proof)
    proof.refresh_from_db()
    assert proof.status == ApplicationProof.Status.ACCEPTED
    record = ApplicationEnrolment.objects.get(application=application)
    assert record.enrolment is None and record.problem
    assert not enrolments_of(application).exists()
    assert AuditEntry.objects.get(action="applications.application.insurance_not_enrolled").data["problem"] == \
        record.problem
    assert OutboundEmail.objects.filter(subject="We need to talk to you about your insurance").count() == 1


def test_once_enrolled_the_insurance_step_can_no_longer_be_changed(plan):
    application = submitted_application(plan=plan)
    review(upload(application, "own:MEMBER_AGE"))
    assert submitted_services.change_refusal(application, step="insurance") == submitted_services.INSURANCE_ENROLLED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_two_proofs_accepted_at_the_same_moment_enrol_exactly_once():
    plan = PlanFactory()
    application = submitted_application(married=True, plan=plan)  # proof of age and marriage certificate
    proofs = [upload(application, "own:MEMBER_AGE"), upload(application, "own:MARRIAGE")]
    reviewers = [StaffUserFactory(), StaffUserFactory()]
    barrier = threading.Barrier(2)

    def accept(proof, reviewer):
        barrier.wait()
        try:
            submitted_services.review_application_proof(proof_id=proof.pk, accept=True, actor=reviewer)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(proofs, reviewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ApplicationProof.objects.filter(application=application, status="ACCEPTED").count() == 2
    assert ApplicationEnrolment.objects.filter(application=application, enrolment__isnull=False).count() == 1
    assert enrolments_of(application).count() == 1


def test_withdrawing_the_application_withdraws_the_insurance_it_enrolled_before_it_begins(plan):
    application = submitted_application(plan=plan)
    review(upload(application, "own:MEMBER_AGE"))
    enrolment = ApplicationEnrolment.objects.get(application=application).enrolment
    submitted_services.withdraw_application(member=application.member, application=application,
                                            actor=application.member.user, today=TODAY)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_a_denied_application_withdraws_the_insurance_it_enrolled_before_it_begins(plan):
    application = submitted_application(plan=plan, state=State.UNDER_REVIEW)
    review(upload(application, "own:MEMBER_AGE"))
    enrolment = ApplicationEnrolment.objects.get(application=application).enrolment
    services.move_application(application_id=application.pk, to=State.DENIED, actor=StaffUserFactory(),
                              changes={"denial_reason": "Not eligible on the retirement effective date."})
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
