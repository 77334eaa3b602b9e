"""Retiree insurance in the browser: a member adds a dependent with proofs; a retiree enters Medicare, changes plans
and reads the date coverage begins, and why, before submitting; a reviewer accepts one proof and rejects another.

Every page visited passes check_page: axe-core at WCAG 2.1 A/AA, no CSP violation, no console error, a visible
sign-out control once signed in.
"""

import datetime
import importlib
import io
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.models import Member
from accounts.uploads import validate_upload
from insurance import services
from insurance.models import Enrolment, PlanKind, Proof, ServiceArea
from insurance.rules import catalogue as catalogue_rules
from insurance.rules.effective_dates import Situation, coverage_effective_date
from insurance.rules.medicare import MEDICARE_MESSAGES, MedicareFinding
from tests.e2e.conftest import check_page, submit
from tests.e2e.conftest import sign_in as sign_in_here
from tests.e2e.test_staff_mfa_journey import reviewer_group
from tests.factories import ClaimedMemberFactory, MailingAddressFactory, StaffUserFactory
from tests.insurance.factories import (
    DependentFactory,
    InsuranceProfileFactory,
    PlanFactory,
    PremiumRateFactory,
    enrol_at_retirement,
)

pytestmark = pytest.mark.e2e


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, format="PNG")
    return {"name": "certificate.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def sign_in(page, user, path, secret=None):
    page.goto(path)
    sign_in_here(page, user.email, secret=secret)


def long_date(day):
    return f"{day:%A, %B} {day.day}, {day.year}"


def test_a_member_adds_a_dependent_and_uploads_the_proofs(page, transactional_db):
    member = ClaimedMemberFactory(first_name="Avery", user__email="avery.ins@example.org")
    sign_in(page, member.user, "/insurance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insurance")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Add a dependent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a dependent")
    check_page(page, signed_in=True)
    page.get_by_label("First name").fill("Jamie")
    page.get_by_label("Last name").fill("Quinn")
    page.get_by_label("Relationship to you").select_option("SPOUSE")
    page.get_by_label("Birth date").fill("1967-08-19")
    submit(page, "Add the dependent")

    expect(page.get_by_role("heading", level=1)).to_have_text("Jamie Quinn")
    expect(page.get_by_role("status")).to_contain_text("Jamie Quinn is added.")
    proofs = page.get_by_role("table")
    expect(proofs).to_contain_text("Marriage certificate")
    expect(proofs).to_contain_text("Spouse's birth certificate")
    check_page(page, signed_in=True)

    for label in ("Marriage certificate", "Spouse's birth certificate"):
        page.get_by_label("Which proof is this?").select_option(label=label)
        page.get_by_label("File").set_input_files(png())
        submit(page, "Upload the proof")
        expect(page.get_by_role("status")).to_contain_text("Your proof is uploaded.")
        check_page(page, signed_in=True)
    expect(proofs.get_by_text("Waiting for review")).to_have_count(2)
    assert set(Proof.objects.filter(member=member).values_list("kind", flat=True)) == {
        "MARRIAGE_CERTIFICATE", "SPOUSE_BIRTH_CERTIFICATE"}

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Marriage certificate (Jamie Quinn)")
    check_page(page, signed_in=True)


def test_a_retiree_enters_medicare_and_reads_when_the_plan_change_begins_before_submitting(page, transactional_db):
    member = ClaimedMemberFactory(first_name="Rowan", user__email="rowan.ins@example.org", status=Member.Status.RETIRED,
                                  date_of_birth=datetime.date(1958, 3, 4))
    MailingAddressFactory(member=member)
    PlanFactory(name="Blue Preferred PPO", kind=PlanKind.HEALTH_PPO, service_area=ServiceArea.NATIONWIDE)
    hmo = PlanFactory(name="Capital Area HMO", kind=PlanKind.HEALTH_HMO, service_area=ServiceArea.REGIONAL,
                      zip_prefixes="489")
    enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1),
                        received=datetime.date(2019, 11, 1))

    sign_in(page, member.user, "/insurance/medicare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Medicare")
    why = page.get_by_role("region", name="Why we need it")
    for finding in (MedicareFinding.NO_PART_B, MedicareFinding.INDIVIDUAL_PART_D):
        expect(why).to_contain_text(MEDICARE_MESSAGES[finding])
    # Past 65 with nothing on file: the page says what is wrong now, too.
    expect(why.locator(".alert-warning").first).to_contain_text(
        MEDICARE_MESSAGES[MedicareFinding.NO_PART_A])
    check_page(page, signed_in=True)
    page.get_by_label("Yes, in Part A and Part B").check()
    page.get_by_label("Medicare number").fill("1EG4-TE5-MK73")
    page.get_by_label("Part A (hospital) starts on").fill("2023-03-01")
    page.get_by_label("Part B (medical) starts on").fill("2023-03-01")
    submit(page, "Save Medicare")
    expect(page.get_by_role("status")).to_contain_text("Medicare for you is saved.")
    expect(page.get_by_text("••••-•••-MK73")).to_be_visible()
    assert "1EG4TE5MK73" not in page.content()
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Enrol or change your coverage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrol or change your coverage")
    check_page(page, signed_in=True)
    page.get_by_label("Changing plans or who is covered").check()
    page.get_by_label("Health plan").select_option(label=f"Capital Area HMO — {hmo.carrier.name}")
    submit(page, "Continue")

    expect(page.get_by_text("Every proof is in.")).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_role("link", name="See when coverage begins, then submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("When your coverage begins")
    decision = coverage_effective_date(situation=Situation.PLAN_CHANGE, medicare=True,
                                       documents_received=timezone.localdate())
    section = page.get_by_role("region", name="If you submit today")
    expect(section).to_contain_text(f"Your coverage begins on {long_date(decision.coverage_begins)}.")
    expect(section).to_contain_text("Second month after documents received: a change of plan with Medicare")
    expect(section).to_contain_text("Rowan Member has Medicare Parts A and B on file, so the dates for people with "
                                    "Medicare apply.")
    check_page(page, signed_in=True)

    page.get_by_label(re.compile("I have read that my coverage begins on")).check()
    submit(page, "Submit my request")
    expect(page.get_by_role("status")).to_contain_text("Your request is submitted.")
    expect(page.get_by_role("region", name="When coverage begins")).to_contain_text(long_date(decision.coverage_begins))
    check_page(page, signed_in=True)
    change = Enrolment.objects.get(member=member, situation="PLAN_CHANGE")
    assert (change.coverage_begins, change.rule, change.medicare) == (decision.coverage_begins,
                                                                     decision.rule.value, True)


@pytest.fixture
def insurance_reviewer(transactional_db):
    migration = importlib.import_module("insurance.migrations.0002_staff_groups")
    group = reviewer_group()
    group.permissions.add(*[Permission.objects.get(content_type__app_label=app, codename=code)
                            for app, code in migration.REVIEWER])
    user = StaffUserFactory(email="proofs.reviewer@ors.example", first_name="Robin", last_name="Reviewer")
    user.groups.add(group)
    return user


def test_a_reviewer_accepts_one_proof_and_rejects_another(page, insurance_reviewer):
    member = ClaimedMemberFactory(first_name="Harper", member_id="20240419")
    spouse = DependentFactory(member=member, first_name="Quinn", last_name="Lee", medicare_number="1EG4TE5MK73")
    proofs = {kind: services.upload_proof(
        member=member, dependent=spouse, kind=kind, actor=member.user,
        clean_file=validate_upload(SimpleUploadedFile("proof.png", png()["buffer"])))
        for kind in ("MARRIAGE_CERTIFICATE", "SPOUSE_BIRTH_CERTIFICATE")}
    secret = generate_totp_secret()
    TOTP.activate(insurance_reviewer, secret)

    sign_in(page, insurance_reviewer, "/admin/", secret)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Proofs", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/insurance/proof/$"))
    check_page(page, signed_in=True)

    page.goto(f"/admin/insurance/proof/{proofs['MARRIAGE_CERTIFICATE'].pk}/change/")
    expect(page.get_by_text("Quinn Lee (Spouse)")).to_be_visible()
    check_page(page, signed_in=True)
    page.get_by_label("Accept the proof").check()
    submit(page, "Save")
    expect(page).to_have_url(re.compile(r"/admin/insurance/proof/$"))
    check_page(page, signed_in=True)

    page.goto(f"/admin/insurance/proof/{proofs['SPOUSE_BIRTH_CERTIFICATE'].pk}/change/")
    page.get_by_label("Do not accept it").check()
    page.get_by_label("Reason (the member reads it as written)").fill("The birth date is covered by a sticker.")
    submit(page, "Save")
    expect(page).to_have_url(re.compile(r"/admin/insurance/proof/$"))
    check_page(page, signed_in=True)

    # The rest of the member's insurance, read-only for a reviewer, with the Medicare number masked.
    enrolment = enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1), dependents=[spouse],
                                    received=datetime.date(2019, 11, 1))
    for path in (f"/admin/insurance/dependent/{spouse.pk}/change/", "/admin/insurance/enrolment/",
                 f"/admin/insurance/enrolment/{enrolment.pk}/change/"):
        page.goto(path)
        check_page(page, signed_in=True)
    page.goto(f"/admin/insurance/dependent/{spouse.pk}/change/")
    expect(page.get_by_text("••••-•••-MK73")).to_be_visible()
    assert "1EG4TE5MK73" not in page.content()

    statuses = dict(Proof.objects.filter(member=member).values_list("kind", "status"))
    assert statuses == {"MARRIAGE_CERTIFICATE": "ACCEPTED", "SPOUSE_BIRTH_CERTIFICATE": "REJECTED"}
    assert Proof.objects.get(kind="SPOUSE_BIRTH_CERTIFICATE").rejection_reason == (
        "The birth date is covered by a sticker.")


