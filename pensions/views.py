"""The member's record pages: thin — a selector reads, the engine counts, the template shows."""

import csv
import io
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from accounts.dashboard_cache import records_version
from pensions import charts, facts, member_record, pdf, presenters, selectors, services
from pensions.engine.money import four_places
from pensions.engine.purchase_quote import PurchaseRefused, quote, type_statuses
from pensions.engine.purchases import PurchaseType
from pensions.engine.service import years_from_hours
from pensions.forms import (
    REFUND_SLOTS,
    ConfirmDeleteForm,
    EstimateForm,
    EstimateNameForm,
    PurchaseForm,
    RefundForm,
    SurvivorForm,
)
from pensions.models import MAX_SAVED_ESTIMATES, ROLLOVER_NOT_ALLOWED, CreditType
from portal.access import member_view
from portal.client_ip import client_ip
from portal.form_step import submit_form


@member_view
@require_GET
def service_credit(request):
    page = selectors.service_credit_for_member(member=request.member)
    # Drawn only when the cached fragment that shows it is missing.
    chart = SimpleLazyObject(lambda: charts.bar_chart([(str(year.fiscal_year), year.yos) for year in page.years],
                                                      maximum=max([year.yos for year in page.years], default=0) or 1))
    return render(request, "pensions/service_credit.html", {
        "page": page, "chart": chart, "member": request.member,
        "record_version": records_version(request.member), "record_cache_seconds": member_record.CACHE_SECONDS,
        "first_year": page.years[0].fiscal_year if page.years else None,
        "last_year": page.years[-1].fiscal_year if page.years else None})


CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text cells that a spreadsheet would run as a formula are quoted (employer names come from reports)."""
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


PAY_PERIOD_COLUMNS = ["Fiscal year", "Period start", "Period end", "Employer", "Pay cycle", "Regular hours",
                      "Overtime hours", "Plan A hours", "Furlough hours", "Banked leave hours", "Credited hours",
                      "Service credit in years (rounded)", "Gross wages ($)", "Overtime wages ($)",
                      "Longevity pay ($)", "Annual leave payout ($)", "Annual leave payout hours",
                      "Sick leave payout ($)"]
OTHER_CREDIT_COLUMNS = ["Credited on", "Fiscal year", "Kind", "Type", "Years"]


def _csv_response(rows, filename):
    """One table, readable headers first. Built whole (a 40-year record is about 150 kB), so the response is an
    ordinary one for every middleware."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view
@require_GET
def service_credit_csv(request):
    """Every pay period of the member's own record with the service it earned. Each period's service is rounded to
    four decimals on its own; the page's total is the credited hours added up, then rounded (the page says so)."""
    member = request.member
    system = facts.system_of(member)
    periods = selectors.pay_periods_for_member(member=member)

    def rows():
        yield PAY_PERIOD_COLUMNS
        for p in periods.iterator(chunk_size=2000):
            yield [p.fiscal_year, p.period_start, p.period_end, _cell(p.employer.name), p.get_pay_cycle_display(),
                   p.regular_hours, p.overtime_hours, p.plan_a_hours, p.furlough_hours, p.banked_leave_hours,
                   p.credited_hours, four_places(years_from_hours(p.credited_hours, system)), p.gross_wages,
                   p.overtime_wages, p.longevity_pay, p.annual_leave_payout, p.annual_leave_payout_hours,
                   p.sick_leave_payout]

    return _csv_response(rows(), f"service-credit-{member.member_id}.csv")


@member_view
@require_GET
def other_credit_csv(request):
    """The member's service credit other than earned on payrolls: granted, purchased, transferred, Act 88."""
    member = request.member
    rows = [OTHER_CREDIT_COLUMNS] + [
        [entry.credited_on, entry.fiscal_year, entry.get_category_display(), entry.get_credit_type_display(),
         entry.years] for entry in selectors.other_credit_for_member(member=member)]
    return _csv_response(rows, f"other-service-credit-{member.member_id}.csv")


# ---------------------------------------------------------------------------------------------------------------
# Beneficiaries
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_GET
def beneficiaries(request):
    return render(request, "pensions/beneficiaries.html", {
        "page": selectors.beneficiaries_for_member(member=request.member),
        "survivor_refusal": services.survivor_designation_refusal(member=request.member)})


@member_view(owns={"designation_id": "pensions.BeneficiaryDesignation"})
@require_GET
def designation_detail(request, designation_id):
    designation = selectors.designation_for_member(member=request.member, designation_id=designation_id)
    return render(request, "pensions/designation_detail.html", {"designation": designation})


