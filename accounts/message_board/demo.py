"""Demo threads for the demo population (accounts/management/commands/seed_demo.py): every state a thread can be in,
some overdue, written through the services as members and staff would write them.

Idempotent: a demo member who already has a thread gets none. Deterministic: the same threads, texts and order of
events every time; only the clock is the run's own, so "overdue" and "due tomorrow" stay true on the day it runs
(overdue threads start ten or more days back, beyond the longest run of holidays and weekends).
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.message_board import services
from accounts.message_board.models import Thread
from accounts.models import Member, User
from accounts.uploads import validate_upload

REVIEWER, SUPERVISOR = "reviewer@demo.portal.example", "supervisor@demo.portal.example"
T = Thread.Topic

# member's login, topic, events: (how long ago, what, text). What: member, member+file, staff, staff+file, note,
# assign (to the reviewer), close, reopen, read (the member opens the thread).
THREADS = [
    ("margaret@demo.portal.example", T.DIRECT_DEPOSIT, [
        (timedelta(hours=2), "member", "I changed banks last week. Where do I send the details of my new account "
                                       "so my pension deposit goes there?"),
    ]),
    ("darnell@demo.portal.example", T.MISSING_PAYMENT, [
        (timedelta(days=12), "member", "My refund of contributions has not arrived. It was approved last month. "
                                       "Can you tell me when it was sent?"),
    ]),
    ("linda@demo.portal.example", T.MEDICARE, [
        (timedelta(days=10), "member", "I turn 65 in March. Do I need to send you my Medicare card, and by when?"),
        (timedelta(days=9, hours=20), "assign", ""),
        (timedelta(days=9, hours=19), "note", "Checking her Part B date with the insurance unit before answering."),
    ]),
    ("thomas@demo.portal.example", T.RETURN_TO_WORK, [
        (timedelta(days=3), "member", "A state agency offered me part-time work after I retire. Will that affect "
                                      "my pension?"),
        (timedelta(days=2, hours=22), "staff+file", "Working for the state after you retire stops your pension for "
                                                    "the months in which you earn state wages. The attached sheet "
                                                    "explains it; please tell us the start date of the job and we "
                                                    "will explain what happens to each payment."),
    ]),
    ("michael@demo.portal.example", T.BIRTH_OR_ADOPTION, [
        (timedelta(days=8), "member+file", "We adopted our son in September. I attached the court order. Please "
                                           "add him as a dependant."),
        (timedelta(days=7, hours=21), "staff", "Thank you, we received the court order and added your son. You "
                                               "will see him on your insurance page within a week."),
        (timedelta(days=7, hours=20), "read", ""),
    ]),
    ("dorothy@demo.portal.example", T.TAX_WITHHOLDING, [
        (timedelta(days=21), "member", "Please withhold an extra $50 of federal tax from each payment."),
        (timedelta(days=20, hours=22), "staff", "We can do that. Please send a new W-4P form; we cannot change "
                                                "federal withholding from a message alone."),
        (timedelta(days=20), "member", "I mailed the form today."),
        (timedelta(days=16), "staff", "We received your W-4P. The extra $50 starts with your next payment."),
        (timedelta(days=16), "read", ""),
        (timedelta(days=15), "close", ""),
    ]),
    ("susan@demo.portal.example", T.NAME_CHANGE, [
        (timedelta(days=30), "member", "I married in June and changed my last name. What do you need from me?"),
        (timedelta(days=29, hours=22), "staff", "Please upload your marriage certificate and your new Social "
                                                "Security card in Documents."),
        (timedelta(days=25), "close", ""),
        (timedelta(days=2), "reopen", ""),
        (timedelta(days=2), "note", "Reopened: she called to say the upload failed on her phone."),
    ]),
]


def seed_message_board(stdout):
    now = timezone.now()
    staff = {email: User.objects.filter(email=email).first() for email in (REVIEWER, SUPERVISOR)}
    created = 0
    for login, topic, events in THREADS:
        member = Member.objects.select_related("user").filter(user__email=login).first()
        if member is None or Thread.objects.filter(member=member).exists() or None in staff.values():
            continue
        _play(member, topic, events, now, staff)
        created += 1
    # The alert job, as beat runs it every five minutes: the supervisors' overdue list agrees with the queue from
    # the first page a supervisor opens (once per thread, however often the demo is seeded).
    alerted = services.alert_overdue_threads(now=now)
    stdout.write(f"Message board: {created} demo thread(s) added "
                 f"({Thread.objects.filter(member__user__email__endswith='@demo.portal.example').count()} in all), "
                 f"{alerted} overdue alert(s) sent to the supervisors.")


def _play(member, topic, events, now, staff):
    thread = None
    reviewer, supervisor = staff[REVIEWER], staff[SUPERVISOR]
    for ago, what, text in events:
        at = now - ago
        if thread is None:
            attachment = _demo_file("adoption-order.png", "Order of adoption (demo document)") \
                if what == "member+file" else None
            thread = services.start_thread(member=member, topic=topic, body=text, actor=member.user,
                                           attachment=attachment, now=at)
        elif what == "member":
            services.post_member_reply(member=member, thread=thread, body=text, actor=member.user, now=at)
        elif what in ("staff", "staff+file"):
            attachment = _demo_file("working-after-retirement.png", "Working after retirement (fact sheet)") \
                if what == "staff+file" else None
            services.post_staff_reply(thread_id=thread.pk, body=text, staff_user=reviewer, attachment=attachment,
                                      now=at)
        elif what == "note":
            services.add_internal_note(thread_id=thread.pk, body=text, staff_user=supervisor, now=at)
        elif what == "assign":
            services.assign_thread(thread_id=thread.pk, assignee=reviewer, expected_assignee_id=None,
                                   staff_user=supervisor)
        elif what == "close":
            services.close_thread(thread_id=thread.pk, staff_user=reviewer, now=at)
        elif what == "reopen":
            services.reopen_thread(thread_id=thread.pk, staff_user=supervisor, now=at)
        elif what == "read":
            thread.refresh_from_db()
            services.mark_read_by_member(thread=thread, up_to_seq=thread.last_seq)


def _demo_file(name, text):
    """A small picture standing in for a scanned document, passed through the upload validator like any file."""
    image = Image.new("RGB", (640, 400), "white")
    ImageDraw.Draw(image).text((40, 40), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return validate_upload(SimpleUploadedFile(name, buffer.getvalue()))
