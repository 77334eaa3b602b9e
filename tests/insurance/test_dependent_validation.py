"""What a member expects when entering dependents (issue 15 item 6): one spouse at a time, nobody twice, birth dates
that can be a living person's, and a dependent added by mistake taken back before coverage starts."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEntry
from insurance import selectors, services
from insurance.models import Dependent
from portal.validators import BORN_TOO_LONG_AGO
from tests.insurance.factories import ChildFactory, DependentFactory, EnrolmentFactory, enrol_at_retirement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 23, 15, tzinfo=datetime.timezone.utc), tick=False):
        yield


def person(**overrides):
    return {"first_name": "Alex", "last_name": "Moss", "relation": "SPOUSE", "birth_date": "1965-04-02",
            "student": "NONE", **overrides}


def test_a_second_spouse_is_refused_while_the_first_is_not_divorced(retiree_client, retiree):
    first = DependentFactory(member=retiree, first_name="Sam", last_name="Lee")
    response = retiree_client.post(reverse("insurance:dependent_add"), person())
    assert response.status_code == 200
    assert response.context["form"].errors["relation"] == [services.SECOND_SPOUSE.format(name=first.full_name)]
    assert Dependent.objects.filter(member=retiree).count() == 1


def test_a_new_spouse_is_accepted_after_the_divorce_is_recorded(retiree):
    DependentFactory(member=retiree, divorce_date=datetime.date(2024, 5, 1))
    added = services.add_dependent(member=retiree, actor=retiree.user, first_name="Alex", last_name="Moss",
                                   relation="SPOUSE", birth_date=datetime.date(1965, 4, 2))
    assert added.pk


def test_a_child_cannot_be_changed_into_a_second_spouse(retiree):
    DependentFactory(member=retiree)
    child = ChildFactory(member=retiree)
    with pytest.raises(services.InsuranceError) as refused:
        services.change_dependent(member=retiree, dependent=child, actor=retiree.user, relation="SPOUSE")
    assert refused.value.field == "relation"
    child.refresh_from_db()
    assert child.relation == "CHILD"


def test_the_same_person_twice_is_refused(retiree_client, retiree):
    ChildFactory(member=retiree, first_name="Riley", last_name="Moss", birth_date=datetime.date(2012, 6, 15))
    response = retiree_client.post(reverse("insurance:dependent_add"), person(
        first_name="riley ", last_name="MOSS", relation="CHILD", birth_date="2012-06-15"))
    assert "is already one of your dependents" in response.content.decode()
    assert Dependent.objects.filter(member=retiree).count() == 1


def test_twins_with_different_names_are_two_people(retiree):
    ChildFactory(member=retiree, first_name="Riley", birth_date=datetime.date(2012, 6, 15))
    services.add_dependent(member=retiree, actor=retiree.user, first_name="Rowan", last_name="Member",
                           relation="CHILD", birth_date=datetime.date(2012, 6, 15))
    assert Dependent.objects.filter(member=retiree).count() == 2


def test_a_dependent_born_more_than_120_years_ago_is_refused(retiree_client, retiree):
    response = retiree_client.post(reverse("insurance:dependent_add"), person(birth_date="1890-01-01"))
    assert response.context["form"].errors["birth_date"] == [BORN_TOO_LONG_AGO]


def test_a_dependent_added_by_mistake_is_taken_back_before_coverage_begins(retiree_client, retiree):
    mistake = ChildFactory(member=retiree)
    draft = EnrolmentFactory(member=retiree, situation="PLAN_CHANGE")
    draft.covered.create(dependent=mistake)
    page = retiree_client.get(reverse("insurance:dependent", args=[mistake.pk])).content.decode()
    assert reverse("insurance:dependent_delete", args=[mistake.pk]) in page
    response = retiree_client.post(reverse("insurance:dependent_delete", args=[mistake.pk]), {"confirmed": "on"})
    assert response.status_code == 302
    assert not Dependent.objects.filter(pk=mistake.pk).exists() and not draft.covered.exists()
    assert AuditEntry.objects.filter(member=retiree, action="insurance.dependent.deleted").exists()


def test_a_dependent_whose_coverage_has_begun_is_kept(retiree):
    spouse = DependentFactory(member=retiree)
    enrol_at_retirement(retiree, retirement_effective_date=datetime.date(2020, 1, 1), dependents=[spouse],
                        received=datetime.date(2019, 11, 1))
    assert not selectors.dependent_deletable(member=retiree, dependent=spouse, on=datetime.date(2026, 11, 23))
    with pytest.raises(services.InsuranceError) as refused:
        services.delete_dependent(member=retiree, dependent=spouse, actor=retiree.user)
    assert refused.value.message == services.NOT_DELETABLE.format(name=spouse.full_name)
    assert Dependent.objects.filter(pk=spouse.pk).exists()
