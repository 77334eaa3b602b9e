"""Demo insurance data (idempotent; plans, two fiscal years of rates, dependents of every kind) and the staff groups'
insurance permissions from the data migration."""

import importlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from insurance.models import Dependent, Enrolment, PlanKind, PremiumRate, Proof, Relation
from insurance.rules.effective_dates import CoverageRule

pytestmark = pytest.mark.django_db


def test_the_demo_has_plans_two_fiscal_years_of_rates_and_dependents_of_every_kind():
    call_command("seed_demo", stdout=io.StringIO())
    counts = {model: model.objects.count() for model in (Dependent, PremiumRate, Proof, Enrolment)}
    call_command("seed_demo", stdout=io.StringIO())
    assert {model: model.objects.count() for model in counts} == counts  # a second run duplicates nothing
    assert set(Dependent.objects.values_list("relation", flat=True)) == set(Relation.values)
    assert set(PremiumRate.objects.values_list("plan__kind", flat=True)) == set(PlanKind.values)
    years = set(PremiumRate.objects.values_list("fiscal_year", flat=True))
    assert len(years) == 2 and min(years) + 1 == max(years)
    assert {"disabled", "student", "stepchild"} <= {
        "disabled" if d.disabled else "student" if d.student != "NONE" else d.relation.lower()
        for d in Dependent.objects.all()}
    enrolment = Enrolment.objects.get(status=Enrolment.Status.SUBMITTED)
    assert enrolment.rule == CoverageRule.AT_RETIREMENT_ON_RED.value and enrolment.rule_text


def permissions_of(name):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}


def test_reviewers_review_proofs_and_supervisors_keep_the_catalogue():
    reviewer, supervisor = permissions_of("Reviewer"), permissions_of("Supervisor")
    assert {"insurance.change_proof", "insurance.view_dependent", "insurance.view_enrolment"} <= reviewer
    assert not {"insurance.change_premiumrate", "insurance.change_plan", "insurance.change_dependent"} & reviewer
    assert {"insurance.add_premiumrate", "insurance.change_premiumrate", "insurance.change_plan",
            "insurance.change_subsidyrule", "insurance.change_insuranceprofile"} <= supervisor
    migration = importlib.import_module("insurance.migrations.0002_staff_groups")
    assert {f"{app}.{code}" for app, code in migration.REVIEWER + migration.SUPERVISOR_ALSO} <= supervisor
