"""Beneficiaries (RULES §6, §14): one eligible person as survivor beneficiary, refund shares summing to 100%,
history kept, every change confirmed by e-mail and audited, deferred members without one at termination refused."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEntry, Member, OutboundEmail
from pensions.engine import beneficiaries as rules
from pensions.forms import ONE_SPOUSE, SAME_PERSON_TWICE
from pensions.models import Beneficiary, BeneficiaryDesignation
from tests.pensions.factories import biweekly_history, name_refund_beneficiaries, name_survivor

pytestmark = pytest.mark.django_db

SURVIVOR_URL = "pensions:survivor_beneficiary"
REFUND_URL = "pensions:refund_beneficiaries"


def survivor_post(**overrides):
    return {"name": "Chris Member", "relationship": "SPOUSE", "birth_date": "1966-08-09", "trustee_of": "",
            **overrides}


def shown(message, response):
    return escape(message) in response.content.decode()


def counts():
    return BeneficiaryDesignation.objects.count(), Beneficiary.objects.count(), OutboundEmail.objects.count()


def test_a_member_names_a_survivor_beneficiary_and_gets_an_email(member_client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse(SURVIVOR_URL), survivor_post())
    assert response.status_code == 302
    designation = BeneficiaryDesignation.objects.get(member=member, superseded_at=None)
    assert designation.kind == "SURVIVOR"
    assert [b.name for b in designation.beneficiaries.all()] == ["Chris Member"]
    email = OutboundEmail.objects.get(dedupe_key=f"pensions:designation:{designation.pk}")
    assert email.to == member.personal_email and "survivor pension beneficiary" in email.subject
    assert "Chris" not in email.body  # a notice never carries who was named
    assert AuditEntry.objects.filter(member=member, action="pensions.beneficiary.survivor_designated").exists()


def test_a_change_keeps_the_earlier_designation_in_the_history(member_client, member):
    first = name_survivor(member, name="Chris Member")
    member_client.post(reverse(SURVIVOR_URL), survivor_post(name="Robin Member", relationship="SIBLING"))
    first.refresh_from_db()
    assert first.superseded_at is not None
    page = member_client.get(reverse("pensions:beneficiaries"))
    assert page.context["page"].survivor.beneficiaries.get().name == "Robin Member"
    assert page.context["page"].history == [first]
    detail = member_client.get(reverse("pensions:designation", args=[first.pk]))
    assert "Chris Member" in detail.content.decode()


@pytest.mark.parametrize("relationship", ["TRUST", "ESTATE", "ORGANIZATION"])
def test_a_legal_entity_is_refused_as_survivor_beneficiary_and_nothing_changes(member_client, relationship):
    before = counts()
    response = member_client.post(reverse(SURVIVOR_URL), survivor_post(name="Member Family Trust",
                                                                       relationship=relationship))
    assert response.status_code == 200
    assert shown(rules.NOT_AN_ENTITY, response)
    assert counts() == before


def test_a_person_may_be_named_as_trustee_of_a_trust(member_client, member):
    member_client.post(reverse(SURVIVOR_URL), survivor_post(trustee_of="Member Family Trust"))
    assert BeneficiaryDesignation.objects.get(member=member).beneficiaries.get().trustee_of == "Member Family Trust"


def test_sers_refuses_another_person_as_survivor(member_client):
    response = member_client.post(reverse(SURVIVOR_URL), survivor_post(relationship="OTHER_PERSON"))
    assert shown(rules.SERS_RELATION, response)
    assert BeneficiaryDesignation.objects.count() == 0


def test_mpsers_takes_an_adult_child_only_when_dependent(member_client, member):
    member.system, member.benefit_structure = "MPSERS", "MIP_FIXED"
    member.save()
    adult = survivor_post(relationship="CHILD", birth_date="1990-01-01")
    assert shown(rules.MPSERS_RELATION, member_client.post(reverse(SURVIVOR_URL), adult))
    assert member_client.post(reverse(SURVIVOR_URL), {**adult, "dependent": "on"}).status_code == 302
    minor = survivor_post(relationship="CHILD", birth_date=str(datetime.date.today().replace(year=2015)))
    assert member_client.post(reverse(SURVIVOR_URL), minor).status_code == 302


def test_refund_shares_must_add_up_to_100_and_nothing_changes_otherwise(member_client, member):
    data = {"name_1": "Sam", "relationship_1": "CHILD", "share_1": "60",
            "name_2": "Lee", "relationship_2": "CHILD", "share_2": "30"}
    before = counts()
    response = member_client.post(reverse(REFUND_URL), data)
    assert "The refund beneficiaries&#x27; shares must add up to 100%; they add up to 90%." in response.content.decode()
    assert counts() == before
    response = member_client.post(reverse(REFUND_URL), {**data, "share_2": "40"})
    assert response.status_code == 302
    shares = BeneficiaryDesignation.objects.get(member=member, kind="REFUND").beneficiaries.values_list("share", flat=True)
    assert list(shares) == [Decimal("60.00"), Decimal("40.00")]


def test_an_estate_may_be_a_refund_beneficiary(member_client, member):
    response = member_client.post(reverse(REFUND_URL), {"name_1": "My estate", "relationship_1": "ESTATE",
                                                        "share_1": "100"})
    assert response.status_code == 302


def test_a_deferred_member_with_no_survivor_at_termination_cannot_name_one(member_client, member):
    biweekly_history(member, years=12, last_end=datetime.date(2020, 6, 26))
    Member.objects.filter(pk=member.pk).update(status="DEFERRED")
    response = member_client.get(reverse(SURVIVOR_URL))
    assert shown(rules.NO_DESIGNATION_AT_TERMINATION, response)
    response = member_client.post(reverse(SURVIVOR_URL), survivor_post())
    assert shown(rules.NO_DESIGNATION_AT_TERMINATION, response)
    assert BeneficiaryDesignation.objects.count() == 0


def test_a_deferred_member_who_named_one_before_leaving_may_change_it(member_client, member):
    biweekly_history(member, years=12, last_end=datetime.date(2020, 6, 26))
    earlier = name_survivor(member)
    BeneficiaryDesignation.objects.filter(pk=earlier.pk).update(
        created_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.timezone.utc))
    Member.objects.filter(pk=member.pk).update(status="DEFERRED")
    assert member_client.post(reverse(SURVIVOR_URL), survivor_post(name="Robin")).status_code == 302


def test_a_retired_member_cannot_change_the_survivor_beneficiary(member_client, member):
    Member.objects.filter(pk=member.pk).update(status="RETIRED")
    assert shown(rules.RETIRED, member_client.post(reverse(SURVIVOR_URL), survivor_post()))


def test_another_members_designation_is_a_404(member_client, other_member):
    theirs = name_refund_beneficiaries(other_member)
    assert member_client.get(reverse("pensions:designation", args=[theirs.pk])).status_code == 404


def test_only_one_designation_of_a_kind_is_ever_on_file(member):
    name_survivor(member)
    name_survivor(member, name="Second")
    name_refund_beneficiaries(member)
    assert BeneficiaryDesignation.objects.filter(member=member, superseded_at=None).count() == 2


def test_two_refund_beneficiaries_cannot_both_be_the_spouse(member_client, member):
    before = counts()
    response = member_client.post(reverse(REFUND_URL), {"name_1": "Sam", "relationship_1": "SPOUSE", "share_1": "50",
                                                        "name_2": "Lee", "relationship_2": "SPOUSE", "share_2": "50"})
    assert ONE_SPOUSE in response.content.decode()
    assert counts() == before


def test_the_same_refund_beneficiary_twice_is_refused(member_client, member):
    before = counts()
    response = member_client.post(reverse(REFUND_URL), {"name_1": "Sam Lee", "relationship_1": "CHILD",
                                                        "share_1": "50", "name_2": "sam  lee", "relationship_2": "CHILD",
                                                        "share_2": "50"})
    assert SAME_PERSON_TWICE in response.content.decode()
    assert counts() == before


def test_the_beneficiary_forms_open_with_the_beneficiaries_on_file(member_client, member):
    name_survivor(member, name="Pat Doe", relationship="SPOUSE", birth_date=datetime.date(1964, 3, 2))
    name_refund_beneficiaries(member, [("Sam Doe", "CHILD", Decimal("60")), ("Lee Doe", "CHILD", Decimal("40"))])
    survivor = member_client.get(reverse(SURVIVOR_URL)).context["form"]
    assert (survivor["name"].value(), survivor["relationship"].value()) == ("Pat Doe", "SPOUSE")
    refund = member_client.get(reverse(REFUND_URL)).context["form"]
    assert [refund[f"name_{n}"].value() for n in (1, 2)] == ["Sam Doe", "Lee Doe"]
    assert refund["share_2"].value() == Decimal("40")
