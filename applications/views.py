"""The retirement application's pages (RULES §11): start, the task list, the five steps. Thin: a selector reads,
a form checks, a service writes, a message and a redirect follow.

Every step page has three buttons: "Save and continue" (the step must be whole), "Save and come back later" (what
is typed is kept, unfinished) and, where figures depend on the answers, "Show the figures" (recomputed by a plain
form post; nothing is saved).
"""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from applications import selectors, services, steps, submitted_services
from applications.forms import DepositForm, InsuranceForm, OptionForm, StartForm, SubmitForm, TaxForm
from applications.models import Application
from applications.rules.election import SURVIVOR_RELATIONS
from pensions.engine.plans import System
from portal.access import member_view
from portal.client_ip import client_ip
from portal.errors import ServiceError

OWNS = {"application_id": "applications.Application"}
SAVED_FOR_LATER = "Your answers are saved. You can come back to your application at any time, on any device."
NOT_A_DRAFT = "Your application has been submitted, so its answers cannot be changed here."
CHANGE_SAVED = "Your change is saved, and we sent a notice to your e-mail."
NEXT = {"option": "insurance", "insurance": "tax", "tax": "deposit", "deposit": "submit"}


def _action(request):
    return request.POST.get("action", "continue")


@member_view
@require_GET
def overview(request):
    """The section's door: the start page, a draft's task list, or a submitted application's status."""
    application = selectors.open_application_for_member(member=request.member)
    if application is None:
        return redirect("applications:start")
    if not application.is_draft:  # submitted: where it stands and what is still to send
        return redirect("applications:status", application_id=application.pk)
    return redirect("applications:tasks", application_id=application.pk)


@member_view
@require_http_methods(["GET", "POST"])
def start(request):
    member, today = request.member, timezone.localdate()
    if member.edro_on_file:
        messages.info(request, services.EDRO_ON_FILE)
        return redirect("message_board:messages")
    application = selectors.open_application_for_member(member=member)
    if application is not None:
        return redirect("applications:tasks", application_id=application.pk)
    deferred = member.status == member.Status.DEFERRED
    form = StartForm(request.POST or None, today=today)
    facts = None
    if deferred:
        facts = selectors.start_facts_for_member(member=member, last_day_worked=None, today=today)
    elif request.method == "POST" and form.is_valid():
        facts = selectors.start_facts_for_member(member=member, last_day_worked=form.cleaned_data["last_day_worked"],
                                                 today=today)
    # Starting is offered only once the facts say the member is eligible; the service checks them again.
    if request.method == "POST" and _action(request) == "start" and facts is not None and facts.eligible:
        try:
            started = services.start_application(
                member=member, last_day_worked=None if deferred else form.cleaned_data["last_day_worked"],
                actor=request.user, today=today, ip_address=client_ip(request))
        except ServiceError as error:
            if not deferred:
                form.add_error(None, error.message)
        else:
            messages.success(request, f"Your application {started.reference} is started. Complete the five steps "
                                      "below, in any order; your answers are kept as you go.")
            return redirect("applications:tasks", application_id=started.pk)
    return render(request, "applications/start.html", {
        "form": form, "facts": facts, "deferred": deferred,
        "denied": selectors.denied_application_for_member(member=member)})


@member_view(owns=OWNS)
@require_GET
def tasks(request, application_id):
    application = selectors.application_for_member(member=request.member, application_id=application_id)
    step_list = steps.steps_of(application)
    return render(request, "applications/tasks.html", {
        "application": application, "steps": step_list,
        "changeable": application.state in Application.CHANGEABLE_STATES,
        "done": sum(1 for step in step_list[:-1] if step.completed)})


def _draft_or_back(request, application, step=None):
    """None when the page may change the answers: a draft, or ``step`` of a submitted application while its answers
    may still change (``submitted_services.change_refusal``); else a redirect with the reason."""
    if application.is_draft:
        return None
    refusal = submitted_services.change_refusal(application, step=step) if step else NOT_A_DRAFT
    if refusal is None:
        return None
    messages.info(request, refusal)
    return redirect("applications:status", application_id=application.pk)


def _after_save(request, application, key):
    if not application.is_draft:
        messages.success(request, CHANGE_SAVED)
        return redirect("applications:status", application_id=application.pk)
    if _action(request) == "later":
        messages.success(request, SAVED_FOR_LATER)
        return redirect("applications:tasks", application_id=application.pk)
    return redirect(f"applications:{NEXT[key]}", application_id=application.pk)


def _save(request, form, application, key, write):
    """Run ``write`` for a valid form; a refusal goes on the form. Returns a redirect, or None to show the page."""
    if request.method != "POST" or _action(request) == "show" or not form.is_valid():
        return None
    try:
        write(form.cleaned_data)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None
    return _after_save(request, application, key)


# --- step 1 ------------------------------------------------------------------------------------------------------

