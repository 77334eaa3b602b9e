"""The award letter (issue 19 items 4 and 5): produced once per approved calculation by a task enqueued on commit,
its figures those of the engine (``manage.py estimate``) and the rules (``manage.py retirement_facts``) on the same
facts, its PDF in Documents, its page the member's own."""

import datetime
import io
import json
from decimal import Decimal

import pikepdf
import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import AuditEntry, Document, OutboundEmail
from applications import tasks
from applications.award import award_letter_key, produce_award_letter
from applications.models import Application, AwardLetter, Milestone
from applications.rules.pay_dates import first_payment
from tests.applications.application_factories import submitted_application
from tests.applications.award_factories import approved, awarded_letter
from tests.factories import ClaimedMemberFactory
from tests.insurance.factories import PlanFactory

pytestmark = pytest.mark.django_db


def award_page(application):
    return reverse("applications:award", args=[application.pk])


def run_command(name, tmp_path, data):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command(name, "--input", str(path), stdout=out)
    return json.loads(out.getvalue())


def rows(letter):
    """Every typed row of the letter by its label."""
    return {label: value for section in letter.content["sections"] for label, _, value in section["rows"]}


def test_the_task_run_twice_writes_one_letter():
    calculation = approved()
    tasks.produce_award_letter_task.apply(args=[calculation.pk])
    tasks.produce_award_letter_task.apply(args=[calculation.pk])
    assert AwardLetter.objects.filter(calculation=calculation).count() == 1
    assert Document.objects.filter(dedupe_key=award_letter_key(calculation.pk)).count() == 1


