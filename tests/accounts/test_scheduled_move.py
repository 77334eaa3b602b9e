"""A scheduled move (issue 15 item 7): confirmed with its date on the page and in the e-mail, listed on the profile,
cancellable until it takes effect; the address form opens with the address on file."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import selectors, services
from accounts.models import AuditEntry, MailingAddress, OutboundEmail
from tests.factories import ClaimedMemberFactory, MailingAddressFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
MOVING = datetime.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


@pytest.fixture
def on_file(member):
    return MailingAddressFactory(member=member, effective_date=datetime.date(2010, 1, 1), line1="4 Elm St",
                                 line2="", city="Lansing", state="MI", postal_code="48933")


def move(**overrides):
    return {"line1": "1 Harbor Way", "line2": "", "city": "Traverse City", "state": "MI", "postal_code": "49684",
            "effective_date": MOVING.isoformat(), **overrides}


def test_a_scheduled_move_is_confirmed_on_the_page_with_its_date(member_client, member, on_file):
    response = member_client.post(reverse("accounts:change_address"), move(), follow=True)
    assert "Your move is scheduled: from January 15, 2027 we will write to 1 Harbor Way" in (
        response.content.decode())


def test_a_scheduled_move_is_confirmed_by_e_mail_with_its_date_and_address(member, on_file):
    address = services.change_address(member=member, actor=member.user, effective_date=MOVING, line1="1 Harbor Way",
                                      line2="", city="Traverse City", state="MI", postal_code="49684")
    notice = OutboundEmail.objects.get(dedupe_key=f"accounts:move-scheduled:{address.pk}")
    assert "January 15, 2027" in notice.subject
    assert "From January 15, 2027 we will send your mail to" in notice.body and "1 Harbor Way" in notice.body


def test_the_profile_lists_the_move_with_a_way_to_cancel_it(member_client, member, on_file):
    address = MailingAddressFactory(member=member, effective_date=MOVING, city="Traverse City")
    body = member_client.get(reverse("accounts:profile")).content.decode()
    assert "Moving on January 15, 2027" in body
    assert reverse("accounts:cancel_move", args=[address.pk]) in body


def test_cancelling_a_move_keeps_the_address_on_file_audited_and_noticed(member_client, member, on_file):
    address = MailingAddressFactory(member=member, effective_date=MOVING, city="Traverse City")
    response = member_client.post(reverse("accounts:cancel_move", args=[address.pk]), {"confirmed": "on"})
    assert response.status_code == 302
    assert not MailingAddress.objects.filter(pk=address.pk).exists()
    assert selectors.current_address_for_member(member=member, on=MOVING) == on_file
    assert AuditEntry.objects.filter(member=member, action="accounts.member.move_cancelled").exists()
    assert OutboundEmail.objects.filter(dedupe_key=f"accounts:move-cancelled:{address.pk}").exists()


def test_cancelling_without_ticking_changes_nothing(member_client, member, on_file):
    address = MailingAddressFactory(member=member, effective_date=MOVING)
    assert member_client.post(reverse("accounts:cancel_move", args=[address.pk]), {}).status_code == 400
    assert MailingAddress.objects.filter(pk=address.pk).exists()


def test_an_address_already_in_effect_cannot_be_cancelled_as_a_move(member_client, member, on_file):
    assert member_client.get(reverse("accounts:cancel_move", args=[on_file.pk])).status_code == 404
    with pytest.raises(services.AccountError) as refused:
        services.cancel_scheduled_move(member=member, address_id=on_file.pk, actor=member.user)
    assert refused.value.message == services.MOVE_NOT_CANCELLABLE


def test_another_members_move_is_not_found(member_client, member):
    other = MailingAddressFactory(member=ClaimedMemberFactory(), effective_date=MOVING)
    assert member_client.post(reverse("accounts:cancel_move", args=[other.pk]), {"confirmed": "on"}).status_code == 404
    assert MailingAddress.objects.filter(pk=other.pk).exists()


def test_the_address_form_opens_with_the_address_on_file(member_client, member, on_file):
    form = member_client.get(reverse("accounts:change_address")).context["form"]
    assert {name: form[name].value() for name in ("line1", "city", "state", "postal_code")} == {
        "line1": "4 Elm St", "city": "Lansing", "state": "MI", "postal_code": "48933"}
    assert form["effective_date"].value() == TODAY
