"""Pinned query counts of the waiver's pages (issue 18; the house's budgets): the member's waiver page, the spouse's
page before and after the date of birth, and the notary's page; none grows with the rounds before this one or the
events of the round."""

import pytest
from django.urls import reverse

from applications.models import Waiver, WaiverEvent
from applications.waivers.events import record_event
from tests.applications import waiver_factories as wf
from tests.factories import ClaimedMemberFactory

pytestmark = pytest.mark.django_db

MEMBER_PAGE = 5  # the sign-in, the application, the latest round with its document, its events, the past rounds
# The link (resolved by the page, then again with the waiver it names) and the waiver with its member and application.
SPOUSE_IDENTITY_PAGE = 3
SPOUSE_SIGN_PAGE = 3
NOTARY_PAGE = 2  # the link, the waiver with its member and application


@pytest.fixture
def application():
    return wf.stored_application(ClaimedMemberFactory(marital_status="MARRIED"))


def longer_history(application, waiver):
    """Three rounds before this one, rejected, and a dozen more events on this one."""
    for number in (11, 12, 13):
        past = Waiver.objects.create(
            application=application, member=application.member, round=number, option=waiver.option,
            retirement_effective_date=waiver.retirement_effective_date, full_survivor_monthly=1,
            left_monthly=0, spouse_name=wf.SPOUSE_NAME, spouse_birth_date=wf.SPOUSE_BORN,
            spouse_email=wf.SPOUSE_EMAIL, state=Waiver.State.REJECTED, rejection_reason="OTHER")
        record_event(past, WaiverEvent.Actor.STAFF, "rejected")
    for _ in range(12):
        record_event(waiver, WaiverEvent.Actor.SYSTEM, "reminder_sent")


def test_the_member_waiver_pages_queries_are_pinned(client, application, django_assert_num_queries):
    waiver = wf.stored_waiver(application)
    client.force_login(application.member.user)
    page = reverse("applications:waiver", args=[application.pk])
    client.get(page)
    with django_assert_num_queries(MEMBER_PAGE):
        assert client.get(page).status_code == 200
    longer_history(application, waiver)
    with django_assert_num_queries(MEMBER_PAGE):
        assert client.get(page).status_code == 200


def test_the_spouse_pages_queries_are_pinned(client, application, django_assert_num_queries):
    waiver = wf.stored_waiver(application)
    client.get(reverse("applications:waiver_spouse_open", args=[wf.spouse_token()]))
    page = reverse("applications:waiver_spouse")
    with django_assert_num_queries(SPOUSE_IDENTITY_PAGE):
        assert client.get(page).status_code == 200
    client.post(page, {"action": "identity", "birth_date": wf.SPOUSE_BORN.isoformat()})
    with django_assert_num_queries(SPOUSE_SIGN_PAGE):
        assert "Type your full name to sign" in client.get(page).content.decode()
    longer_history(application, waiver)
    with django_assert_num_queries(SPOUSE_SIGN_PAGE):
        assert client.get(page).status_code == 200


def test_the_notary_pages_queries_are_pinned(client, application, django_assert_num_queries):
    waiver = wf.stored_waiver(application)
    wf.spouse_signed(waiver)
    client.get(reverse("applications:waiver_notary_open", args=[wf.notary_token()]))
    page = reverse("applications:waiver_notary")
    with django_assert_num_queries(NOTARY_PAGE):
        assert client.get(page).status_code == 200
    longer_history(application, waiver)
    with django_assert_num_queries(NOTARY_PAGE):
        assert client.get(page).status_code == 200
