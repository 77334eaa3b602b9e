"""Steps staff take in the admin in the journeys of issue 19: signing in with the second factor and the password
again (an application's page asks for a recent sign-in), opening an application, and taking its next action through
the page's form (the final payroll: uploading the employer's final pay report) — each page checked (axe, CSP, console, sign-out) on the way."""

import re

from django.urls import reverse

from tests.applications.staff_factories import final_pay_report
from tests.e2e.conftest import check_page, sign_in, submit
from tests.e2e.pagewalk import reauthenticate
from tests.factories import TEST_PASSWORD

STAFF_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # tests.applications.staff_factories.staff_in
SAVE = "Save and continue editing"


def staff_sign_in(page, user):
    """Sign in to the admin with the authenticator code, then confirm the password (a recent sign-in)."""
    page.goto(reverse("admin:index"))
    sign_in(page, user.email, secret=STAFF_SECRET)
    check_page(page, signed_in=True)
    reauthenticate(page, TEST_PASSWORD)


def open_application(page, application):
    page.goto(reverse("admin:applications_application_change", args=[application.pk]))
    check_page(page, signed_in=True)


def take_action(page, action, *, fields=None, files=None):
    """Choose ``action`` (its label on the page) as the next action, fill ``fields`` (label → text), choose
    ``files`` (label → Playwright file payload) and save."""
    page.get_by_label(action, exact=False).check()
    for label, value in (fields or {}).items():
        page.get_by_label(label, exact=False).fill(value)
    for label, payload in (files or {}).items():
        page.get_by_label(re.compile(f"^{re.escape(label)}")).set_input_files(payload)
    submit(page, SAVE)
    check_page(page, signed_in=True)


def load_final_pay_report(page, application):
    """Record the final payroll: upload the employer's final pay report for the member (its final period)."""
    report = final_pay_report(application)
    take_action(page, "Record that the final payroll has arrived", files={
        "The employer's final pay report": {"name": report.name, "mimeType": "text/csv", "buffer": report.content}})


def sign_out_of_admin(page):
    submit(page, "Log out")
