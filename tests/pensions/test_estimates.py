"""Estimates (RULES §13): the page runs the engine's contract on the member's record — the same numbers as
`manage.py estimate` for the same facts —, saves up to four, renames, deletes, compares, and prints the comparison;
members with an EDRO on file are sent to the Message board."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEntry
from pensions import selectors, services
from pensions.engine.purchase_quote import BEYOND_LIMIT
from pensions.models import SavedEstimate
from pensions.pdf import comparison_rows
from pensions.services import RecordsError
from portal.templatetags.portal_format import long_date
from tests.pensions.factories import ESTIMATE_CHOICES, biweekly_history, saved_estimate

pytestmark = pytest.mark.django_db

FORM = {"retirement_effective_date": "2031-06-01", "retirement_type": "SERVICE",
        "beneficiary_birth_date": "1966-08-09", "projected_wage_increase": "2.5", "projected_yos": "4.5",
        "purchase_type": "UNIVERSAL_BUY_IN", "purchase_years": "1.5", "social_security_fra": "1850"}


@pytest.fixture
def record(member):
    biweekly_history(member, years=20)
    return member


def money(amount: str) -> str:
    """An amount as the pages show it (the project's money format: floatformat "2g")."""
    return f"${Decimal(amount):,.2f}"


def command_output(data):
    out = io.StringIO()
    call_command("estimate", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def test_the_page_and_the_estimate_command_give_identical_numbers(member_client, record):
    response = member_client.post(reverse("pensions:estimates"), FORM)
    page_result = response.context["estimate"]["result"]
    choices = {"retirement_effective_date": "2031-06-01", "retirement_type": "SERVICE",
               "beneficiary_birth_date": "1966-08-09", "projected_wage_increase": "2.5", "projected_yos": "4.5",
               "social_security_fra": "1850", "purchases": [{"type": "UNIVERSAL_BUY_IN", "years": "1.5"}]}
    facts = selectors.estimate_input_for_member(member=record, choices=choices)
    assert len(facts["service_records"]) == 20 * 26
    assert command_output(facts) == page_result
    body = response.content.decode()
    for option in page_result["options"]:
        assert money(option["monthly"]) in body and money(option["annual"]) in body
    assert page_result["eligibility"]["eligible"]


def test_the_result_shows_the_summary_of_the_appendix(member_client, record):
    body = member_client.post(reverse("pensions:estimates"), FORM).content.decode()
    for text in ("Benefit structure", "Retirement effective date", "Age at retirement", "Years of service",
                 "The years averaged for your final average compensation", "100% survivor", "75% survivor",
                 "50% survivor", "pays back if your beneficiary outlives you by", "Post-retirement increases",
                 "Monthly amount of each option over the first 15 years"):
        assert text in body, text


def test_the_results_dates_are_written_out_never_in_iso_form(member_client, record):
    response = member_client.post(reverse("pensions:estimates"), FORM)
    result, body = response.context["estimate"]["result"], response.content.decode()
    fac_year, increase = result["fac_years"][0], result["cola"][0]
    for iso in (fac_year["start"], fac_year["end"], increase["date"]):
        assert iso not in body and long_date(iso) in body


@pytest.mark.parametrize(("field", "value", "message"), [
    ("retirement_effective_date", "2031-06-15", "A retirement effective date is always the first day of a month."),
    ("retirement_effective_date", "2001-06-01", "Choose a retirement effective date in the future."),
    ("beneficiary_birth_date", "2300-01-01", "A date of birth cannot be in the future."),
    ("purchase_years", "", "To include a service purchase, choose its type and give its years."),
    ("projected_wage_increase", "40", "must be at most 25% a year"),
])
def test_bad_inputs_are_refused_with_a_message(member_client, record, field, value, message):
    response = member_client.post(reverse("pensions:estimates"), {**FORM, field: value})
    assert response.status_code == 200 and "estimate" not in response.context
    assert message in response.content.decode()


def test_a_member_with_no_record_is_told_there_is_nothing_to_estimate(member_client):
    response = member_client.post(reverse("pensions:estimates"), FORM)
    assert "No pay periods have been reported for you yet" in response.content.decode()


def test_a_member_saves_an_estimate_after_running_it(member_client, record):
    member_client.post(reverse("pensions:estimates"), FORM)
    response = member_client.post(reverse("pensions:estimate_save"), {"name": "At 66 with survivor"})
    saved = SavedEstimate.objects.get(member=record)
    assert response.url == reverse("pensions:estimate", args=[saved.pk])
    assert saved.name == "At 66 with survivor" and saved.slot == 1
    assert saved.inputs["purchases"] == [{"type": "UNIVERSAL_BUY_IN", "years": "1.5"}]
    assert AuditEntry.objects.filter(member=record, action="pensions.estimate.saved").exists()
    detail = member_client.get(response.url)
    assert money(saved.result["options"][0]["monthly"]) in detail.content.decode()


def test_a_fifth_save_asks_which_estimate_it_replaces_and_changes_nothing_until_told(member_client, record):
    for number in range(4):
        saved_estimate(record, name=f"Estimate {number}")
    member_client.post(reverse("pensions:estimates"), FORM)
    response = member_client.post(reverse("pensions:estimate_save"), {"name": "The fifth"})
    assert response.context["form"].errors["replace"] == ["Choose the saved estimate this one replaces."]
    assert "Which one should this estimate replace?" in response.content.decode()
    assert SavedEstimate.objects.filter(member=record).count() == 4
    assert not SavedEstimate.objects.filter(name="The fifth").exists()


def test_the_page_of_an_estimate_just_run_offers_to_replace_one_when_four_are_saved(member_client, record):
    names = [saved_estimate(record, name=f"Estimate {number}").name for number in range(4)]
    response = member_client.post(reverse("pensions:estimates"), FORM)
    choices = response.context["name_form"].fields["replace"].choices
    assert [label.split(" (retiring")[0] for _, label in choices] == names
    assert "Save, replacing the one chosen" in response.content.decode()


def test_a_fifth_save_replaces_the_chosen_estimate_with_the_one_just_run(member_client, record):
    kept = [saved_estimate(record, name=f"Estimate {number}") for number in range(4)]
    member_client.post(reverse("pensions:estimates"), FORM)
    response = member_client.post(reverse("pensions:estimate_save"), {"name": "The fifth", "replace": kept[2].pk})
    fifth = SavedEstimate.objects.get(member=record, name="The fifth")
    assert response.url == reverse("pensions:estimate", args=[fifth.pk])
    assert fifth.slot == kept[2].slot and fifth.inputs["purchases"] == [{"type": "UNIVERSAL_BUY_IN", "years": "1.5"}]
    assert not SavedEstimate.objects.filter(pk=kept[2].pk).exists()
    assert SavedEstimate.objects.filter(member=record).count() == 4
    entry = AuditEntry.objects.get(member=record, action="pensions.estimate.replaced")
    assert entry.data["replaced_name"] == "Estimate 2"


def test_a_replacement_may_take_the_name_of_the_estimate_it_replaces(record):
    kept = [saved_estimate(record, name=f"Estimate {number}") for number in range(4)]
    again = services.save_estimate(member=record, name="Estimate 1", choices=dict(ESTIMATE_CHOICES),
                                   actor=record.user, replace=kept[1].pk)
    assert again.slot == kept[1].slot


def test_the_service_refuses_a_fifth_estimate_without_a_choice_of_one_to_replace(record):
    for number in range(4):
        saved_estimate(record, name=f"Estimate {number}")
    with pytest.raises(RecordsError) as refused:
        services.save_estimate(member=record, name="The fifth", choices=dict(ESTIMATE_CHOICES), actor=record.user)
    assert refused.value.message == services.FIFTH_ESTIMATE
    assert SavedEstimate.objects.filter(member=record).count() == 4


def test_another_members_estimate_cannot_be_replaced(record, other_member):
    theirs = saved_estimate(other_member)
    with pytest.raises(RecordsError) as refused:
        services.save_estimate(member=record, name="Mine", choices=dict(ESTIMATE_CHOICES), actor=record.user,
                               replace=theirs.pk)
    assert refused.value.message == services.REPLACED_GONE
    assert SavedEstimate.objects.filter(pk=theirs.pk).exists()
    assert not SavedEstimate.objects.filter(member=record).exists()


def test_deleting_one_frees_a_slot(member_client, record):
    estimates = [saved_estimate(record, name=f"Estimate {number}") for number in range(4)]
    response = member_client.post(reverse("pensions:estimate_delete", args=[estimates[1].pk]))
    assert "Tick the box to confirm" in response.content.decode()
    member_client.post(reverse("pensions:estimate_delete", args=[estimates[1].pk]), {"confirm": "on"})
    assert not SavedEstimate.objects.filter(pk=estimates[1].pk).exists()
    assert saved_estimate(record, name="Replacement").slot == 2


def test_a_name_already_used_is_refused(member_client, record):
    saved_estimate(record, name="Early")
    second = saved_estimate(record, name="Late")
    response = member_client.post(reverse("pensions:estimate_rename", args=[second.pk]), {"name": "Early"})
    assert services.NAME_TAKEN in response.content.decode()
    member_client.post(reverse("pensions:estimate_rename", args=[second.pk]), {"name": "At 67"})
    second.refresh_from_db()
    assert second.name == "At 67"


def test_the_comparison_shows_every_saved_estimate_side_by_side_and_prints(member_client, record):
    saved_estimate(record, name="At 62")
    saved_estimate(record, name="At 66", choices={**ESTIMATE_CHOICES, "retirement_effective_date": "2035-06-01"})
    response = member_client.get(reverse("pensions:estimates_compare"))
    rows = response.context["rows"]
    assert rows[0] == ["", "At 62", "At 66"]
    assert [row[1] for row in rows if row[0] == "Retirement effective date"] == ["June 1, 2031"]
    pdf = member_client.get(reverse("pensions:estimates_compare_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment;")


def test_the_comparison_pdf_holds_the_saved_figures(record):
    import pikepdf

    from pensions.pdf import estimates_comparison_pdf

    estimates = [saved_estimate(record, name="At 62")]
    content = estimates_comparison_pdf(member=record, estimates=estimates, today=__import__("datetime").date(2026, 1, 2))
    with pikepdf.open(io.BytesIO(content)) as document:
        text = b"".join(page.Contents.read_bytes() for page in document.pages)
    straight = estimates[0].result["options"][0]["monthly"]
    assert money(straight).encode() in text and b"At 62" in text
    assert comparison_rows(estimates)[1] == ["Retirement effective date", "June 1, 2031"]


def test_another_members_estimate_is_a_404(member_client, other_member):
    theirs = saved_estimate(other_member)
    for name in ("pensions:estimate", "pensions:estimate_rename", "pensions:estimate_delete"):
        assert member_client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert member_client.post(reverse("pensions:estimate_delete", args=[theirs.pk]), {"confirm": "on"}).status_code == 404
    assert SavedEstimate.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("page", ["pensions:estimates", "pensions:estimate_save", "pensions:estimates_compare",
                                  "pensions:estimates_compare_pdf"])
def test_a_member_with_an_edro_is_sent_to_the_message_board(member_client, record, page):
    record.edro_on_file = True
    record.save()
    response = member_client.get(reverse(page))
    assert response.status_code == 302 and response.url == reverse("message_board:messages")
    assert member_client.post(reverse("pensions:estimates"), FORM).url == reverse("message_board:messages")


def test_purchase_years_beyond_the_limit_are_refused_in_the_estimate_as_on_the_purchase_page(member_client, record):
    response = member_client.post(reverse("pensions:estimates"), {**FORM, "purchase_years": "6"})
    errors = response.context["form"].errors
    assert errors["purchase_years"] == [BEYOND_LIMIT.format(left=Decimal(5))]
    assert response.context.get("estimate") is None