def _option_initial(application, on_file):
    a = application
    if not a.option_saved_at:
        return {"beneficiary_source": OptionForm.ON_FILE} if on_file else {}
    same_as_on_file = on_file is not None and a.beneficiary_name == on_file.name
    return {"option": a.option, "equated": a.equated, "social_security_fra": a.social_security_fra,
            "acknowledged": a.irrevocable_acknowledged_at is not None,
            "beneficiary_source": OptionForm.ON_FILE if same_as_on_file else OptionForm.NEW,
            "beneficiary_name": "" if same_as_on_file else a.beneficiary_name,
            "beneficiary_relationship": a.beneficiary_relationship,
            "beneficiary_birth_date": a.beneficiary_birth_date, "beneficiary_dependent": a.beneficiary_dependent}


@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def option(request, application_id):
    member, today = request.member, timezone.localdate()
    application = selectors.application_for_member(member=member, application_id=application_id)
    if (back := _draft_or_back(request, application, "option")) is not None:
        return back
    on_file = selectors.survivor_on_file(member=member)
    relations = {r.value for r in SURVIVOR_RELATIONS[System(member.system)]}
    form = OptionForm(request.POST or None, initial=_option_initial(application, on_file), relations=relations,
                      on_file=on_file, complete=_action(request) == "continue")

    def write(data):
        if not data.get("option"):
            return None  # nothing chosen yet: nothing to keep
        return services.save_option(member=member, application=application, option=data["option"],
                                    beneficiary=data["beneficiary"], equated=data["equated"],
                                    social_security_fra=data["social_security_fra"],
                                    acknowledged=data["acknowledged"], actor=request.user, today=today,
                                    ip_address=client_ip(request))

    if (done := _save(request, form, application, "option", write)) is not None:
        return done
    posted = form.cleaned_data if form.is_bound and form.is_valid() else None
    if posted is not None:
        chosen, fra, beneficiary = posted.get("option"), posted.get("social_security_fra"), posted["beneficiary"]
    else:
        chosen, fra = application.option, application.social_security_fra
        beneficiary = {"birth_date": application.beneficiary_birth_date,
                       "relationship": application.beneficiary_relationship} if application.beneficiary_birth_date \
            else None
    if beneficiary is None and on_file is not None and on_file.birth_date:
        beneficiary = {"birth_date": on_file.birth_date, "relationship": on_file.relationship}
    figures, refusal = None, ""
    try:
        figures = selectors.option_figures(application, beneficiary_birth_date=beneficiary and beneficiary["birth_date"],
                                           social_security_fra=fra, today=today)
    except selectors.EstimateRefused as error:
        refusal = error.message
    relationship = (beneficiary or {}).get("relationship") or ""
    return render(request, "applications/option.html", {
        "application": application, "form": form, "figures": figures, "refusal": refusal, "on_file": on_file,
        "chosen": chosen, "married": steps.is_married(member),
        "waiver": bool(chosen) and steps.waiver_required(member=member, option=chosen, relationship=relationship)})


# --- step 2 ------------------------------------------------------------------------------------------------------

def _insurance_initial(application, offer):
    if application.insurance_saved_at:
        initial = {line: getattr(application, f"{line}_id") for line in InsuranceForm.PLAN_FIELDS}
        initial["decision"] = application.insurance_decision
        initial["dependents"] = [d.pk for d in application.insurance_dependents.all()]
        return initial
    initial = {line: offer.current.get(line) for line in InsuranceForm.PLAN_FIELDS}
    initial["dependents"] = offer.current.get("dependents", [])
    if offer.current:
        initial["decision"] = Application.InsuranceDecision.ENROL
    return initial


@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def insurance(request, application_id):
    member, today = request.member, timezone.localdate()
    application = selectors.application_for_member(member=member, application_id=application_id)
    if (back := _draft_or_back(request, application, "insurance")) is not None:
        return back
    offer = selectors.insurance_offer(member=member, on=application.retirement_effective_date)
    form = InsuranceForm(request.POST or None, initial=_insurance_initial(application, offer),
                         plans_by_line=offer.plans_by_line, dependents=offer.dependents,
                         complete=_action(request) == "continue")

    def write(data):
        if not data.get("decision"):
            return None
        return services.save_insurance(member=member, application=application, decision=data["decision"],
                                       plans=form.plans(), dependents=data["dependents"], actor=request.user,
                                       today=today, ip_address=client_ip(request))

    if (done := _save(request, form, application, "insurance", write)) is not None:
        return done
    enrol, plans, people = _insurance_selection(form, offer)
    quote = None
    if enrol and plans:
        quote = selectors.coverage_quote(member=member, red=application.retirement_effective_date, plans=plans,
                                         dependents=people, today=today)
    covered_now = [d for d in offer.dependents if d.pk in set(offer.current.get("dependents", []))]
    return render(request, "applications/insurance.html", {
        "application": application, "form": form, "quote": quote, "offer": offer, "covered_now": covered_now,
        "dropped": [d for d in covered_now if d not in people] if enrol else []})


