"""Staff work in the admin with zero axe violations, like members (issue 15 item 11, "Done when"): the demo reviewer
and supervisor open every list they may see, and one record of each, with the demo population loaded; the pages a
reviewer uses daily (members, a member's record, insurance enrolments and proofs, the message-board queue and a
thread, the audit trail, pay periods) are named, so they cannot drop out of the walk unnoticed.

The lists come from the admin's own registry, so a model registered later is walked too.
"""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from accounts.management.commands.seed_demo import DEMO_PASSWORD, demo_totp_secret
from accounts.message_board.models import Thread
from accounts.models import Member, User
from applications.models import Application
from insurance.models import Enrolment, Proof
from tests.e2e.conftest import sign_in
from tests.e2e.pagewalk import Walk, check_at_every_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("staff_groups_as_migrated")]

ADMIN_WIDTHS = (1280,)  # the office's desks; the staff pages are not laid out for phones


def daily_pages():
    """The reviewer's day (issue 15 item 11): the lists, the demo retiree's record (the one with most on it) and
    one enrolment, proof and thread of the demo data."""
    retiree = Member.objects.filter(status=Member.Status.RETIRED, user__isnull=False).order_by("member_id").first()
    thread = Thread.objects.order_by("-pk").first()
    submitted = Application.objects.exclude(state=Application.State.DRAFT).order_by("pk").first()
    return [
        reverse("admin:accounts_member_changelist"),
        reverse("admin:accounts_member_change", args=[retiree.pk]),
        reverse("admin:insurance_enrolment_changelist"),
        reverse("admin:insurance_enrolment_change", args=[Enrolment.objects.order_by("pk").first().pk]),
        reverse("admin:insurance_proof_changelist"),
        reverse("admin:insurance_proof_change", args=[Proof.objects.order_by("pk").first().pk]),
        reverse("admin:message_board_thread_changelist"),
        reverse("admin:message_board_thread_change", args=[thread.pk]),
        reverse("admin:accounts_auditentry_changelist"),
        reverse("admin:pensions_payperiodreport_changelist"),
        f"{reverse('admin:pensions_payperiodreport_changelist')}?q={retiree.member_id}",
        # The reviewer's queue and a submitted application's page (issue 19; the registry walk's first application
        # is a draft, which the queue does not open).
        reverse("admin:applications_application_changelist"),
        reverse("admin:applications_application_change", args=[submitted.pk]),
    ]


def registry_pages(user):
    """Every list the user may view, and the first record of each (admin.site's registry)."""
    request = RequestFactory().get(reverse("admin:index"))
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        first = model.objects.order_by("pk").first()
        if first is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


# The supervisor may see everything the reviewer may and more (the audit trail): every daily page opens for them.
STAFF = [("reviewer@demo.portal.example", False), ("supervisor@demo.portal.example", True)]


@pytest.mark.parametrize(("email", "sees_every_daily_page"), STAFF, ids=["reviewer", "supervisor"])
def test_staff_open_every_admin_page_they_may_see_with_zero_violations(page, email, sees_every_daily_page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.get(email=email)
    page.goto(reverse("admin:index"))
    sign_in(page, email, password=DEMO_PASSWORD, secret=demo_totp_secret(email))

    walk = Walk()
    daily = daily_pages()
    urls = [reverse("admin:index"), *daily]
    urls += [url for url in registry_pages(user) if url not in urls]
    for url in urls:
        status = page.request.get(url).status  # asked first: a refused page would leave its 403 in the console
        if status == 403:
            assert not (sees_every_daily_page and url in daily), f"the daily page {url} is refused to {email}"
            continue
        assert status == 200, f"{url} answered {status}"
        page.goto(url)
        check_at_every_width(page, walk, signed_in=True, widths=ADMIN_WIDTHS)
    print(f"\n{email}: checked {len(walk.checked)} pages: {walk.checked}")
    assert not walk.problems, walk.report()
