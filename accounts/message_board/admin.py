"""The staff workspace of the Message Board, in the admin: the queue of open threads by answer time, one thread's
conversation with its actions (reply, internal note, assignment, close, reopen), overdue alerts for supervisors.

Every action calls a service (so it is atomic and audited); opening a thread is audited too. The thread page is our
own view, not the model form: nothing of a message can be edited, and each action is a small form of its own.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from accounts.downloads import attachment_response
from accounts.message_board import selectors, services
from accounts.message_board.forms import AssignForm, InternalNoteForm, StaffReplyForm
from accounts.message_board.models import OverdueAlert, Thread
from accounts.uploads import upload_throttled
from pensions.models import System
from portal.admin_mixins import ReadOnlyMixin
from portal.client_ip import client_ip

ACTIONS = ("reply", "note", "assign", "close", "reopen")
DONE = {"reply": "Your reply was sent; the member gets an e-mail that it is waiting.",
        "note": "The internal note was added.", "assign": "The assignment was saved.",
        "close": "The thread was closed.", "reopen": "The thread was reopened."}


class QueueStatusFilter(admin.SimpleListFilter):
    """Open threads unless asked otherwise: the queue is what still needs work."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("closed", "Closed"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "open"
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "all":
            return queryset
        return queryset.filter(status=Thread.Status.CLOSED if value == "closed" else Thread.Status.OPEN)


class OverdueFilter(admin.SimpleListFilter):
    title = "answer time"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "yes":
            return queryset.overdue(now)
        if self.value() == "no":
            return queryset.not_overdue(now)
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class SystemFilter(admin.SimpleListFilter):
    title = "system"
    parameter_name = "system"

    def lookups(self, request, model_admin):
        return System.choices

    def queryset(self, request, queryset):
        return queryset.filter(member__system=self.value()) if self.value() else queryset