@member_view
@require_http_methods(["GET", "POST"])
def survivor_beneficiary(request):
    refusal = services.survivor_designation_refusal(member=request.member)
    if refusal is not None:
        return render(request, "pensions/survivor_form.html", {"refusal": refusal.reason})
    form = SurvivorForm(request.POST or None, member=request.member,
                        initial=selectors.survivor_form_initial(member=request.member))
    return (submit_form(request, form, lambda data: services.designate_survivor(
                member=request.member, person=form.person(), actor=request.user, ip_address=client_ip(request)),
                        done="Your survivor pension beneficiary is on file. We sent a confirmation to your e-mail.",
                        then="pensions:beneficiaries")
            or render(request, "pensions/survivor_form.html", {"form": form}))


@member_view
@require_http_methods(["GET", "POST"])
def refund_beneficiaries(request):
    form = RefundForm(request.POST or None, initial=selectors.refund_form_initial(member=request.member))
    slots = [{"number": n, "fields": [form[f"{name}_{n}"] for name in ("name", "relationship", "birth_date", "share")]}
             for n in range(1, REFUND_SLOTS + 1)]
    return (submit_form(request, form, lambda data: services.designate_refund_beneficiaries(
                member=request.member, people=data["people"], actor=request.user, ip_address=client_ip(request)),
                        done="Your refund beneficiaries are on file. We sent a confirmation to your e-mail.",
                        then="pensions:beneficiaries")
            or render(request, "pensions/refund_form.html", {"form": form, "slots": slots}))


# ---------------------------------------------------------------------------------------------------------------
# Estimates (RULES §13)
# ---------------------------------------------------------------------------------------------------------------

LAST_ESTIMATE = "pensions.last_estimate"
EDRO_MESSAGE = ("You have an Eligible Domestic Relations Order (EDRO) on file, so your estimates come from our staff: "
                "write to us on the Message board and choose “Estimate request”.")


def _edro(request):
    if request.member.edro_on_file:
        messages.info(request, EDRO_MESSAGE)
        return redirect("message_board:messages")
    return None


def _estimate_page(request, form, saved, **extra):
    return render(request, "pensions/estimates.html", {
        "form": form, "saved": presenters.saved_summaries(saved), "max_saved": MAX_SAVED_ESTIMATES, **extra})


@member_view
@require_http_methods(["GET", "POST"])
def estimates(request):
    if (refused := _edro(request)) is not None:
        return refused
    saved = selectors.saved_estimates_for_member(member=request.member)
    initial = selectors.estimate_form_initial(member=request.member) if request.method != "POST" else None
    form = EstimateForm(request.POST or None, initial=initial, member=request.member,
                        purchase_facts=lambda: selectors.purchase_facts_for_member(member=request.member))
    if request.method == "POST" and form.is_valid():
        choices = form.choices()
        try:
            result = selectors.estimate_for_member(member=request.member, choices=choices)
        except selectors.EstimateRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session[LAST_ESTIMATE] = choices
            return _estimate_page(request, form, saved, estimate=presenters.present(
                result, structure=request.member.benefit_structure, inputs=choices),
                name_form=EstimateNameForm(saved=saved))
    return _estimate_page(request, form, saved)


@member_view
@require_http_methods(["GET", "POST"])
def estimate_save(request):
    if (refused := _edro(request)) is not None:
        return refused
    choices = request.session.get(LAST_ESTIMATE)
    saved = selectors.saved_estimates_for_member(member=request.member)
    form = EstimateNameForm(request.POST or None, saved=saved)
    if choices is None:
        if request.method == "POST":
            form.add_error(None, "Run an estimate first, then save it.")
    elif done := submit_form(
            request, form, lambda data: services.save_estimate(
                member=request.member, name=data["name"], choices=choices, actor=request.user,
                replace=data.get("replace")),
            done=lambda estimate: f"Your estimate “{estimate.name}” is saved.",
            then=lambda estimate: reverse("pensions:estimate", args=[estimate.pk])):
        return done
    elif form.errors and "replace" not in form.fields:
        # Four were saved meanwhile (in another tab): ask which one this replaces, keeping what was typed.
        saved = selectors.saved_estimates_for_member(member=request.member)
        if len(saved) >= MAX_SAVED_ESTIMATES:
            form = EstimateNameForm(request.POST, saved=saved)
            form.is_valid()
    return render(request, "pensions/estimate_save.html", {
        "form": form, "has_estimate": choices is not None,
        "assumptions": presenters.assumptions(choices, None, run_on=timezone.localdate()) if choices else None,
        "red": date.fromisoformat(choices["retirement_effective_date"]) if choices else None})


