"""The member's insurance pages: thin — a selector reads, a form checks, a service writes, a message confirms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.uploads import UploadRejected, upload_throttled
from insurance import selectors, services
from insurance.forms import (
    ConfirmDateForm,
    ConfirmForm,
    DependentForm,
    DivorceForm,
    EnrolmentForm,
    LifeBeneficiaryForm,
    MedicareForm,
    ProofUploadForm,
    VerificationForm,
)
from insurance.models import Enrolment, MedicareMix, Relation
from portal.access import member_view
from portal.form_step import submit_form

OWNS_DEPENDENT = {"dependent_id": "insurance.Dependent"}
OWNS_ENROLMENT = {"enrolment_id": "insurance.Enrolment"}
OWNS_BENEFICIARY = {"beneficiary_id": "insurance.LifeBeneficiary"}
NOTHING_TO_UPLOAD = "There is no proof to upload here."


def _render(request, template, context, status=200):
    return render(request, template, {"figures": selectors.RULE_FIGURES, **context}, status=status)


def _data(request):
    """The submitted data, or None for a GET: an empty POST is still a POST, to refuse with a message."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _long(day):
    return f"{day:%B} {day.day}, {day.year}"


@member_view
@require_GET
def overview(request):
    member, today = request.member, timezone.localdate()
    profile = selectors.profile_for_member(member=member)
    summary = selectors.coverage_summary_for_member(member=member, on=today, profile=profile)
    dependents = selectors.dependents_for_member(member=member)
    return _render(request, "insurance/overview.html", {
        "member": member, "profile": profile, "summary": summary, "today": today,
        "statuses": selectors.dependent_statuses(member=member, dependents=dependents, on=today),
        "open": selectors.situations_open_to(member=member, profile=profile, on=today, enrolments=summary.history),
        "medicare": selectors.medicare_explanation(birth_date=member.date_of_birth, person=profile, on=today),
        "verifications": selectors.pending_verifications_for_member(member=member),
        "life": selectors.life_summary_for_member(member=member, on=today, profile=profile, dependents=dependents),
    })


@member_view
@require_GET
def plans(request):
    address, offered = selectors.plans_for_member(member=request.member, on=timezone.localdate())
    return _render(request, "insurance/plans.html",
                   {"address": address, "offered": offered, "mixes": MedicareMix.labels})


# ---------------------------------------------------------------------------------------------------------------
# Medicare
# ---------------------------------------------------------------------------------------------------------------

def _medicare_page(request, *, person, birth_date, name, dependent=None):
    enrolled = (MedicareForm.ENROLLED_AB if person.medicare_part_b else
                MedicareForm.ENROLLED_A if person.medicare_part_a else None)
    form = MedicareForm(_data(request), masked_number=person.masked_medicare_number, initial={
        "enrolled": enrolled, "medicare_part_a": person.medicare_part_a, "medicare_part_b": person.medicare_part_b,
        "individual_part_d": person.individual_part_d})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_medicare(member=request.member, dependent=dependent, actor=request.user,
                               medicare_number=data["medicare_number"], part_a=data["medicare_part_a"],
                               part_b=data["medicare_part_b"], individual_part_d=data["individual_part_d"])
        messages.success(request, f"Medicare for {name} is saved.")
        return redirect("insurance:dependent" if dependent else "insurance:overview",
                        **({"dependent_id": dependent.pk} if dependent else {}))
    return _render(request, "insurance/medicare.html", {
        "form": form, "person": person, "name": name, "dependent": dependent,
        "explanation": selectors.medicare_explanation(birth_date=birth_date, person=person,
                                                      on=timezone.localdate())})


@member_view
@require_http_methods(["GET", "POST"])
def medicare(request):
    member = request.member
    return _medicare_page(request, person=selectors.profile_for_member(member=member),
                          birth_date=member.date_of_birth, name="you")


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent_medicare(request, dependent_id):
    dependent = selectors.dependent_for_member(member=request.member, dependent_id=dependent_id)
    return _medicare_page(request, person=dependent, birth_date=dependent.birth_date, name=dependent.full_name,
                          dependent=dependent)