class ThreadAdmin(admin.ModelAdmin):
    list_display = ["number", "topic", "member_link", "system", "status", "due", "assigned_to", "last_message_at"]
    list_display_links = ["number", "topic"]
    list_filter = [QueueStatusFilter, "topic", SystemFilter, OverdueFilter, AssignedFilter]
    list_select_related = ["member", "assigned_to"]
    search_fields = ["=id", "=member__member_id", "member__last_name"]
    # The queue: the earliest answer time first; threads that await nothing after them, latest activity first.
    ordering = [F("due_at").asc(nulls_last=True), "-last_message_at", "-id"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # threads start with a member's message

    def has_delete_permission(self, request, obj=None):
        return False

    # -- the queue's columns -------------------------------------------------------------------------------------

    @admin.display(description="thread", ordering="id")
    def number(self, thread):
        return f"#{thread.pk}"

    @admin.display(description="member", ordering="member__last_name")
    def member_link(self, thread):
        return format_html('<a href="{}">{} ({})</a>', reverse("admin:accounts_member_change", args=[thread.member_id]),
                           thread.member.full_name, thread.member.member_id)

    @admin.display(description="system", ordering="member__system")
    def system(self, thread):
        return thread.member.system

    @admin.display(description="answer due", ordering=F("due_at").asc(nulls_last=True))
    def due(self, thread):
        if thread.due_at is None:
            return "—"
        when = dateformat.format(timezone.localtime(thread.due_at), "M j, Y, g:i a")
        if thread.is_overdue(timezone.now()):
            return format_html('<strong class="thread-overdue">Overdue</strong> since {}', when)
        return when

    # -- one thread ----------------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:thread_id>/act/<str:action>/", wrap(self.action_view), name="message_board_thread_act"),
            path("<int:thread_id>/attachment/<int:message_id>/", wrap(self.attachment_view),
                 name="message_board_thread_attachment"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        found = self.get_object(request, unquote(object_id))  # None for a missing or malformed id
        if found is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        thread = selectors.thread_for_staff(thread_id=found.pk)
        services.record_staff_view(thread=thread, staff_user=request.user, ip_address=client_ip(request))
        return self._thread_page(request, thread)

    def action_view(self, request, thread_id, action):
        """POST one of ACTIONS. Refused input shows the thread again with the message (and what was typed); nothing
        changes."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in ACTIONS or not self.has_change_permission(request):
            raise PermissionDenied
        thread = selectors.thread_for_staff(thread_id=thread_id)
        form = self._bound_form(action, request)
        if form is not None and upload_throttled(request, form):  # files are costly to check, staff's too
            return self._thread_page(request, thread, {f"{action}_form": form}, status=429)
        if form is not None and not form.is_valid():
            return self._thread_page(request, thread, {f"{action}_form": form}, status=400)
        try:
            self._perform(action, request, thread, form.cleaned_data if form is not None else {})
        except services.MessageBoardError as error:
            messages.error(request, str(error))
            # What was typed is kept, except a stale assignment: the page shows the assignment as it is now.
            kept = {f"{action}_form": form} if form is not None and action != "assign" else {}
            return self._thread_page(request, selectors.thread_for_staff(thread_id=thread_id), kept, status=409)
        messages.success(request, DONE[action])
        return redirect("admin:message_board_thread_change", thread.pk)

    def attachment_view(self, request, thread_id, message_id):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        message = selectors.message_with_attachment_for_staff(thread_id=thread_id, message_id=message_id)
        services.record_staff_download(thread=message.thread, message=message, staff_user=request.user,
                                       ip_address=client_ip(request))
        return attachment_response(message.document)

    def _bound_form(self, action, request):
        if action == "reply":
            return StaffReplyForm(request.POST, request.FILES, auto_id="id_reply_%s")
        if action == "note":
            return InternalNoteForm(request.POST, auto_id="id_note_%s")
        if action == "assign":
            return AssignForm(request.POST, answerers=selectors.staff_who_can_answer())
        return None

    def _perform(self, action, request, thread, data):
        who = {"staff_user": request.user, "ip_address": client_ip(request)}
        if action == "reply":
            services.post_staff_reply(thread_id=thread.pk, body=data["body"], attachment=data.get("attachment"), **who)
        elif action == "note":
            services.add_internal_note(thread_id=thread.pk, body=data["body"], **who)
        elif action == "assign":
            services.assign_thread(thread_id=thread.pk, assignee=data["assignee"],
                                   expected_assignee_id=data["expected"], **who)
        elif action == "close":
            services.close_thread(thread_id=thread.pk, **who)
        else:
            services.reopen_thread(thread_id=thread.pk, **who)

    def _thread_page(self, request, thread, forms=None, status=200):
        conversation, notes = selectors.conversation_for_staff(thread=thread)
        forms = forms or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "title": f"Thread #{thread.pk}: {thread.get_topic_display()}",
            "thread": thread, "conversation": conversation, "notes": notes,
            "overdue": thread.is_overdue(timezone.now()),
            "can_act": self.has_change_permission(request, thread),
            "reply_form": forms.get("reply_form") or StaffReplyForm(auto_id="id_reply_%s"),
            "note_form": forms.get("note_form") or InternalNoteForm(auto_id="id_note_%s"),
            "assign_form": forms.get("assign_form") or AssignForm(
                answerers=selectors.staff_who_can_answer(),
                initial={"assignee": thread.assigned_to_id, "expected": thread.assigned_to_id}),
        }
        return TemplateResponse(request, "message_board/admin_thread.html", context, status=status)


def _still_overdue(now):
    """Alerts whose thread is still overdue for the answer time alerted: by the queue's own rule (Thread.objects
    .overdue), so the supervisors' list and the queue's Overdue filter name the same threads, each once."""
    return Q(thread__in=Thread.objects.overdue(now), thread__due_at=F("due_at"))


class StillOverdueFilter(admin.SimpleListFilter):
    """The threads still overdue unless asked otherwise: what a supervisor has to chase."""

    title = "now"
    parameter_name = "now"

    def lookups(self, request, model_admin):
        return [("overdue", "Still overdue"), ("settled", "Answered or closed since"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "overdue"
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value() or "overdue"
        if value == "all":
            return queryset
        still = _still_overdue(timezone.now())
        return queryset.filter(still) if value == "overdue" else queryset.exclude(still)


class OverdueAlertAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["thread_link", "member", "due_at", "created_at", "now"]
    # The first column is already a link to the thread: the admin's own link around it would nest two anchors (the
    # browser splits them, leaving an empty link, axe link-name).
    list_display_links = None
    list_filter = [StillOverdueFilter]
    list_select_related = ["thread", "thread__member"]
    ordering = ["due_at", "id"]  # the longest overdue first, as in the queue
    date_hierarchy = "created_at"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": (
            "Threads still overdue, as the queue's Overdue filter lists them; a thread joins this list when the "
            "alert job (every five minutes) tells the supervisors.")})

    @admin.display(description="thread", ordering="thread_id")
    def thread_link(self, alert):
        return format_html('<a href="{}">#{} {}</a>', reverse("admin:message_board_thread_change", args=[alert.thread_id]),
                           alert.thread_id, alert.thread.get_topic_display())

    @admin.display(description="member", ordering="thread__member__last_name")
    def member(self, alert):
        return f"{alert.thread.member.full_name} ({alert.thread.member.member_id})"

    @admin.display(description="now")
    def now(self, alert):
        thread = alert.thread
        if thread.is_overdue(timezone.now()) and thread.due_at == alert.due_at:
            return "Still overdue"
        if not thread.is_open:
            return "Closed"
        if thread.due_at is None:
            return "Answered"
        return "Answered; a later message awaits an answer"


admin.site.register(Thread, ThreadAdmin)
admin.site.register(OverdueAlert, OverdueAlertAdmin)
