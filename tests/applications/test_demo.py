"""The demo data shows the application at once (issue 17 item 7): a married member's draft in progress."""

import io

import pytest
from django.core.management import call_command

from applications import steps
from applications.models import Application
from applications.steps import StepState

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_draft_in_progress_for_the_married_member_planning_to_retire(seeded):
    draft = Application.objects.select_related("member").get(member__member_id="10000001")
    assert draft.state == Application.State.DRAFT
    assert (draft.option, draft.beneficiary_name, draft.spousal_waiver_required) == ("SURVIVOR_50", "Luis Alvarez",
                                                                                     True)
    assert {step.key: step.state for step in steps.steps_of(draft)} == {
        "option": StepState.COMPLETED, "insurance": StepState.NOT_STARTED, "tax": StepState.COMPLETED,
        "deposit": StepState.NOT_STARTED, "submit": StepState.CANNOT_START_YET}


def test_seeding_again_adds_no_application(seeded):
    call_command("seed_demo", stdout=io.StringIO())
    assert Application.objects.filter(member__member_id="10000001").count() == 1
