"""The admin's forms are labelled (issue 15 item 11), checked on the HTML here and by axe in
tests/e2e/test_staff_pages_journey.py: every field of a tabular inline has a label, no column heading of an inline
is empty, and the staff groups are ticked boxes with labels rather than Django's two-list widget."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import StaffUserFactory
from tests.insurance.factories import PlanFactory, PremiumRateFactory

pytestmark = pytest.mark.django_db


class Controls(HTMLParser):
    """Form controls (id → name) a person fills in, the ids their labels point at, and each table heading's text."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self.headings, self._heading = {}, set(), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden" and "__prefix__" not in (
                attrs.get("id") or ""):
            self.controls[attrs.get("id")] = attrs.get("name")
        elif tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        elif tag == "th":
            self._heading = ""

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data

    def handle_endtag(self, tag):
        if tag == "th":
            self.headings.append(self._heading.strip())
            self._heading = None


def supervisor():
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Supervisor"))
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def page_controls(client, url):
    client.force_login(supervisor())
    response = client.get(url)
    assert response.status_code == 200
    parsed = Controls()
    parsed.feed(response.content.decode())
    return parsed


def test_every_field_and_delete_box_of_a_tabular_inline_has_a_label(client):
    plan = PlanFactory()
    for year in (2026, 2027):
        PremiumRateFactory(plan=plan, fiscal_year=year, tier="FAMILY", monthly_premium=Decimal("150.00"))
    page = page_controls(client, reverse("admin:insurance_plan_change", args=[plan.pk]))
    inline = {id_: name for id_, name in page.controls.items() if name and name.startswith("rates-")}
    assert {"rates-0-monthly_premium", "rates-1-tier", "rates-0-DELETE"} <= set(inline.values())
    assert [name for id_, name in inline.items() if id_ not in page.labelled] == []


def test_no_column_heading_of_a_tabular_inline_is_empty(client):
    plan = PlanFactory()
    PremiumRateFactory(plan=plan, fiscal_year=2027, tier="FAMILY", monthly_premium=Decimal("150.00"))
    page = page_controls(client, reverse("admin:insurance_plan_change", args=[plan.pk]))
    assert page.headings and "" not in page.headings


def test_staff_groups_are_ticked_boxes_each_with_its_label(client):
    staff = StaffUserFactory()
    page = page_controls(client, reverse("admin:accounts_user_change", args=[staff.pk]))
    groups = {id_ for id_, name in page.controls.items() if name == "groups"}
    assert len(groups) == Group.objects.count() >= 2
    assert groups <= page.labelled