@member_view(owns={"estimate_id": "pensions.SavedEstimate"})
@require_GET
def estimate_detail(request, estimate_id):
    if (refused := _edro(request)) is not None:
        return refused
    saved = selectors.saved_estimate_for_member(member=request.member, estimate_id=estimate_id)
    return render(request, "pensions/estimate_detail.html", {
        "saved": saved,
        "estimate": presenters.present(saved.result, structure=request.member.benefit_structure, inputs=saved.inputs,
                                       run_on=presenters.run_on(saved))})


@member_view(owns={"estimate_id": "pensions.SavedEstimate"})
@require_http_methods(["GET", "POST"])
def estimate_rename(request, estimate_id):
    saved = selectors.saved_estimate_for_member(member=request.member, estimate_id=estimate_id)
    form = EstimateNameForm(request.POST or None, initial={"name": saved.name})
    return (submit_form(request, form, lambda data: services.rename_estimate(
                member=request.member, estimate=saved, name=data["name"], actor=request.user),
                        done="The estimate is renamed.", then="pensions:estimates")
            or render(request, "pensions/estimate_rename.html", {"form": form, "saved": saved}))


@member_view(owns={"estimate_id": "pensions.SavedEstimate"})
@require_http_methods(["GET", "POST"])
def estimate_delete(request, estimate_id):
    saved = selectors.saved_estimate_for_member(member=request.member, estimate_id=estimate_id)
    form = ConfirmDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_estimate(member=request.member, estimate=saved, actor=request.user)
        messages.success(request, f"The estimate “{saved.name}” is deleted.")
        return redirect("pensions:estimates")
    return render(request, "pensions/estimate_delete.html", {"saved": saved, "form": form})


@member_view
@require_GET
def estimates_compare(request):
    if (refused := _edro(request)) is not None:
        return refused
    saved = selectors.saved_estimates_for_member(member=request.member)
    return render(request, "pensions/estimates_compare.html", {
        "saved": saved, "rows": pdf.comparison_rows(saved) if saved else []})


@member_view
@require_GET
def estimates_compare_pdf(request):
    if (refused := _edro(request)) is not None:
        return refused
    saved = selectors.saved_estimates_for_member(member=request.member)
    if not saved:
        messages.info(request, "Save an estimate first; the comparison lists your saved estimates.")
        return redirect("pensions:estimates")
    content = pdf.estimates_comparison_pdf(member=request.member, estimates=saved, today=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True,
                                                                 filename="pension-estimates-compared.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------------------------
# Service-credit purchase (RULES §2)
# ---------------------------------------------------------------------------------------------------------------

@member_view
@require_http_methods(["GET", "POST"])
def purchase(request):
    member_facts = selectors.purchase_facts_for_member(member=request.member)
    statuses = type_statuses(member_facts) if member_facts is not None else []
    form = PurchaseForm(request.POST if request.method == "POST" else None, statuses=statuses)
    figures = None
    if "request" in request.POST:
        made = submit_form(
            request, form, lambda data: services.request_billing_statement(
                member=request.member, credit_type=data["credit_type"], years=data["years"],
                payment_method=data["payment_method"], rollover_source=data.get("rollover_source", ""),
                actor=request.user),
            done="Your billing statement is being prepared; it will be in your Documents in a moment.",
            then=lambda made: reverse("pensions:purchase_request", args=[made.pk]))
        if made:
            return made
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figures = services.quote_json(quote(member_facts, PurchaseType(data["credit_type"]), data["years"],
                                                today=timezone.localdate()))
        except PurchaseRefused as error:
            form.add_error(None, error.reason)
        if data["payment_method"] == "ROLLOVER" and data.get("rollover_source") in ROLLOVER_NOT_ALLOWED:
            form.add_error("rollover_source", services.ROLLOVER_REFUSED)
            figures = None
    labels = dict(CreditType.choices)
    return render(request, "pensions/purchase.html", {
        "member_facts": member_facts, "statuses": [(labels[s.type.value], s) for s in statuses], "form": form, "quote": figures,
        "requests": selectors.purchase_requests_for_member(member=request.member)})


@member_view(owns={"request_id": "pensions.PurchaseRequest"})
@require_GET
def purchase_request(request, request_id):
    made = selectors.purchase_request_for_member(member=request.member, request_id=request_id)
    return render(request, "pensions/purchase_request.html", {"made": made})
