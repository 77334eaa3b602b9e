"""The pages after submission (issue 17 items 4 and 5): the confirmation, the checklist of required proofs with its
uploads and its PDF, the acknowledgment letter, the award letter, the status timeline, and withdrawing. Thin: a selector, a form, a
service, a page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from accounts.uploads import UploadRejected, upload_throttled
from applications import submitted_selectors as selectors
from applications import submitted_services as services
from applications.letters_pdf import checklist_pdf as render_checklist_pdf
from applications.submitted_forms import ChecklistUploadForm, WithdrawForm
from portal.access import member_view
from portal.client_ip import client_ip
from portal.form_step import submit_form

OWNS_APPLICATION = {"application_id": "applications.Application"}


def _application(request, application_id):
    return selectors.application_for_member(member=request.member, application_id=application_id)


@member_view(owns=OWNS_APPLICATION)
@require_GET
def submitted(request, application_id):
    application = _application(request, application_id)
    return render(request, "applications/submitted.html", {"application": application})


@member_view(owns=OWNS_APPLICATION)
@require_http_methods(["GET", "POST"])
def checklist(request, application_id):
    application, today = _application(request, application_id), timezone.localdate()
    view = selectors.checklist_for_application(application=application, today=today)
    posted = request.method == "POST"
    form = ChecklistUploadForm(request.POST if posted else None, request.FILES if posted else None, items=view.items)
    throttled = posted and upload_throttled(request, form)
    here = reverse("applications:checklist", args=[application.pk])
    if not throttled and (done := submit_form(
            request, form, lambda data: services.upload_proof(
                member=request.member, application=application, item_key=data["item"], clean_file=data["file"],
                actor=request.user, today=today),
            done="Your copy is uploaded. Our staff will review it; you will see the result here.", then=here,
            errors_on={UploadRejected: "file", services.AfterSubmissionError: "item"})):
        return done
    status = 429 if throttled else (400 if form.errors else 200)
    posted_item = form.data.get("item", "") if posted else ""
    return render(request, "applications/checklist.html", {
        "application": application, "view": view, "form": form, "accept": form.fields["file"].widget.attrs["accept"],
        "posted_item": posted_item, "posted_item_known": any(item.key == posted_item for item in view.items),
    }, status=status)


@member_view(owns=OWNS_APPLICATION)
@require_GET
def checklist_pdf(request, application_id):
    application, today = _application(request, application_id), timezone.localdate()
    view = selectors.checklist_for_application(application=application, today=today)
    content = render_checklist_pdf(member=request.member, application=application, items=view.items, today=today)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"checklist-{application.reference}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view(owns=OWNS_APPLICATION)
@require_GET
def acknowledgment(request, application_id):
    application = _application(request, application_id)
    letter = selectors.letter_for_application(application=application)
    return render(request, "applications/acknowledgment.html", {"application": application, "letter": letter})


@member_view(owns=OWNS_APPLICATION)
@require_GET
def award(request, application_id):
    """The award letter (issue 19 item 4): what the PDF in Documents says, as a page; a 404 for another member's."""
    application = _application(request, application_id)
    view = selectors.award_letter_for_application(application=application)
    return render(request, "applications/award.html", {"application": application, "award": view})


@member_view(owns=OWNS_APPLICATION)
@require_GET
def status(request, application_id):
    application = _application(request, application_id)
    return render(request, "applications/status.html", {
        "application": application, "status": selectors.status_for_application(application=application),
        "withdrawable_states": services.WITHDRAWABLE_STATES, "changeable_states": services.Application.CHANGEABLE_STATES})


@member_view(owns=OWNS_APPLICATION)
@require_http_methods(["GET", "POST"])
def withdraw(request, application_id):
    application = _application(request, application_id)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    return submit_form(
        request, form, lambda data: services.withdraw_application(
            member=request.member, application=application, actor=request.user,
            ip_address=client_ip(request)),
        done="Your application is withdrawn. We sent a notice to your e-mail.",
        then=reverse("applications:status", args=[application.pk]),
    ) or render(request, "applications/withdraw.html", {
        "application": application, "form": form,
        "withdrawable": application.state in services.WITHDRAWABLE_STATES
        and timezone.localdate() < application.retirement_effective_date,
    }, status=400 if form.errors else 200)