# ---------------------------------------------------------------------------------------------------------------
# Dependents and proofs
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_http_methods(["GET", "POST"])
def dependent_add(request):
    form = DependentForm(_data(request))
    return submit_form(
        request, form, lambda data: services.add_dependent(member=request.member, actor=request.user, **data),
        done=lambda dependent: f"{dependent.full_name} is added. Upload the proofs listed below.",
        then=lambda dependent: reverse("insurance:dependent", args=[dependent.pk]),
    ) or _render(request, "insurance/dependent_form.html", {"form": form, "dependent": None})


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent_edit(request, dependent_id):
    dependent = selectors.dependent_for_member(member=request.member, dependent_id=dependent_id)
    form = DependentForm(_data(request), instance=dependent)
    # The form only checks; the service changes the row (a fresh copy, so a refused change leaves no trace).
    return submit_form(
        request, form, lambda data: services.change_dependent(
            member=request.member, actor=request.user,
            dependent=selectors.dependent_for_member(member=request.member, dependent_id=dependent_id),
            **{name: data[name] for name in form.Meta.fields}),
        done=lambda fresh: f"The details of {fresh.full_name} are saved.",
        then=reverse("insurance:dependent", args=[dependent_id]),
    ) or _render(request, "insurance/dependent_form.html", {"form": form, "dependent": dependent})


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent_delete(request, dependent_id):
    """Take back a dependent added by mistake, before their coverage begins."""
    member = request.member
    dependent = selectors.dependent_for_member(member=member, dependent_id=dependent_id)
    form = ConfirmForm(_data(request), label=f"Take {dependent.full_name} off my records: added by mistake")
    return submit_form(
        request, form, lambda data: services.delete_dependent(member=member, dependent=dependent, actor=request.user),
        done=lambda name: f"{name} is taken off your records.", then="insurance:overview",
    ) or _render(request, "insurance/dependent_delete.html", {
        "dependent": dependent, "form": form, "refusal": services.NOT_DELETABLE.format(name=dependent.full_name),
        "deletable": selectors.dependent_deletable(member=member, dependent=dependent, on=timezone.localdate())},
        status=400 if form.errors else 200)


def _upload(request, form, then, **target):
    """Store an uploaded proof through the foundation's validator: the redirect to ``then`` once stored, else None
    with the refusal on the form (the caller has checked the upload limit)."""
    return submit_form(
        request, form, lambda data: services.upload_proof(member=request.member, kind=data["kind"],
                                                          clean_file=data["file"], actor=request.user, **target),
        done="Your proof is uploaded. Our staff will review it; you will see the result here.", then=then,
        errors_on={UploadRejected: "file", services.InsuranceError: "kind"})


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent(request, dependent_id):
    member, today = request.member, timezone.localdate()
    dependent = selectors.dependent_for_member(member=member, dependent_id=dependent_id)
    status = selectors.dependent_statuses(member=member, dependents=[dependent], on=today)[0]
    form = ProofUploadForm(_data(request), _files(request), lines=status.proofs)
    throttled = request.method == "POST" and upload_throttled(request, form)
    if not throttled and (uploaded := _upload(request, form, reverse("insurance:dependent", args=[dependent.pk]),
                                              dependent=dependent)):
        return uploaded
    return _render(request, "insurance/dependent.html", {
        "dependent": dependent, "status": status, "form": form,
        "deletable": selectors.dependent_deletable(member=member, dependent=dependent, on=today),
        "covered": selectors.dependent_covered(member=member, dependent=dependent, on=today),
        "medicare": selectors.medicare_explanation(birth_date=dependent.birth_date, person=dependent, on=today)},
        status=429 if throttled else 200)


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent_remove(request, dependent_id):
    member, today = request.member, timezone.localdate()
    dependent = selectors.dependent_for_member(member=member, dependent_id=dependent_id)
    ends_on = selectors.cancellation_ends_on(today)
    form = ConfirmDateForm(_data(request), initial={"shown_date": ends_on},
                           label=f"Stop covering {dependent.full_name} after {_long(ends_on)}")
    return submit_form(
        request, form, lambda data: services.remove_dependent(member=member, dependent=dependent, actor=request.user,
                                                              shown_ends_on=data["shown_date"]),
        done=f"{dependent.full_name} is covered until {_long(ends_on)}.",
        then=reverse("insurance:dependent", args=[dependent.pk])) or _render(
        request, "insurance/dependent_remove.html", {
            "dependent": dependent, "form": form, "ends_on": ends_on,
            "covered": selectors.dependent_covered(member=member, dependent=dependent, on=today)})


