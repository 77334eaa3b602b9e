"""From submission to retirement in the admin and the portal (issue 19, "Done when"): a reviewer signs in with the
second factor, opens a submitted application from the queue, starts the review and rejects a proof with a reason;
the member uploads it again; the reviewer accepts it, records the final payroll, starts the calculation and
recalculates; a supervisor approves (four eyes); the award letter is written on the approval's commit (tasks run in
process); the member reads it and the timeline; on the RED the beat job makes the member a retiree and the
dashboard shows the awarded pension instead of the application. axe and the other checks on every page visited.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Member
from applications.models import Application, ApplicationProof, AwardLetter
from applications.rules.pay_dates import next_pay_date
from applications.tasks import make_retirees_task
from portal.templatetags.portal_format import long_date, money
from tests.accounts.messaging_factories import png_bytes
from tests.applications.application_factories import RED, submitted_application, upload
from tests.applications.staff_factories import staff_in
from tests.e2e import staff_steps as staff
from tests.e2e.conftest import check_page, sign_in, submit
from tests.e2e.pagewalk import check_page_at_every_width
from tests.factories import ClaimedMemberFactory
from tests.pensions.factories import biweekly_history

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("staff_groups_as_migrated")]
State = Application.State
REJECTED_BECAUSE = "The copy is too blurred to read the date of birth."


def proof_of_age(member):
    return f"Proof of your age for {member.full_name}"


def member_signs_in(page, member, url):
    page.goto(url)
    sign_in(page, member.user.email)
    check_page_at_every_width(page, signed_in=True)


def the_reviewer_starts_the_review_and_rejects_the_proof(page, reviewer, application):
    staff.staff_sign_in(page, reviewer)
    page.goto(reverse("admin:applications_application_changelist"))
    check_page(page, signed_in=True)
    page.get_by_role("link", name=application.reference).click()
    check_page(page, signed_in=True)
    staff.take_action(page, "Start the review")
    expect(page.get_by_text("Under review").first).to_be_visible()
    page.get_by_role("link", name=re.compile("^Proof of (your |the member's )?age")).click()
    check_page(page, signed_in=True)
    page.get_by_label("Do not accept it").check()
    page.get_by_label("Reason (the member reads it as written)").fill(REJECTED_BECAUSE)
    submit(page, staff.SAVE)
    check_page(page, signed_in=True)
    staff.sign_out_of_admin(page)


def the_member_uploads_it_again(page, member, application):
    member_signs_in(page, member, reverse("applications:checklist", args=[application.pk]))
    expect(page.get_by_text(REJECTED_BECAUSE)).to_be_visible()
    page.get_by_label(f"Upload a new copy: {proof_of_age(member)}", exact=True).set_input_files(
        {"name": "birth-certificate.png", "mimeType": "image/png", "buffer": png_bytes()})
    submit(page, f"Upload {proof_of_age(member)}")
    expect(page.get_by_text("Your copy is uploaded.")).to_be_visible()
    check_page(page, signed_in=True)
    submit(page, "Sign out")


def the_reviewer_accepts_it_and_calculates(page, reviewer, application):
    staff.staff_sign_in(page, reviewer)
    resent = ApplicationProof.objects.get(application=application, status=ApplicationProof.Status.SUBMITTED)
    page.goto(reverse("admin:applications_applicationproof_change", args=[resent.pk]))
    check_page(page, signed_in=True)
    page.get_by_label("Accept the proof").check()
    submit(page, staff.SAVE)
    check_page(page, signed_in=True)
    staff.open_application(page, application)
    staff.load_final_pay_report(page, application)
    staff.take_action(page, "Start the calculation")
    staff.take_action(page, "Recalculate the pension")
    table = page.get_by_role("table", name="The member's preliminary estimate and the final calculation")
    expect(table.get_by_role("row", name=re.compile("Final average compensation"))).to_be_visible()
    staff.sign_out_of_admin(page)


def the_supervisor_approves(page, supervisor, application):
    staff.staff_sign_in(page, supervisor)
    staff.open_application(page, application)
    staff.take_action(page, "Approve the award")
    expect(page.get_by_text("Awarded").first).to_be_visible()
    staff.sign_out_of_admin(page)


def test_a_submitted_application_is_reviewed_awarded_and_its_member_retires_on_the_red(page):
    member = ClaimedMemberFactory(first_name="Frances", user__email="frances.review@example.org")
    biweekly_history(member, years=12)  # the actual pay records the final calculation reads
    application = submitted_application(member)
    upload(application, "own:MEMBER_AGE")
    reviewer, supervisor = staff_in("Reviewer"), staff_in("Supervisor")

    the_reviewer_starts_the_review_and_rejects_the_proof(page, reviewer, application)
    the_member_uploads_it_again(page, member, application)
    the_reviewer_accepts_it_and_calculates(page, reviewer, application)
    the_supervisor_approves(page, supervisor, application)

    application.refresh_from_db()
    assert application.state == State.AWARDED
    letter = AwardLetter.objects.select_related("calculation").get(calculation__application=application)
    assert letter.calculation.calculated_by == reviewer and letter.calculation.approved_by == supervisor

    # The member reads the timeline and the award letter.
    member_signs_in(page, member, reverse("applications:status", args=[application.pk]))
    expect(page.get_by_role("heading", name="Your pension is awarded")).to_be_visible()
    timeline = page.get_by_role("list").filter(has_text="Award letter sent")
    for stage in ("Final payroll received from your employer", "Pension calculated", "Award letter sent"):
        expect(timeline.get_by_role("listitem").filter(has_text=stage)).to_contain_text("Done on")
    page.get_by_role("link", name="Read your award letter").click()
    check_page_at_every_width(page, signed_in=True)
    expect(page.get_by_text(f"${money(letter.content['monthly']['net'])}").first).to_be_visible()
    submit(page, "Sign out")

    # The RED comes: the beat job runs that day, and the member's dashboard is a retiree's.
    with time_machine.travel(datetime.datetime.combine(RED, datetime.time(15), tzinfo=datetime.UTC), tick=True):
        make_retirees_task()
        assert Member.objects.get(pk=member.pk).status == Member.Status.RETIRED
        member_signs_in(page, member, reverse("accounts:dashboard"))
        pension = page.get_by_role("region", name="Your pension")
        monthly = letter.content["monthly"]
        expect(pension).to_contain_text(f"${money(monthly['gross'])}")
        expect(pension).to_contain_text(f"${money(monthly['net'])}")
        expect(pension).to_contain_text(long_date(next_pay_date(RED)))
        for planning in ("Your retirement application", "When you could retire"):  # the active member's cards
            expect(page.get_by_role("heading", name=planning)).to_have_count(0)