def test_a_second_letter_for_the_same_calculation_is_refused_by_the_database():
    letter = awarded_letter()
    other = Document.objects.create(member=letter.document.member, kind=Document.Kind.LETTER, title="copy",
                                    original_name="x.pdf", content_type="application/pdf", size=1, sha256="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardLetter.objects.create(calculation=letter.calculation, document=other, content={})


def test_a_calculation_not_approved_gets_no_letter():
    calculation = approved()
    type(calculation).objects.filter(pk=calculation.pk).update(approved_at=None, approved_by=None)
    assert produce_award_letter(calculation_id=calculation.pk) is False


def test_the_task_is_enqueued_once_the_approval_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calculation = approved()
    assert AwardLetter.objects.filter(calculation=calculation).count() == 1


def test_the_sweep_enqueues_every_approved_calculation_without_its_letter():
    waiting, done = approved(), awarded_letter().calculation
    tasks.requeue_award_letters_task.apply()
    assert AwardLetter.objects.filter(calculation=waiting).count() == 1
    assert AwardLetter.objects.filter(calculation=done).count() == 1


def test_the_letter_is_delivered_audited_and_the_member_noticed():
    letter = awarded_letter()
    member = letter.document.member
    assert AuditEntry.objects.filter(action="applications.awardletter.delivered", member=member).count() == 1
    notice = OutboundEmail.objects.get(dedupe_key=f"applications:award_letter:{letter.calculation_id}")
    assert notice.to == member.notice_email and "award letter" in notice.body


# --- the same figures as the commands, for three members of different systems and structures ---------------------

MEMBERS = {
    "SERS regular, straight life, both taxes, insured": (
        {"system": "SERS", "benefit_structure": "DB_CLASSIFIED"},
        {"option": "STRAIGHT_LIFE", "plan": True},
        {"federal_withhold": True, "federal_filing_status": "SINGLE", "michigan_withhold": True,
         "michigan_filing_status": "SINGLE", "michigan_exemptions": 1}),
    "MPSERS MIP Fixed, 50% survivor, married filing jointly": (
        {"system": "MPSERS", "benefit_structure": "MIP_FIXED"},
        {"option": "SURVIVOR_50", "married": True},
        {"federal_withhold": True, "federal_filing_status": "MARRIED_JOINT",
         "federal_step4c_extra": Decimal("25.00"), "michigan_withhold": False}),
    "MPSERS Basic, 100% survivor, no withholding": (
        {"system": "MPSERS", "benefit_structure": "BASIC"},
        {"option": "SURVIVOR_100", "married": True},
        {}),
}


def retirement_facts_input(application, gross, tax_year):
    a = application
    federal = ({"withhold": False} if a.federal_withhold is False else
               {"filing_status": a.federal_filing_status, "step4c_extra": str(a.federal_step4c_extra)})
    michigan = ({"withhold": False} if a.michigan_withhold is False else
                {"filing_status": a.michigan_filing_status, "exemptions": a.michigan_exemptions,
                 "birth_year": a.member.date_of_birth.year})
    return {"system": a.member.system, "eligible_on": a.eligible_on.isoformat(),
            "terminated_on": a.last_day_worked.isoformat(),
            "submitted_on": a.submitted_at.date().isoformat(), "married": a.member.marital_status == "MARRIED",
            "option": a.option, "beneficiary_relationship": a.beneficiary_relationship or None,
            "equated": a.equated, "monthly_pension": gross, "tax_year": tax_year,
            "federal": federal, "michigan": michigan,
            "insurance_premium_monthly": str(a.insurance_member_share or 0)}


@pytest.mark.parametrize("case", list(MEMBERS), ids=list(MEMBERS))
def test_the_letters_figures_are_the_engines_and_the_rules(case, tmp_path):
    member_fields, answers, taxes = MEMBERS[case]
    member = ClaimedMemberFactory(**member_fields)
    application = submitted_application(member, married=answers.get("married", False), option=answers["option"],
                                        plan=PlanFactory() if answers.get("plan") else None)
    Application.objects.filter(pk=application.pk).update(**taxes)
    application.refresh_from_db()
    letter = awarded_letter(application)
    said, monthly = rows(letter), letter.content["monthly"]

    engine = run_command("estimate", tmp_path, letter.calculation.facts)
    option = next(row for row in engine["options"] if row["option"] == application.option)
    assert said["Final average compensation (FAC)"] == engine["fac"]
    assert said["Service credited, in years"] == engine["yos"]
    assert said["Straight life pension, monthly"] == engine["straight_life"]["monthly"]
    assert said["Option factor"] == option["factor"]
    assert said["Your monthly pension under this option"] == option["monthly"] == monthly["gross"]
    assert letter.content["fac_years"] == [[y["start"], y["end"], y["amount"], y["service"]]
                                           for y in engine["fac_years"]]
    if engine["cola"]:
        assert said["First increase"] == engine["cola"][0]["date"]
    else:
        assert said["Cost-of-living increase"] == "None is scheduled for your pension"

    assert monthly["tax_year"] == 2026  # the latest year with tables on or before the RED (2027)
    facts = run_command("retirement_facts", tmp_path, retirement_facts_input(application, monthly["gross"], 2026))
    assert said["Retirement effective date"] == facts["retirement_effective_date"]
    assert monthly["federal"] == facts["federal_withholding_monthly"]
    assert monthly["michigan"] == facts["michigan_withholding_monthly"]
    assert monthly["net"] == facts["net_monthly"]
    assert said["Your first payment is made on"] in facts["pay_dates"]


def test_the_first_payment_pays_back_to_the_red_when_the_award_comes_later():
    red, awarded_on = datetime.date(2027, 4, 1), datetime.date(2027, 6, 10)
    first = first_payment(retirement_effective_date=red, awarded_on=awarded_on)
    assert (first.paid_on, first.months, first.retroactive_months) == (datetime.date(2027, 6, 25), 3, 2)


def test_life_insurance_names_the_amount_when_the_active_coverage_is_on_record():
    from insurance.models import InsuranceProfile

    member = ClaimedMemberFactory()
    InsuranceProfile.objects.create(member=member, active_life_coverage=Decimal("52000.00"))
    said = rows(awarded_letter(submitted_application(member)))
    assert said["Your retiree life insurance"] == "13000.00"  # 25% (RULES §10)
    assert said["You may convert to a private policy"] == "39000.00"


def test_life_insurance_is_not_offered_to_an_mpsers_member():
    said = rows(awarded_letter(submitted_application(ClaimedMemberFactory(system="MPSERS",
                                                                          benefit_structure="MIP_FIXED"))))
    assert "SERS" in said["Group life insurance"] and "Your retiree life insurance" not in said


# --- the member's page and the PDF ----------------------------------------------------------------------------

def test_the_page_shows_the_letter_with_money_and_dates_formatted(client):
    letter = awarded_letter()
    application = letter.calculation.application
    client.force_login(application.member.user)
    body = client.get(award_page(application)).content.decode()
    gross = Decimal(letter.content["monthly"]["gross"])
    assert f"${gross:,.2f}" in body and "April 1, 2027" in body
    assert '<th scope="row"' in body and "<caption" in body


def test_the_status_page_links_to_the_letter_once_it_exists(client):
    calculation = approved()
    application = calculation.application
    client.force_login(application.member.user)
    status = reverse("applications:status", args=[application.pk])
    assert award_page(application) not in client.get(status).content.decode()
    produce_award_letter(calculation_id=calculation.pk)
    assert award_page(application) in client.get(status).content.decode()


def test_the_letter_marks_the_award_letter_sent_on_the_members_timeline_the_day_it_is_written():
    calculation = approved()
    produce_award_letter(calculation_id=calculation.pk, today=datetime.date(2027, 2, 10))
    milestone = Milestone.objects.get(application=calculation.application, kind=Milestone.Kind.AWARDED)
    assert milestone.on == datetime.date(2027, 2, 10)


def test_another_members_award_page_is_a_404(client, member):
    theirs = awarded_letter()
    client.force_login(member.user)
    assert client.get(award_page(theirs.calculation.application)).status_code == 404
    assert client.get(reverse("accounts:document_download", args=[theirs.document_id])).status_code == 404


def test_the_pdf_carries_the_net_payment():
    letter = awarded_letter()
    with letter.document.file.open("rb") as stored, pikepdf.open(io.BytesIO(stored.read())) as pdf:
        text = b"".join(page.Contents.read_bytes() for page in pdf.pages)
    net = Decimal(letter.content["monthly"]["net"])
    assert f"${net:,.2f}".encode() in text


def test_the_award_pages_queries_are_pinned(client, django_assert_num_queries):
    letter = awarded_letter()
    application = letter.calculation.application
    client.force_login(application.member.user)
    client.get(award_page(application))
    with django_assert_num_queries(3):  # the sign-in, the application, the letter
        assert client.get(award_page(application)).status_code == 200