@member_view(owns=OWNS_DEPENDENT)
@require_http_methods(["GET", "POST"])
def dependent_divorce(request, dependent_id):
    """Step 1: the divorce date. Step 2: the end of the former spouse's coverage, in words, then the confirmation."""
    member = request.member
    dependent = selectors.dependent_for_member(member=member, dependent_id=dependent_id)
    is_spouse = dependent.relation == Relation.SPOUSE
    form = DivorceForm(_data(request))
    confirm, ends_on, refused = None, None, ""
    if request.method == "POST" and not is_spouse:
        return _render(request, "insurance/dependent_divorce.html",
                       {"dependent": dependent, "form": form, "is_spouse": False, "refused": services.NOT_A_SPOUSE},
                       status=400)
    if request.method == "POST" and form.is_valid():
        ends_on = selectors.divorce_ends_on(form.cleaned_data["divorce_date"])
        label = f"Coverage for {dependent.full_name} ends on {_long(ends_on)}: record the divorce"
        if "confirm-shown_date" in request.POST:
            confirm = ConfirmDateForm(request.POST, prefix="confirm", label=label)
            if confirm.is_valid():
                try:
                    services.record_divorce(member=member, dependent=dependent, actor=request.user,
                                            divorce_date=form.cleaned_data["divorce_date"],
                                            shown_ends_on=confirm.cleaned_data["shown_date"])
                except services.InsuranceError as error:
                    confirm, refused = ConfirmDateForm(prefix="confirm", label=label,
                                                       initial={"shown_date": ends_on}), error.message
                else:
                    messages.success(request, f"The divorce is recorded. {dependent.full_name} is covered until "
                                              f"{_long(ends_on)}.")
                    return redirect("insurance:dependent", dependent_id=dependent.pk)
        else:
            confirm = ConfirmDateForm(prefix="confirm", label=label, initial={"shown_date": ends_on})
    return _render(request, "insurance/dependent_divorce.html", {
        "dependent": dependent, "form": form, "confirm": confirm, "ends_on": ends_on, "is_spouse": is_spouse,
        "refused": refused})


# ---------------------------------------------------------------------------------------------------------------
# Enrolment and changes
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_http_methods(["GET", "POST"])
def enrol(request):
    member, today = request.member, timezone.localdate()
    profile = selectors.profile_for_member(member=member)
    open_ = selectors.situations_open_to(member=member, profile=profile, on=today)
    form = None
    if open_.situations:
        form = EnrolmentForm(_data(request), situations=open_.situations,
                             plans_by_line=selectors.offered_plan_choices(member=member, on=today),
                             dependents=selectors.dependents_for_member(member=member, with_proofs=False),
                             initial=selectors.current_choices_for_member(member=member, on=today))
        started = submit_form(
            request, form, lambda data: services.start_enrolment(
                member=member, actor=request.user, situation=data["situation"], plans=form.plans(),
                dependents=data["dependents"], qualifying_event=data["qualifying_event"],
                event_date=data["event_date"]),
            done=None, then=lambda enrolment: reverse("insurance:enrolment", args=[enrolment.pk]))
        if started:
            return started
    refused = request.method == "POST" and form is None
    return _render(request, "insurance/enrol.html", {"form": form, "open": open_, "refused": refused},
                   status=400 if refused else 200)


@member_view(owns=OWNS_ENROLMENT)
@require_http_methods(["GET", "POST"])
def enrolment(request, enrolment_id):
    member, today = request.member, timezone.localdate()
    enrolment = selectors.enrolment_for_member(member=member, enrolment_id=enrolment_id)
    draft = enrolment.status == Enrolment.Status.DRAFT
    preview = selectors.enrolment_preview(member=member, enrolment=enrolment, on=today) if draft else None
    form = ProofUploadForm(_data(request), _files(request),
                           lines=preview.event_proofs if preview else [])
    refused, throttled = "", False
    if request.method == "POST":
        if preview and preview.event_proofs:
            throttled = upload_throttled(request, form)
            if not throttled and (uploaded := _upload(request, form, reverse("insurance:enrolment",
                                                                              args=[enrolment.pk]),
                                                      enrolment=enrolment)):
                return uploaded
        else:
            refused = NOTHING_TO_UPLOAD
    return _render(request, "insurance/enrolment.html", {
        "enrolment": enrolment, "preview": preview, "form": form, "refused": refused,
        "withdrawable": selectors.enrolment_withdrawable(enrolment=enrolment, on=today)},
        status=400 if refused else 429 if throttled else 200)


@member_view(owns=OWNS_ENROLMENT)
@require_http_methods(["GET", "POST"])
def enrolment_confirm(request, enrolment_id):
    """The date coverage begins and the rule behind it, in words; the member ticks that they read it, then submits."""
    member, today = request.member, timezone.localdate()
    enrolment = selectors.enrolment_for_member(member=member, enrolment_id=enrolment_id)
    if enrolment.status != Enrolment.Status.DRAFT:
        if request.method == "GET":
            return redirect("insurance:enrolment", enrolment_id=enrolment.pk)
        return _render(request, "insurance/enrolment_confirm.html",
                       {"enrolment": enrolment, "preview": None, "form": None, "refused": services.NOT_A_DRAFT},
                       status=400)
    preview = selectors.enrolment_preview(member=member, enrolment=enrolment, on=today)
    begins = preview.decision.coverage_begins if preview.decision else None
    comparison = selectors.change_comparison(member=member, enrolment=enrolment, begins=begins) if begins else None
    label = (f"I have read that my coverage begins on {_long(begins)}, and I want to submit this request"
             if begins else "I want to submit this request")
    form = ConfirmDateForm(_data(request), label=label, initial={"shown_date": begins})
    changed = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_enrolment(member=member, enrolment_id=enrolment.pk, actor=request.user,
                                      shown_coverage_begins=form.cleaned_data["shown_date"])
        except services.DateChanged as error:
            # The page below already shows today's date: ask again, with it.
            form, changed = ConfirmDateForm(label=label, initial={"shown_date": error.new_date}), error.message
        except services.InsuranceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Your request is submitted. Coverage begins on {_long(begins)}.")
            return redirect("insurance:enrolment", enrolment_id=enrolment.pk)
    return _render(request, "insurance/enrolment_confirm.html", {
        "enrolment": enrolment, "preview": preview, "form": form, "refused": changed, "today": today,
        "comparison": comparison})


