"""Members of each status walk every page of their portal, at 1280 and 390 px (issue 15 items 10 and 11, "Done
when"): zero axe violations (WCAG 2.1 A/AA), no CSP violation or console error, a visible sign-out control, and no
sideways scroll (the document is no wider than the viewport).

The pages are found by walking the URL resolver (tests/e2e/pagewalk.py), so a page added later is walked too; the
members are the demo population's (``seed_demo``): long records, saved estimates, insurance with dependents,
message threads. The statuses are those whose portals differ (portal.member_portal).
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.management.commands.seed_demo import DEMO_PASSWORD, demo_second_factor, demo_totp_secret
from accounts.models import Member, User
from tests.e2e.conftest import sign_in
from tests.e2e.pagewalk import Walk, account_and_public_pages, member_pages, visit

# The demo data is loaded into a database the browser tests flush after each test; the demo's staff need the groups
# the migrations made (staff_groups_as_migrated puts them back).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("staff_groups_as_migrated")]

STATUSES = [Member.Status.ACTIVE, Member.Status.DEFERRED, Member.Status.RETIRED]


def demo_member(status):
    """A demo member of ``status`` with a login; a status the demo gives no login (deferred) gets one, made the way
    seed_demo makes its own, on the first demo record of that status."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command closes nothing of ours
    member = (Member.objects.filter(status=status, user__isnull=False).order_by("member_id").first()
              or Member.objects.filter(status=status).order_by("member_id").first())
    if member.user_id is None:
        email = f"{member.first_name.lower()}@demo.portal.example"
        member.user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=member.first_name,
                                               last_name=member.last_name)
        member.save(update_fields=["user"])
        EmailAddress.objects.create(user=member.user, email=email, verified=True, primary=True)
        demo_second_factor(member.user)
    return member


@pytest.mark.parametrize("status", STATUSES, ids=[status.lower() for status in STATUSES])
def test_a_member_walks_every_page_of_their_portal_at_desktop_and_phone_widths(page, status):
    member = demo_member(status)
    page.goto(reverse("account_login"))
    sign_in(page, member.user.email, password=DEMO_PASSWORD, secret=demo_totp_secret(member.user.email))

    walk = Walk()
    for name, url, no_object in member_pages(page, member):
        if no_object:
            walk.skipped[name] = no_object
            continue
        visit(page, walk, url, signed_in=True, password=DEMO_PASSWORD)
    for url in account_and_public_pages():
        visit(page, walk, url, signed_in=None, must_be_a_page=False, password=DEMO_PASSWORD)

    # Each member page is checked, skipped as a download or a POST-only form, or reported as a problem (visit);
    # this guards against a walk that silently finds nothing.
    assert {"/dashboard/", "/documents/", "/insurance/", "/service-credit/"} <= walk.paths_checked()
    print(f"\n{status}: checked {len(walk.checked)} pages: {walk.checked}\nskipped: {walk.skipped}")
    assert not walk.problems, walk.report()
