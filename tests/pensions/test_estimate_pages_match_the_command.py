"""The estimate page, the saved estimate, the comparison and its PDF show the numbers `manage.py estimate` gives on
the same facts, for one demo member of each benefit structure — projected service and the covered supplemental
pension included (issue 14 "Done when"; RULES §5, §13). And the page refuses what the command refuses, in the same
words (issue 14 item 9)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.management.commands.seed_demo import EMPLOYERS, MEMBERS
from accounts.models import Member
from pensions import selectors
from pensions.demo import seed_histories_for
from pensions.models import Employer, SavedEstimate
from pensions.pdf import comparison_rows
from tests.factories import ClaimedMemberFactory

pytestmark = pytest.mark.django_db

# One demo member of each structure that has a pension (the DC member has none: RULES §9).
DEMO_BY_STRUCTURE = {"DB_CLASSIFIED": "10000001", "DB_CLASSIFIED covered": "10000002", "DB_30": "10000006",
                     "DB_DC_BLEND": "10000007", "BASIC": "20000001", "BASIC_4": "20000002",
                     "BASIC_DC_CONVERTED": "20000003", "MIP_FIXED": "20000004", "MIP_GRADED": "20000005",
                     "MIP_PLUS": "20000006", "MIP_7": "20000007", "MIP_DC_CONVERTED": "20000008"}
FORM = {"retirement_effective_date": "2030-01-01", "retirement_type": "SERVICE",
        "beneficiary_birth_date": "1966-03-01"}


def demo_member(member_id: str) -> Member:
    """The demo member `member_id` as `seed_demo` creates it, with the demo's pay history (pensions.demo), and an
    online account (seeding the whole demo population for each case would take minutes)."""
    row = next(row for row in MEMBERS if row[0] == member_id)
    _, system, structure, employment, first, last, born, hired, status, employer_code, _ = row
    name, employer_system = next((n, s) for code, n, s in EMPLOYERS if code == employer_code)
    employer, _ = Employer.objects.get_or_create(code=employer_code,
                                                 defaults={"name": name, "system": employer_system})
    member = ClaimedMemberFactory(member_id=member_id, system=system, benefit_structure=structure, employment_type=employment,
                           first_name=first, last_name=last, date_of_birth=datetime.date(*born),
                           hire_date=datetime.date(*hired), status=status, employer=employer)
    seed_histories_for([member])
    return member


def logged_in(client, member_id):
    member = demo_member(member_id)
    client.force_login(member.user)
    return member


def command_output(data) -> dict:
    out = io.StringIO()
    call_command("estimate", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def command_error(data) -> dict:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("estimate", stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())["error"]


def money(amount) -> str:
    """An amount as the pages show it (the project's money format, floatformat "2g")."""
    return f"${Decimal(amount):,.2f}"


def shown_figures(result: dict) -> list[str]:
    """Every figure of the command's output the page must show."""
    figures = [result["yos"], result["service"]["earned_to_date_yos"], result["service"]["projected_yos"],
               money(result["fac"])]
    for option in result["options"]:
        figures += [option["factor"], money(option["monthly"]), money(option["annual"]),
                    money(option["survivor_monthly"])]
    if result["supplemental"]:
        figures += [money(result["supplemental"]["monthly"]), money(result["supplemental"]["total_monthly_until_62"]),
                    money(result["straight_life"]["monthly"])]
    return figures


@pytest.mark.parametrize("member_id", DEMO_BY_STRUCTURE.values(), ids=DEMO_BY_STRUCTURE.keys())
def test_rules_13_the_pages_show_the_commands_numbers_for_each_demo_structure(client, member_id):
    member = logged_in(client, member_id)
    response = client.post(reverse("pensions:estimates"), FORM)
    page_result = response.context["estimate"]["result"]
    command_input = selectors.estimate_input_for_member(member=member, choices=dict(FORM))
    assert command_output(command_input) == page_result
    body = response.content.decode()
    for figure in shown_figures(page_result):
        assert figure in body, figure
    if member.status == Member.Status.ACTIVE:
        assert Decimal(page_result["service"]["projected_yos"]) > 0  # projected to the RED by itself

    client.post(reverse("pensions:estimate_save"), {"name": "Round two"})
    saved = SavedEstimate.objects.get(member=member, name="Round two")
    assert saved.result == page_result
    detail = client.get(reverse("pensions:estimate", args=[saved.pk])).content.decode()
    for figure in shown_figures(page_result):
        assert figure in detail, figure
    compared = client.get(reverse("pensions:estimates_compare")).content.decode()
    column = [row[1 + list(SavedEstimate.objects.filter(member=member).order_by("slot")).index(saved)]
              for row in comparison_rows(list(SavedEstimate.objects.filter(member=member).order_by("slot")))]
    projected = page_result["service"]["projected_yos"]
    assert f"{projected} years (from your pay cycle and hours to the retirement date)" in column
    for cell in column:
        assert str(cell).replace("&", "&amp;") in compared


def test_rules_5_the_covered_demo_member_sees_the_supplemental_pension(client):
    logged_in(client, "10000002")
    response = client.post(reverse("pensions:estimates"), FORM)
    result = response.context["estimate"]["result"]
    assert result["supplemental"] is not None
    body = response.content.decode()
    assert "Supplemental pension until age 62" in body and "Monthly from age 62" in body
    assert money(result["supplemental"]["total_monthly_until_62"]) in body


def test_rules_5_the_page_shows_service_earned_as_of_a_date_plus_projected(client):
    logged_in(client, "10000001")
    body = client.post(reverse("pensions:estimates"), FORM).content.decode()
    assert "Service earned as of" in body and "Projected service" in body
    assert "from your current pay cycle and hours" in body


def test_rules_5_a_projected_service_typed_on_the_page_overrides_the_projection(client):
    logged_in(client, "10000001")
    response = client.post(reverse("pensions:estimates"), {**FORM, "projected_yos": "1.5"})
    assert response.context["estimate"]["result"]["service"]["projected_yos"] == "1.5000"
    assert "your figure" in response.content.decode()


@pytest.mark.parametrize(("field", "value", "contract_field"), [
    ("retirement_effective_date", "9999-01-01", "retirement_effective_date"),
    ("beneficiary_birth_date", "1900-01-01", "beneficiary_birth_date"),
    ("projected_wage_increase", "1000000", "projected_wage_increase"),
    ("projected_yos", "61", "projected_yos"),
    ("social_security_fra", "1E+30", "social_security_fra"),
])
def test_rules_8_the_form_refuses_what_the_command_refuses_in_the_same_words(client, field, value,
                                                                             contract_field):
    """Issue 14 item 9: no HTTP 500 for a RED in 9999 or a beneficiary born in 1900; the command's message."""
    member = logged_in(client, "10000001")
    response = client.post(reverse("pensions:estimates"), {**FORM, field: value})
    assert response.status_code == 200 and "estimate" not in response.context
    page_message = response.context["form"].errors[field][0]
    data = selectors.estimate_input_for_member(member=member, choices={**FORM, contract_field: value})
    assert command_error(data)["message"] == page_message
