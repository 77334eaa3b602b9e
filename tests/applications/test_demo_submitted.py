"""The demo's submitted applications (issue 17 item 7): one with proofs missing, one ready for staff, each with its
acknowledgment letter; seeding again changes nothing."""

import io

import pytest
from django.core.management import call_command

from applications.models import AcknowledgmentLetter, Application
from applications.submitted_selectors import checklist_for_application

pytestmark = pytest.mark.django_db


def checklist_of(member_id):
    application = Application.objects.select_related("member").get(member__member_id=member_id)
    return checklist_for_application(application=application).checklist


def test_linda_carters_application_is_submitted_with_proofs_missing(seeded):
    assert [item.label for item in checklist_of("20000002").to_send] == [
        "Proof of your survivor beneficiary's age", "Marriage certificate"]


def test_thomas_whitfields_application_is_ready_for_staff(seeded):
    checklist = checklist_of("10000006")
    assert checklist.all_in_hand and not checklist.complete


def test_each_demo_application_gets_its_letter_once_seeding_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert AcknowledgmentLetter.objects.filter(
        application__member__member_id__in=["20000002", "10000006"]).count() == 2


def test_seeding_again_adds_no_application(seeded):
    before = Application.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Application.objects.count() == before
