"""The member's side of the Message Board: their threads, a new message, one conversation with its reply form."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.message_board import selectors, services
from accounts.message_board.business_days import answer_due, answer_expected
from accounts.message_board.forms import ReplyForm, ThreadStartForm
from accounts.uploads import UploadRejected, upload_throttled
from portal.access import member_view
from portal.client_ip import client_ip
from portal.form_step import submit_form

SENT = "Your message was sent. We will answer by {due} at the latest."  # "{due}." would end in "p.m.."
ATTACHMENT_ERRORS = {UploadRejected: "attachment"}


def _when(moment):
    return dateformat.format(timezone.localtime(moment), "l, F j, g:i a")  # Tuesday, November 24, 5:00 p.m.


def _answer_clock(thread, now):
    """Whether the thread's answer is late, and when it is now expected (issue 15 item 9); None when nothing awaits
    an answer."""
    if thread.due_at is None:
        return None
    return {"overdue": thread.is_overdue(now), "expected_by": answer_expected(thread.due_at, now)}


@member_view
@require_GET
def thread_list(request):
    now = timezone.now()
    return render(request, "message_board/thread_list.html", {
        "threads": [(thread, _answer_clock(thread, now))
                    for thread in selectors.threads_for_member(member=request.member)]})


@member_view
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("body")  # what a member types may hold an SSN until it is masked (issue 15 item 9)
def thread_start(request):
    form = ThreadStartForm(request.POST or None, request.FILES or None, member=request.member)
    status = 200
    if request.method == "POST" and upload_throttled(request, form):
        status = 429
    else:
        sent = submit_form(
            request, form, lambda data: services.start_thread(
                member=request.member, topic=data["topic"], body=data["body"], attachment=data["attachment"],
                actor=request.user, ip_address=client_ip(request)),
            done=lambda thread: SENT.format(due=_when(thread.due_at)),
            then=lambda thread: reverse("message_board:message_thread", args=[thread.pk]), errors_on=ATTACHMENT_ERRORS)
        if sent:
            return sent
    return render(request, "message_board/thread_start.html", {
        "form": form, "due_if_sent_now": answer_due(timezone.now()), "edro": request.member.edro_on_file,
    }, status=status)


@member_view(owns={"thread_id": "message_board.Thread"})
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("body")
def thread_detail(request, thread_id):
    member = request.member
    thread = selectors.thread_for_member(member=member, thread_id=thread_id)
    form = ReplyForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not thread.is_open:
            form.add_error(None, services.THREAD_CLOSED)
        elif upload_throttled(request, form):
            status = 429
        elif sent := submit_form(
                request, form, lambda data: services.post_member_reply(
                    member=member, thread=thread, body=data["body"], attachment=data["attachment"],
                    actor=request.user, ip_address=client_ip(request)),
                done=lambda message: SENT.format(due=_when(message.answer_due_at)),
                then=reverse("message_board:message_thread", args=[thread.pk]), errors_on=ATTACHMENT_ERRORS):
            return sent
    conversation = selectors.messages_for_member(member=member, thread=thread)
    if (request.method == "GET" and conversation
            and services.mark_read_by_member(thread=thread, up_to_seq=conversation[-1].seq)):
        member.inbox.refresh_from_db(fields=["unread_replies"])  # the navigation of this page shows the new count
    return render(request, "message_board/thread_detail.html", {
        "thread": thread, "conversation": conversation, "form": form,
        "unread_from": thread.member_read_seq, "clock": _answer_clock(thread, timezone.now()),
    }, status=status)
