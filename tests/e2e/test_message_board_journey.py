"""The Message board in a real browser: a member writes with an attachment, a reviewer answers in the admin, the
member reads the answer and the unread count clears (issue 7).

Every page visited passes check_page: axe-core at WCAG 2.1 A/AA, no CSP violation, no console error, a visible way
to sign out once signed in.
"""

import importlib
import io
import re
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.message_board.models import Message, Thread
from accounts.models import OutboundEmail
from tests.e2e.conftest import check_page, submit, totp_code
from tests.e2e.conftest import sign_in as sign_in_with_code
from tests.factories import TEST_PASSWORD, ClaimedMemberFactory, StaffUserFactory, start_message_thread

pytestmark = pytest.mark.e2e

QUESTION = "We adopted our son in September. The court order is attached. Please add him as my dependant."
ANSWER = "Thank you. We added your son; he will appear on your insurance page within a week."


def reviewer_group():
    """The Reviewer group as the data migrations build it (a browser test's database is flushed, and data
    migrations with it), from the migrations' own permission lists."""
    codes = [*importlib.import_module("accounts.migrations.0002_staff_groups").REVIEWER,
             *importlib.import_module("accounts.migrations.0004_message_board_staff_permissions").REVIEWER]
    # accounts/0007 moved the thread's content type, and with it these permissions, into the message_board app.
    codes = [("message_board" if code.endswith("_thread") else app, code) for app, code in codes]
    group, _ = Group.objects.get_or_create(name="Reviewer")
    group.permissions.set([Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codes])
    return group


@pytest.fixture
def member(transactional_db):
    return ClaimedMemberFactory(first_name="Michael", last_name="Osei", user__email="michael@example.org")


@pytest.fixture
def reviewer(transactional_db):
    user = StaffUserFactory(email="robin@ors.example", first_name="Robin", last_name="Reviewer")
    user.groups.add(reviewer_group())
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


def court_order_png():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def sign_in(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    submit(page, "Sign In")


@pytest.fixture
def late_thread(member):
    """A thread the member started three weeks ago that nobody has answered: overdue."""
    with time_machine.travel(timezone.now() - timedelta(days=21), tick=False):
        return start_message_thread(member, topic="MISSING_PAYMENT", body="My payment has not arrived.")


def test_a_member_writes_staff_answer_in_the_admin_and_the_member_reads_the_answer(page, member, reviewer,
                                                                                    late_thread):
    # The member signs in and opens the Message board from the navigation.
    page.goto("/dashboard/")
    sign_in_with_code(page, member.user.email)
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Message board", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message board")
    check_page(page, signed_in=True)

    # A new message with an attachment.
    page.get_by_role("link", name="Write a new message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a new message")
    expect(page.get_by_text("expect our answer by")).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_label("What is your message about?").select_option(label="Birth or adoption")
    page.get_by_role("textbox", name="Your message").fill(f"{QUESTION} My SSN is 123-45-6789.")
    page.get_by_label("Attach a file (optional)").set_input_files(
        {"name": "court-order.png", "mimeType": "image/png", "buffer": court_order_png()})
    submit(page, "Send message")
    # An SSN-shaped number is caught before sending (issue 15 item 9): a warning, and a box to send it masked.
    expect(page.get_by_text("Your message contains a number shaped like a Social Security number")).to_be_visible()
    assert not Thread.objects.filter(member=member, topic="BIRTH_OR_ADOPTION").exists()
    check_page(page, signed_in=True)
    page.get_by_label("Send it anyway, with the number masked").check()
    page.get_by_label("Attach a file (optional)").set_input_files(
        {"name": "court-order.png", "mimeType": "image/png", "buffer": court_order_png()})
    submit(page, "Send message")
    thread = Thread.objects.get(member=member, topic="BIRTH_OR_ADOPTION")
    expect(page).to_have_url(re.compile(rf"/messages/{thread.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Birth or adoption")
    expect(page.get_by_role("status")).to_contain_text("Your message was sent. We will answer by")
    expect(page.get_by_role("link", name="court-order.png")).to_be_visible()
    expect(page.get_by_text("My SSN is •••-••-6789.")).to_be_visible()
    check_page(page, signed_in=True)
    submit(page, "Sign out")

    # A reviewer signs in with their authenticator, finds the thread in the queue and answers it.
    page.goto("/admin/")
    sign_in(page, reviewer.email)
    page.get_by_label("Code").fill(totp_code(reviewer.totp_secret))
    submit(page, "Sign In")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Message threads", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Select message thread to change")
    check_page(page, signed_in=True)
    page.get_by_role("link", name=f"#{thread.pk}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thread #{thread.pk}: Birth or adoption")
    expect(page.get_by_text(QUESTION)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Download the attachment court-order.png"))).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_label("Reply to the member").fill(ANSWER)
    # Staff replies carry attachments too, checked like the member's (issue 15 item 9).
    page.get_by_label("Attach a file (optional)").set_input_files(
        {"name": "insurance-card.png", "mimeType": "image/png", "buffer": court_order_png()})
    submit(page, "Send reply")
    expect(page.get_by_text("Your reply was sent")).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Download the attachment insurance-card.png"))).to_be_visible()
    check_page(page, signed_in=True)
    assert Message.objects.filter(thread=thread, sender="STAFF", body=ANSWER).count() == 1
    notice = OutboundEmail.objects.get(to=member.user.email)
    assert ANSWER not in notice.body and f"/messages/{thread.pk}/" in notice.body
    submit(page, "Log out")

    # The member sees one unread reply in the navigation, reads it, and the count clears.
    page.goto("/dashboard/")
    sign_in_with_code(page, member.user.email)
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Message board 1 unread", exact=True)).to_be_visible()
    check_page(page, signed_in=True)
    navigation.get_by_role("link", name="Message board 1 unread", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Birth or adoption"))).to_contain_text("1 unread")
    check_page(page, signed_in=True)
    # The older thread nobody answered in time says so, and when the answer is now expected.
    expect(page.get_by_role("row", name=re.compile("Missing payment"))).to_contain_text("Overdue")
    page.get_by_role("link", name=re.compile("^Birth or adoption")).click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_role("link", name="insurance-card.png")).to_be_visible()
    expect(page.get_by_text("New", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Message board", exact=True)).to_be_visible()
    check_page(page, signed_in=True)
