"""Form fields get a focus ring as visible as the header's links (issue 15 item 11): a keyboard user tabs through a
member's form and a staff form, and every control shows the same ring as the first link of the header."""

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.e2e.conftest import check_page, sign_in
from tests.factories import ClaimedMemberFactory, StaffUserFactory
from tests.insurance.factories import PlanFactory, PremiumRateFactory

pytestmark = pytest.mark.e2e

# The focused element and its ring, as the browser draws it.
FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {what: `<${el.tagName.toLowerCase()} ${el.type || ""} ${el.name || el.textContent.trim().slice(0, 30)}>`,
          ring: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" / ")};
}"""


def tab_through(page, first, *, presses=60):
    """Press Tab from the top of the page; the ring of each control reached, from ``first`` (a header link's name)
    onwards. Reduced motion: the ring is read as drawn, not half-way through Bootstrap's box-shadow transition."""
    page.emulate_media(reduced_motion="reduce")
    page.locator("body").focus()
    seen, started = [], False
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if started and focused["what"].startswith("<body"):
            break  # past the last control: the focus left the page
        started = started or first in focused["what"]
        # A date field is several stops (month, day, year, its calendar button): its ring is read at the first.
        if started and (not seen or seen[-1]["what"] != focused["what"]):
            seen.append(focused)
    return seen


def assert_one_ring(seen, *, kinds):
    header = seen[0]["ring"]
    assert header.startswith("solid / 3px"), seen[0]
    reached = " ".join(item["what"] for item in seen)
    assert all(kind in reached for kind in kinds), f"the walk never reached {kinds}: {reached}"
    different = [item for item in seen if item["ring"] != header]
    assert different == [], f"these controls' focus ring differs from the header's ({header}): {different}"


def test_a_members_form_fields_and_buttons_show_the_headers_focus_ring(page, transactional_db):
    member = ClaimedMemberFactory(first_name="Robin", user__email="robin.focus@example.org")
    page.goto("/insurance/dependents/add/")
    sign_in(page, member.user.email)
    check_page(page, signed_in=True)
    assert_one_ring(tab_through(page, "Profile"), kinds=("<input text", "<select", "<button submit"))


def test_a_staff_forms_fields_and_buttons_show_the_headers_focus_ring(page, transactional_db):
    staff = StaffUserFactory(email="focus.admin@ors.example", is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    plan = PlanFactory()
    PremiumRateFactory(plan=plan, fiscal_year=datetime.date.today().year, tier="FAMILY",
                       monthly_premium=Decimal("150.00"))
    page.goto(f"/admin/insurance/plan/{plan.pk}/change/")
    sign_in(page, staff.email, secret=secret)
    check_page(page, signed_in=True)
    assert_one_ring(tab_through(page, "View site", presses=200),
                    kinds=("<input text", "<select", "<input checkbox", "<input submit"))
