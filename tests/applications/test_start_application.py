"""Starting a retirement application (issue 17 item 2): the engine's provision and RED, one at a time, refusals."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from applications import selectors, services, staff_services
from applications.models import Application
from tests.applications.application_factories import submitted_application
from tests.applications.factories import LAST_DAY, TODAY, retiring_member, started
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_it_opens_a_draft_with_the_engines_provision_and_red():
    member = retiring_member()
    application = started(member)
    assert application.state == Application.State.DRAFT
    assert application.retirement_effective_date == datetime.date(2027, 4, 1)
    assert application.provision == "FULL_60_10"
    assert application.last_day_worked == LAST_DAY
    assert application.reference == f"RA-2026-{application.pk:06d}"


def test_it_records_an_audit_entry():
    member = retiring_member()
    application = started(member)
    entry = AuditEntry.objects.get(action="applications.application.started")
    assert entry.member == member and entry.target == f"application:{application.pk}"


def test_it_refuses_a_second_open_application():
    member = retiring_member()
    started(member)
    with pytest.raises(services.ApplicationError) as refused:
        started(member)
    assert refused.value.message == services.ALREADY_OPEN
    assert Application.objects.filter(member=member).count() == 1


def test_a_withdrawn_application_makes_room_for_a_new_one():
    member = retiring_member()
    first = started(member)
    services.move_application(application_id=first.pk, to=Application.State.WITHDRAWN, actor=member.user)
    assert started(member).pk != first.pk


def test_the_database_allows_one_open_application_per_member():
    from django.db import IntegrityError, transaction

    member = retiring_member()
    application = started(member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(member=member, reference="RA-2026-999999", last_day_worked=LAST_DAY,
                                   eligible_on=LAST_DAY, retirement_effective_date=application.retirement_effective_date,
                                   provision="FULL_60_10")


def test_a_member_with_an_edro_is_sent_to_the_message_board():
    member = retiring_member(edro_on_file=True)
    with pytest.raises(services.ApplicationError) as refused:
        started(member)
    assert refused.value.message == services.EDRO_ON_FILE
    assert not Application.objects.exists()


@pytest.mark.parametrize("status", ["RETIRED", "REFUNDED"])
def test_a_member_with_no_pension_to_come_cannot_start(status):
    member = retiring_member(status=status)
    with pytest.raises(services.ApplicationError) as refused:
        started(member)
    assert refused.value.message == services.NOT_OPEN_TO_YOU


def test_a_member_not_eligible_on_the_date_is_told_why_and_the_earliest_date():
    member = retiring_member(years=5)
    with pytest.raises(services.ApplicationError) as refused:
        started(member)
    assert "would not be eligible for a pension on April 1, 2027" in refused.value.message
    assert "is under 10" in refused.value.message
    facts = selectors.start_facts_for_member(member=member, last_day_worked=LAST_DAY, today=TODAY)
    assert facts.earliest_red is not None and facts.earliest_red > facts.retirement_effective_date
    assert f"{facts.earliest_red:%B %-d, %Y}" in refused.value.message
    assert not Application.objects.exists()


def test_a_deferred_member_retires_from_the_first_red_they_are_eligible_on():
    # Born 1967-06-15, left in 2026 with 20 years: the deferred pension is payable from 60 (RULES §3).
    member = retiring_member(years=20, status="DEFERRED", date_of_birth=datetime.date(1967, 6, 15))
    application = services.start_application(member=member, last_day_worked=None, actor=member.user, today=TODAY)
    assert application.last_day_worked == datetime.date(2026, 10, 30)  # the record's last pay period
    assert application.retirement_effective_date == datetime.date(2027, 7, 1)
    assert application.eligible_on == datetime.date(2027, 7, 1)


def denied(member, reason):
    application = submitted_application(member, state=Application.State.UNDER_REVIEW)
    return staff_services.deny(application_id=application.pk, reason=reason, actor=StaffUserFactory())


def test_a_denied_application_makes_room_for_a_new_one():
    member = retiring_member()
    first = denied(member, "Not vested.")
    assert started(member).pk != first.pk


def test_the_start_page_shows_the_denial_and_lets_the_member_start_again(client):
    member = retiring_member()
    first = denied(member, "Your service is short of ten years.")
    client.force_login(member.user)
    response = client.get(reverse("applications:start"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your service is short of ten years." in body and first.reference in body
    assert 'name="last_day_worked"' in body
