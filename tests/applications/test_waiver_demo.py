"""The demo's spousal waivers (issue 18 item 8): one in each state, made through the services, and the links the
seed command prints open the spouse's and the notary's pages."""

import io
import re

import pytest
from django.core.management import call_command

from applications.models import Waiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_output(django_db_setup):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def states_of(member_id):
    return list(Waiver.objects.filter(member__member_id=member_id).order_by("round").values_list("state", flat=True))


def printed_link(output, page):
    found = re.search(rf"{re.escape(page)}: https?://[^/\s]+(/waiver/\S+/)", output)
    assert found, output
    return found.group(1)


def test_the_demo_has_a_waiver_in_each_state(seed_output):
    S = Waiver.State
    assert states_of("20000002") == [S.REJECTED, S.SPOUSE]
    assert states_of("10000003") == [S.SPOUSE_NOTARY]
    assert states_of("20000005") == [S.COMPLETE]


def test_each_demo_waiver_is_on_a_submitted_application_that_requires_it(seed_output):
    for waiver in Waiver.objects.select_related("application"):
        assert waiver.application.state == "SUBMITTED" and waiver.application.spousal_waiver_required


def test_the_demo_rejection_has_its_reason(seed_output):
    rejected = Waiver.objects.get(state=Waiver.State.REJECTED)
    assert rejected.rejection_reason == Waiver.Reason.DATES_DO_NOT_MATCH and rejected.reviewed_by is not None


def test_the_printed_spouse_link_opens_the_spouses_page(seed_output, client):
    response = client.get(printed_link(seed_output, "the spouse's page"), follow=True)
    assert response.status_code == 200
    assert b"Confirm who you are" in response.content


def test_the_printed_notary_link_opens_the_certificate(seed_output, client):
    response = client.get(printed_link(seed_output, "the notary's page (the spouse's signature)"), follow=True)
    assert response.status_code == 200
    assert b"Notarial certificate" in response.content


def test_seeding_again_adds_no_waiver_and_prints_the_same_links(seed_output):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Waiver.objects.count() == 4
    assert printed_link(out.getvalue(), "the spouse's page") == printed_link(seed_output, "the spouse's page")
