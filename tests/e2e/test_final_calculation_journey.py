"""A supervisor loads the employer's final pay report, checks the final calculation beside the member's preliminary
estimate, reveals the bank account number on purpose and approves the award, with zero axe violations on each page
(issue 19 item 3)."""

import re

import pytest
from playwright.sync_api import expect

from applications import staff_services
from applications.models import Application, Milestone
from tests.applications.application_factories import ACCOUNT, submitted_application
from tests.applications.staff_factories import recalculated, staff_in
from tests.e2e.conftest import check_page, submit
from tests.e2e.staff_steps import load_final_pay_report, open_application, staff_sign_in, take_action

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("staff_groups_as_migrated")]


def test_a_supervisor_compares_reveals_and_approves_with_zero_violations(page):
    application = submitted_application(state=Application.State.UNDER_REVIEW)
    reviewer = staff_in("Reviewer")
    staff_services.start_calculation(application_id=application.pk, actor=reviewer)
    final = recalculated(application, reviewer).result
    # The member chose from an estimate with a lower FAC: the page marks the change.
    Application.objects.filter(pk=application.pk).update(option_estimate={**final, "fac": "1000.00"})
    supervisor = staff_in("Supervisor")

    staff_sign_in(page, supervisor)
    open_application(page, application)
    table = page.get_by_role("table", name="The member's preliminary estimate and the final calculation")
    expect(table.get_by_role("row", name=re.compile("Final average compensation"))).to_contain_text("Changed")

    load_final_pay_report(page, application)
    assert Milestone.objects.filter(application=application, kind=Milestone.Kind.FINAL_PAYROLL_RECEIVED).exists()

    page.get_by_role("link", name="Reveal the full bank account number").click()
    check_page(page, signed_in=True)
    page.get_by_label("Why does your task need the full number?").fill("The bank returned the test deposit.")
    submit(page, "Reveal the full account number")
    expect(page.get_by_text(ACCOUNT)).to_be_visible()
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Back to the application").click()
    take_action(page, "Approve the award")
    assert Application.objects.get(pk=application.pk).state == Application.State.AWARDED