def test_a_retiree_visits_every_other_insurance_page(page, transactional_db):
    member = ClaimedMemberFactory(first_name="Sasha", user__email="sasha.ins@example.org", status=Member.Status.RETIRED)
    MailingAddressFactory(member=member)
    plan = PlanFactory(name="Blue Preferred PPO", kind=PlanKind.HEALTH_PPO, service_area=ServiceArea.NATIONWIDE)
    PremiumRateFactory(plan=plan, fiscal_year=catalogue_rules.fiscal_year(timezone.localdate()), tier="TWO_PEOPLE")
    InsuranceProfileFactory(member=member, active_life_coverage=40000, meets_regular_age_and_service=True,
                            retirement_effective_date=datetime.date(2020, 1, 1))
    spouse = DependentFactory(member=member, first_name="Morgan", last_name="Lee", life_enrolled_while_active=True)
    enrol_at_retirement(member, retirement_effective_date=datetime.date(2020, 1, 1), dependents=[spouse],
                        plans={"health_plan": plan}, received=datetime.date(2019, 11, 1))
    sign_in(page, member.user, "/insurance/")
    check_page(page, signed_in=True)

    page.get_by_role("link", name="Compare the plans and premium rates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans and premium rates")
    check_page(page, signed_in=True)

    page.goto(f"/insurance/dependents/{spouse.pk}/")
    for link, heading in (("Change the details", "Change the details of Morgan Lee"),
                          ("Enter or update Medicare for Morgan", "Medicare for Morgan Lee"),
                          ("Stop covering Morgan", "Stop covering Morgan Lee"),
                          ("Report a divorce", "Report a divorce")):
        page.goto(f"/insurance/dependents/{spouse.pk}/")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page, signed_in=True)
    page.get_by_label("Date of the divorce").fill(timezone.localdate().replace(day=1).isoformat())
    submit(page, "Continue")
    expect(page.get_by_role("status")).to_contain_text("Coverage for Morgan Lee ends on")
    check_page(page, signed_in=True)

    for path, heading in (("/insurance/cancel/", "Cancel your insurance"),
                          ("/insurance/verification/", "Verification of other coverage"),
                          ("/insurance/life/", "Life insurance")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_page(page, signed_in=True)
    page.get_by_role("link", name="Add a beneficiary").click()
    page.get_by_label("Beneficiary").select_option("TRUST")
    page.get_by_label("Name (of the person, or of the trust)").fill("The Lee Family Trust")
    page.get_by_label("Share (percent)").fill("100")
    check_page(page, signed_in=True)
    submit(page, "Add the beneficiary")
    beneficiaries = page.get_by_role("table", name="Beneficiaries of your life insurance")
    expect(beneficiaries).to_contain_text("The Lee Family Trust")
    check_page(page, signed_in=True)
    page.get_by_role("link", name="Remove The Lee Family Trust").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove The Lee Family Trust")
    check_page(page, signed_in=True)
