"""The member's side of the spousal waiver (issue 18 items 1, 4, 7): start it, follow it, change the spouse's
e-mail, resend a link, and sign the applicant's certification after re-authenticating. Thin: a selector reads, a
form checks, a service writes."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from applications import selectors as application_selectors
from applications.waivers import selectors, services
from applications.waivers.forms import ApplicantSignForm, SpouseEmailForm, StartWaiverForm
from applications.waivers.link_views import mark_signer_device, seen_in
from applications.waivers.presenting import esign_statement, giving_up_words, option_words
from portal.access import member_view
from portal.errors import ServiceError

OWNS = {"application_id": "applications.Application"}
STARTED = "We e-mailed your spouse a link to read and sign the waiver. It works once, for 30 days."
EMAIL_CHANGED = "We sent a new link to your spouse's new address; the old link no longer works."
RESENT = "We sent the link again; the previous one no longer works."
SIGNED = "You signed. We e-mailed your notary a link: they must notarise your signature today."
SIGNED_NOTARY_PRESENT = ("You signed. We e-mailed your notary their link: ask them to open it now on their own phone "
                         "or computer. The notary's page does not open on this device.")


def _run(request, form, write, done):
    """A valid form → the service → a message (``done``: text, or a function of the form's data); the service's
    refusal goes on the form. True when written."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    messages.success(request, done(form.cleaned_data) if callable(done) else done)
    return True


@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def waiver(request, application_id):
    member = request.member
    application = application_selectors.application_for_member(member=member, application_id=application_id)
    current = selectors.current_waiver_for_application(application=application)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    start_form = StartWaiverForm(request.POST if action == "start" else None)
    email_form = SpouseEmailForm(request.POST if action == "email" else None)
    here = redirect("applications:waiver", application_id=application.pk)
    seen = seen_in(request)
    if action == "start" and _run(request, start_form, lambda data: services.start_waiver(
            member=member, application=application, actor=request.user, seen=seen, **data), STARTED):
        return here
    if action == "email" and current and _run(request, email_form, lambda data: services.change_spouse_email(
            member=member, waiver=current, email=data["email"], actor=request.user, seen=seen), EMAIL_CHANGED):
        return here
    if action == "resend" and current:
        try:
            services.resend_link(member=member, waiver=current, actor=request.user, seen=seen)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, RESENT)
        return here
    return render(request, "applications/waiver/member.html", {
        "application": application, "waiver": current, "start_form": start_form, "email_form": email_form,
        "events": selectors.events_for_member(waiver=current) if current else [],
        "giving_up": giving_up_words(current) if current else "",
        "option_words": option_words(current) if current else "",
        "past": selectors.past_rounds_for_application(application=application)})


@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def sign(request, application_id):
    """The applicant's certification (Date B): consented, signed by typing the name, after re-authenticating. The
    application is looked up first, so another member's id is the same 404 whether or not the signer has
    re-authenticated."""
    application = application_selectors.application_for_member(member=request.member, application_id=application_id)
    return _sign(request, application)


@reauthentication_required(allow_get=True)
def _sign(request, application):
    member = request.member
    current = selectors.current_waiver_for_application(application=application)
    signable = current is not None and current.state == current.State.APPLICANT
    form = ApplicantSignForm(request.POST or None)
    if request.method == "POST" and signable and _run(request, form, lambda data: services.applicant_signs(
            member=member, waiver=current, consent=data["esign_consent"], signature=data["signature"],
            notary_name=data["notary_name"], notary_email=data["notary_email"],
            notary_present=data["notary_present"], actor=request.user, seen=seen_in(request), now=timezone.now()),
            lambda data: SIGNED_NOTARY_PRESENT if data["notary_present"] else SIGNED):
        return mark_signer_device(request, redirect("applications:waiver", application_id=application.pk), current)
    return render(request, "applications/waiver/member_sign.html", {
        "application": application, "waiver": current, "form": form, "signable": signable,
        "esign": esign_statement(), "giving_up": giving_up_words(current) if current else "",
        "option_words": option_words(current) if current else ""})