def _insurance_selection(form, offer):
    """(enrolling?, plans, people) as posted when the post is valid, else as the form opened."""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return data.get("decision") == "ENROL", [p for p in form.plans().values() if p], data["dependents"]
    initial = form.initial
    plans = [form.fields[line].objects.get(str(initial.get(line))) for line in InsuranceForm.PLAN_FIELDS]
    people = [d for d in offer.dependents if d.pk in set(initial.get("dependents", []))]
    return initial.get("decision") == "ENROL", [p for p in plans if p], people


# --- step 3 ------------------------------------------------------------------------------------------------------

def _tax_initial(application):
    a = application
    if not a.tax_saved_at:
        return {}
    answer = {True: "yes", False: "no", None: ""}
    return {"federal_withhold": answer[a.federal_withhold], "federal_filing_status": a.federal_filing_status,
            "step2_other_income": a.federal_step2_other_income, "step3_credits": a.federal_step3_credits,
            "step4a_other_income": a.federal_step4a_other_income,
            "step4b_deductions": a.federal_step4b_deductions, "step4c_extra": a.federal_step4c_extra,
            "michigan_withhold": answer[a.michigan_withhold], "michigan_filing_status": a.michigan_filing_status,
            "michigan_exemptions": a.michigan_exemptions, "michigan_additional": a.michigan_additional}


@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def tax(request, application_id):
    member = request.member
    application = selectors.application_for_member(member=member, application_id=application_id)
    if (back := _draft_or_back(request, application, "tax")) is not None:
        return back
    form = TaxForm(request.POST or None, initial=_tax_initial(application), complete=_action(request) == "continue")

    def write(data):
        if not (data.get("federal_withhold") or data.get("michigan_withhold")):
            return None
        return services.save_tax(member=member, application=application, answers=form.answers(),
                                 actor=request.user, ip_address=client_ip(request))

    if (done := _save(request, form, application, "tax", write)) is not None:
        return done
    answers = form.answers() if form.is_bound and form.is_valid() else selectors.TaxAnswers.of(application)
    return render(request, "applications/tax.html", {
        "application": application, "form": form, "preview": selectors.net_pay_preview(application, answers)})


# --- step 4 ------------------------------------------------------------------------------------------------------

@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def deposit(request, application_id):
    """The bank account: someone else's application is a 404 first; then the password (or second factor) is asked
    again, like every sensitive change."""
    application = selectors.application_for_member(member=request.member, application_id=application_id)
    return _deposit(request, application)


@reauthentication_required
def _deposit(request, application):
    member = request.member
    if (back := _draft_or_back(request, application, "deposit")) is not None:
        return back
    initial = {"routing_number": application.deposit_routing_number,
               "account_type": application.deposit_account_type}
    form = DepositForm(request.POST or None, initial=initial, complete=_action(request) == "continue")

    def write(data):
        if not form.whole:
            return None  # a bank account is kept whole or not at all
        return services.save_deposit(member=member, application=application, routing_number=data["routing_number"],
                                     account_number=data["account_number"], account_type=data["account_type"],
                                     actor=request.user, ip_address=client_ip(request))

    if (done := _save(request, form, application, "deposit", write)) is not None:
        return done
    return render(request, "applications/deposit.html", {"application": application, "form": form})


# --- step 5 ------------------------------------------------------------------------------------------------------

@member_view(owns=OWNS)
@require_http_methods(["GET", "POST"])
def submit(request, application_id):
    member, today = request.member, timezone.localdate()
    application = selectors.application_for_member(member=member, application_id=application_id)
    if (back := _draft_or_back(request, application)) is not None:
        return back
    red = selectors.submission_red(application, today=today)
    form = SubmitForm(request.POST or None, initial={"shown_red": red})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.submit_application(
                member=member, application=application, shown_red=data["shown_red"],
                esign_consent=data["esign_consent"], declaration=data["declaration"], signature=data["signature"],
                actor=request.user, today=today, ip_address=client_ip(request))
        except services.RedChanged as changed:
            form = SubmitForm(initial={"shown_red": changed.current})
            form.add_error(None, changed.message)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Your application {submitted.reference} is submitted. We sent a notice to "
                                      "your e-mail.")
            return redirect("applications:submitted", application_id=submitted.pk)
    step_list = steps.steps_of(application)
    return render(request, "applications/submit.html", {
        "application": application, "form": form, "red": red, "steps": step_list,
        "unfinished": [step for step in step_list[:-1] if not step.completed],
        "proofs": [selectors.PROOF_LABELS[proof] for proof in selectors.required_proofs(application)],
        "dependents": list(application.insurance_dependents.all()),
        "preview": selectors.net_pay_preview(application, selectors.TaxAnswers.of(application)),
        "change": {key: reverse(f"applications:{key}", args=[application.pk]) for key in steps.ANSWER_STEPS}})
