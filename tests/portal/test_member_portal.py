"""A retiree gets a retiree's portal, an active or deferred member a working member's (issue 15 item 2): decided
once in portal.member_portal and followed by every page, the navigation and the dashboard."""

import re

import pytest
from django.urls import reverse

from accounts.models import Member
from portal import member_portal
from portal.member_portal import RETIREE_PAGES, WORKING_PAGES, portal_for
from tests.factories import ClaimedMemberFactory
from tests.pensions.factories import biweekly_history
from tests.security.urlwalk import walk

WORKING = [Member.Status.ACTIVE, Member.Status.DEFERRED]
ALL = [Member.Status.ACTIVE, Member.Status.DEFERRED, Member.Status.RETIRED, Member.Status.REFUNDED]


def test_the_portal_knows_every_member_status_and_no_other():
    assert set(member_portal.STATUSES) == set(Member.Status.values)


def test_an_unknown_status_is_refused_not_guessed():
    with pytest.raises(ValueError, match="Unknown member status"):
        portal_for("ON_LEAVE")


@pytest.mark.parametrize("status", WORKING)
def test_a_working_member_plans_retirement_and_has_no_retiree_pages(status):
    portal = portal_for(status)
    assert portal.plans_retirement and not portal.retiree
    assert portal.closed == RETIREE_PAGES


def test_a_retiree_has_the_retiree_pages_and_none_for_planning_retirement():
    portal = portal_for(Member.Status.RETIRED)
    assert portal.retiree and not portal.plans_retirement
    assert portal.closed == WORKING_PAGES


def test_a_refunded_member_has_neither_retiree_nor_planning_pages():
    portal = portal_for(Member.Status.REFUNDED)
    assert not portal.retiree and not portal.plans_retirement
    assert portal.closed == WORKING_PAGES | RETIREE_PAGES


def test_every_closed_page_is_a_member_page_of_the_portal():
    names = {route.name for route in walk()}
    assert (RETIREE_PAGES | WORKING_PAGES) <= names


def _url(name):
    kwargs = {kw: 1 for route in walk() if route.name == name for kw in route.kwargs}
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ALL)
def test_each_page_closed_to_a_status_is_a_404_for_it(client, status):
    member = ClaimedMemberFactory(status=status)
    client.force_login(member.user)
    for name in sorted(portal_for(status).closed):
        response = client.get(_url(name))
        assert response.status_code == 404, name


@pytest.mark.django_db
def test_a_working_member_reaches_the_estimates_and_a_retiree_the_life_insurance(client):
    active, retiree = ClaimedMemberFactory(status="ACTIVE"), ClaimedMemberFactory(status="RETIRED")
    client.force_login(active.user)
    assert client.get(reverse("pensions:estimates")).status_code == 200
    client.force_login(retiree.user)
    assert client.get(reverse("insurance:life")).status_code == 200


def _main_navigation(body):
    nav = body.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="[^"]*"[^>]*>([^<]+)', nav)


@pytest.mark.django_db
@pytest.mark.parametrize("status,has_planning", [("ACTIVE", True), ("DEFERRED", True), ("RETIRED", False),
                                                 ("REFUNDED", False)])
def test_the_main_navigation_follows_the_status(client, status, has_planning):
    member = ClaimedMemberFactory(status=status)
    client.force_login(member.user)
    labels = _main_navigation(client.get(reverse("accounts:profile")).content.decode())
    assert "Dashboard" in labels and "Insurance" in labels
    assert ("Estimates" in labels) is has_planning
    assert ("Retirement application" in labels) is has_planning


@pytest.mark.django_db
@pytest.mark.parametrize("status,plans", [("ACTIVE", True), ("DEFERRED", True), ("RETIRED", False)])
def test_the_dashboard_offers_an_estimate_and_retirement_dates_only_to_a_member_planning_retirement(client, status,
                                                                                                    plans):
    member = ClaimedMemberFactory(status=status)
    biweekly_history(member, years=12)
    client.force_login(member.user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert ("Run an estimate for your earliest retirement date" in body) is plans
    assert ("When you could retire" in body) is plans


@pytest.mark.django_db
def test_an_active_member_sees_no_life_insurance_section_on_the_insurance_page(client):
    active = ClaimedMemberFactory(status="ACTIVE")
    client.force_login(active.user)
    body = client.get(reverse("insurance:overview")).content.decode()
    assert reverse("insurance:life") not in body


@pytest.mark.django_db
@pytest.mark.parametrize("status,shown", [("ACTIVE", True), ("DEFERRED", True), ("RETIRED", False)])
def test_the_dashboard_shows_vesting_only_before_retirement(client, status, shown):
    member = ClaimedMemberFactory(status=status)
    biweekly_history(member, years=12)
    client.force_login(member.user)
    body = client.get(reverse("accounts:dashboard")).content.decode()
    assert ('id="vesting-label"' in body) is shown