@member_view(owns=OWNS_ENROLMENT)
@require_http_methods(["GET", "POST"])
def enrolment_withdraw(request, enrolment_id):
    """Take back a submitted request before it begins: what the member had runs on."""
    member = request.member
    enrolment = selectors.enrolment_for_member(member=member, enrolment_id=enrolment_id)
    form = ConfirmForm(_data(request), label="Withdraw this request and keep the coverage I have now")
    return submit_form(
        request, form, lambda data: services.withdraw_enrolment(member=member, enrolment_id=enrolment.pk,
                                                                actor=request.user),
        done="Your request is withdrawn: nothing of it takes effect, and your coverage continues as it was.",
        then="insurance:overview",
    ) or _render(request, "insurance/enrolment_withdraw.html", {
        "enrolment": enrolment, "form": form, "refusal": services.NOT_WITHDRAWABLE,
        "withdrawable": selectors.enrolment_withdrawable(enrolment=enrolment, on=timezone.localdate())},
        status=400 if form.errors else 200)


@member_view
@require_http_methods(["GET", "POST"])
def cancel(request):
    member, today = request.member, timezone.localdate()
    ends_on = selectors.cancellation_ends_on(today)
    form = ConfirmDateForm(_data(request), initial={"shown_date": ends_on},
                           label=f"Cancel all my insurance after {_long(ends_on)}")
    changed = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_coverage(member=member, actor=request.user, shown_ends_on=form.cleaned_data["shown_date"])
        except services.DateChanged as error:
            form = ConfirmDateForm(initial={"shown_date": error.new_date},
                                   label=f"Cancel all my insurance after {_long(error.new_date)}")
            ends_on, changed = error.new_date, error.message
        except services.InsuranceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Your insurance is cancelled. You are covered until {_long(ends_on)}.")
            return redirect("insurance:overview")
    return _render(request, "insurance/cancel.html", {
        "form": form, "ends_on": ends_on, "member": member, "refused": changed,
        "running": selectors.coverage_running_for_member(member=member, on=today),
        "may_enrol_again": selectors.may_enrol_again_after_cancelling(member=member)})


@member_view
@require_http_methods(["GET", "POST"])
def verification(request):
    member = request.member
    pending = selectors.pending_verifications_for_member(member=member)
    form = VerificationForm(_data(request))
    return submit_form(
        request, form, lambda data: services.answer_verification(
            member=member, actor=request.user, has_other_coverage=data["has_other_coverage"], details=data["details"]),
        done="Thank you: your answer is recorded and your coverage continues.", then="insurance:overview",
    ) or _render(request, "insurance/verification.html", {"form": form, "pending": pending})


# ---------------------------------------------------------------------------------------------------------------
# Life insurance
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_GET
def life(request):
    member = request.member
    profile = selectors.profile_for_member(member=member)
    return _render(request, "insurance/life.html", {
        "profile": profile, "member": member,
        "life": selectors.life_summary_for_member(member=member, on=timezone.localdate(), profile=profile)})


@member_view
@require_http_methods(["GET", "POST"])
def life_beneficiary_add(request):
    form = LifeBeneficiaryForm(_data(request))
    return submit_form(
        request, form, lambda data: services.add_life_beneficiary(member=request.member, actor=request.user, **data),
        done="The beneficiary is added.", then="insurance:life",
    ) or _render(request, "insurance/life_beneficiary_form.html", {"form": form})


@member_view(owns=OWNS_BENEFICIARY)
@require_http_methods(["GET", "POST"])
def life_beneficiary_remove(request, beneficiary_id):
    beneficiary = selectors.life_beneficiary_for_member(member=request.member, beneficiary_id=beneficiary_id)
    form = ConfirmForm(_data(request), label=f"Remove {beneficiary.name} as a beneficiary")
    if request.method == "POST" and form.is_valid():
        services.remove_life_beneficiary(member=request.member, beneficiary=beneficiary, actor=request.user)
        messages.success(request, f"{beneficiary.name} is no longer a beneficiary of your life insurance.")
        return redirect("insurance:life")
    return _render(request, "insurance/life_beneficiary_remove.html", {"beneficiary": beneficiary, "form": form})
