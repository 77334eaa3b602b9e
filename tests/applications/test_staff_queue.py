"""The reviewer's queue in the admin (issue 19 item 1): what a row shows, the filters and searches, and a query
count that does not grow with the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from applications.rules.checklist import PROOF_LABELS
from applications.rules.election import Proof
from tests.applications.application_factories import submitted_application, upload
from tests.applications.factories import draft_application
from tests.applications.staff_factories import staff_in
from tests.applications.waiver_factories import stored_waiver
from tests.factories import ClaimedMemberFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("admin:applications_application_changelist")


@pytest.fixture
def reviewer_client(client):
    client.force_login(staff_in("Reviewer"))
    return client


def queue_queries(client, count):
    for _ in range(count):
        application = submitted_application(married=True)
        upload(application, "own:MEMBER_AGE", today=datetime.date(2026, 12, 3))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.content.decode().count("RA-2026-") >= count
    return len(queries)


def test_the_queue_reads_as_many_queries_for_twenty_applications_as_for_one(reviewer_client):
    one = queue_queries(reviewer_client, 1)
    assert queue_queries(reviewer_client, 19) == one


def test_the_queue_query_count_is_pinned(reviewer_client, django_assert_num_queries):
    submitted_application()
    reviewer_client.get(QUEUE)  # the session's first read of the user and permissions is not the list's
    with django_assert_num_queries(8):
        reviewer_client.get(QUEUE)


def test_a_draft_is_not_in_the_queue(reviewer_client):
    draft = draft_application(ClaimedMemberFactory())
    assert draft.reference not in reviewer_client.get(QUEUE).content.decode()


def test_a_row_names_the_missing_proofs(reviewer_client):
    application = submitted_application(married=True)
    upload(application, "own:MEMBER_AGE", today=datetime.date(2026, 12, 3))
    body = reviewer_client.get(QUEUE).content.decode()
    assert PROOF_LABELS[Proof.MARRIAGE] in body
    assert PROOF_LABELS[Proof.MEMBER_AGE] not in body


def test_a_row_shows_the_waiver_round_state(reviewer_client):
    application = submitted_application(married=True, option="SURVIVOR_100", beneficiary_relationship="CHILD")
    assert application.spousal_waiver_required
    stored_waiver(application)
    body = reviewer_client.get(QUEUE).content.decode()
    assert Application.objects.get(pk=application.pk).waivers.get().get_state_display() in body


def test_a_row_says_when_no_waiver_is_required(reviewer_client):
    submitted_application()
    assert "Not required" in reviewer_client.get(QUEUE).content.decode()


def test_the_queue_is_searched_by_member_id(reviewer_client):
    wanted, other = submitted_application(), submitted_application()
    body = reviewer_client.get(QUEUE, {"q": wanted.member.member_id}).content.decode()
    assert wanted.reference in body and other.reference not in body


def test_the_queue_is_searched_by_last_name(reviewer_client):
    wanted = submitted_application(ClaimedMemberFactory(last_name="Quillfeather"))
    other = submitted_application()
    body = reviewer_client.get(QUEUE, {"q": "Quillfeather"}).content.decode()
    assert wanted.reference in body and other.reference not in body


def test_the_queue_is_filtered_by_state(reviewer_client):
    waiting = submitted_application(state=Application.State.WAITING_FOR_MEMBER)
    fresh = submitted_application()
    body = reviewer_client.get(QUEUE, {"state__exact": "WAITING_FOR_MEMBER"}).content.decode()
    assert waiting.reference in body and fresh.reference not in body


def test_the_queue_is_filtered_by_red_month(reviewer_client):
    april = submitted_application()
    may = submitted_application(red=datetime.date(2027, 5, 1), last_day=datetime.date(2027, 4, 30))
    body = reviewer_client.get(QUEUE, {"red": "2027-05-01"}).content.decode()
    assert may.reference in body and april.reference not in body
    assert "May 2027" in body


def test_the_queue_is_filtered_by_system(reviewer_client):
    sers = submitted_application(ClaimedMemberFactory(system="SERS"))
    mpsers = submitted_application(ClaimedMemberFactory(system="MPSERS"))
    body = reviewer_client.get(QUEUE, {"member__system__exact": "MPSERS"}).content.decode()
    assert mpsers.reference in body and sers.reference not in body
