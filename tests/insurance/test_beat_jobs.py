"""The beat jobs send each notice exactly once, however often they run, and finish a batch a crash interrupted
(ARCHITECTURE.md "Background work that must happen exactly once"; issue 6 item 6)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEntry, Member, OutboundEmail
from insurance import services, tasks
from insurance.models import Enrolment, InsuranceProfile, OtherCoverageVerification
from insurance.rules.dependents import age_out_notice_date, dependent_eligibility
from insurance.rules.medicare import medicare_reminder_date
from pensions.engine.plans import System
from tests.factories import ClaimedMemberFactory
from tests.insurance.factories import ChildFactory, DependentFactory, enrol_at_retirement

pytestmark = pytest.mark.django_db

D = datetime.date


def notices(kind):
    return list(OutboundEmail.objects.filter(dedupe_key__startswith=f"insurance:{kind}:").order_by("dedupe_key"))


def retiree_with_child(born, **child):
    member = ClaimedMemberFactory(status=Member.Status.RETIRED)
    kid = ChildFactory(member=member, birth_date=born, **child)
    enrol_at_retirement(member, retirement_effective_date=D(2020, 1, 1), dependents=[kid], received=D(2019, 11, 1))
    return member, kid


class Crash(Exception):
    """A worker killed half-way through a batch."""


def on(day):
    """The beat task runs on ``day`` (10 a.m. in Lansing)."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 15, tzinfo=datetime.timezone.utc),
                               tick=False)


def crash_on(call_number):
    """Let queue_email write its outbox row, then crash on the ``call_number``-th notice (before it commits)."""
    real = services.queue_email
    calls = {"n": 0}

    def queue_email(**kwargs):
        row = real(**kwargs)
        calls["n"] += 1
        if calls["n"] == call_number:
            raise Crash
        return row

    return mock.patch("insurance.services.queue_email", side_effect=queue_email)


# ---------------------------------------------------------------------------------------------------------------
# Ages out
# ---------------------------------------------------------------------------------------------------------------

def test_the_age_out_notice_goes_two_months_before_and_only_once():
    member, kid = retiree_with_child(D(2008, 1, 15))  # SERS: eligible to January 31, 2027; notice December 1, 2026
    ends = dependent_eligibility(system=System.SERS, dependent=kid.as_rule(), on=D(2026, 11, 30)).ends_on
    assert ends == D(2027, 1, 31) and age_out_notice_date(ends) == D(2026, 12, 1)
    assert services.send_age_out_notices(today=D(2026, 11, 30)) == 0
    assert services.send_age_out_notices(today=D(2026, 12, 1)) == 1
    assert services.send_age_out_notices(today=D(2026, 12, 1)) == 0
    assert services.send_age_out_notices(today=D(2026, 12, 15)) == 0
    [notice] = notices("age-out")
    assert notice.to == member.user.email and "January 31, 2027" in notice.body
    assert notice.dedupe_key == f"insurance:age-out:{kid.pk}:2027-01-31"


def test_no_age_out_notice_for_those_who_do_not_age_out():
    retiree_with_child(D(1990, 5, 5), disabled=True, dependent_for_support=True)  # disabled child: no age limit
    member = ClaimedMemberFactory(status=Member.Status.RETIRED)
    spouse = DependentFactory(member=member)
    enrol_at_retirement(member, retirement_effective_date=D(2020, 1, 1), dependents=[spouse], received=D(2019, 11, 1))
    assert services.send_age_out_notices(today=D(2026, 12, 1)) == 0


def test_a_dependent_not_covered_gets_no_age_out_notice():
    member = ClaimedMemberFactory(status=Member.Status.RETIRED)
    ChildFactory(member=member, birth_date=D(2008, 1, 15))
    enrol_at_retirement(member, retirement_effective_date=D(2020, 1, 1), received=D(2019, 11, 1))
    assert services.send_age_out_notices(today=D(2026, 12, 1)) == 0


@pytest.mark.django_db(transaction=True)
def test_an_age_out_batch_interrupted_half_way_finishes_on_the_rerun_without_duplicates():
    kids = [retiree_with_child(D(2008, 1, day))[1] for day in (3, 9, 20)]
    with crash_on(2), pytest.raises(Crash):
        services.send_age_out_notices(today=D(2026, 12, 1))
    assert len(notices("age-out")) == 1  # the second notice was rolled back with the crash
    with on(D(2026, 12, 1)):
        assert tasks.send_age_out_notices_task.delay().get() == 2  # the beat task's rerun sends the other two
        assert tasks.send_age_out_notices_task.delay().get() == 0
    assert [n.dedupe_key for n in notices("age-out")] == sorted(f"insurance:age-out:{k.pk}:2027-01-31" for k in kids)


# ---------------------------------------------------------------------------------------------------------------
# Medicare at 65
# ---------------------------------------------------------------------------------------------------------------

def enrolled(born, **fields):
    member = ClaimedMemberFactory(status=Member.Status.RETIRED, date_of_birth=born, **fields)
    enrol_at_retirement(member, retirement_effective_date=D(2020, 1, 1), received=D(2019, 11, 1))
    return member


def test_the_medicare_reminder_goes_three_months_before_65_and_only_once():
    member = enrolled(D(1962, 2, 20))
    assert medicare_reminder_date(member.date_of_birth) == D(2026, 11, 20)
    assert services.send_medicare_reminders(today=D(2026, 11, 19)) == 0
    assert services.send_medicare_reminders(today=D(2026, 11, 20)) == 1
    assert services.send_medicare_reminders(today=D(2026, 11, 20)) == 0
    assert services.send_medicare_reminders(today=D(2027, 1, 5)) == 0
    [notice] = notices("medicare-reminder")
    assert notice.dedupe_key == f"insurance:medicare-reminder:member:{member.pk}"
    assert "February 1, 2027" in notice.body  # Parts A and B needed from the first day of the 65th birthday month


def test_a_covered_spouse_turning_65_is_reminded_too_but_not_someone_with_medicare():
    member = enrolled(D(1950, 1, 1))
    spouse = DependentFactory(member=member, birth_date=D(1962, 1, 5))
    with_medicare = DependentFactory(member=member, birth_date=D(1962, 1, 6), medicare_part_a=D(2027, 1, 1),
                                     medicare_part_b=D(2027, 1, 1))
    enrolment = Enrolment.objects.get(member=member)
    enrolment.covered.create(dependent=spouse)
    enrolment.covered.create(dependent=with_medicare)
    assert services.send_medicare_reminders(today=D(2026, 11, 23)) == 1
    assert [n.dedupe_key for n in notices("medicare-reminder")] == [
        f"insurance:medicare-reminder:dependent:{spouse.pk}"]


def test_no_medicare_reminder_without_coverage_or_for_a_retiree_with_medicare():
    ClaimedMemberFactory(status=Member.Status.RETIRED, date_of_birth=D(1962, 2, 20))  # not enrolled
    member = enrolled(D(1962, 2, 21))
    InsuranceProfile.objects.filter(member=member).update(medicare_part_a=D(2027, 2, 1), medicare_part_b=D(2027, 2, 1))
    assert services.send_medicare_reminders(today=D(2026, 11, 23)) == 0


@pytest.mark.django_db(transaction=True)
def test_a_medicare_batch_interrupted_half_way_finishes_on_the_rerun_without_duplicates():
    members = [enrolled(D(1962, 2, day)) for day in (1, 2, 3)]
    with crash_on(3), pytest.raises(Crash):
        services.send_medicare_reminders(today=D(2026, 11, 23))
    assert len(notices("medicare-reminder")) == 2
    with on(D(2026, 11, 23)):
        assert tasks.send_medicare_reminders_task.delay().get() == 1
        assert tasks.send_medicare_reminders_task.delay().get() == 0
    assert sorted(n.dedupe_key for n in notices("medicare-reminder")) == sorted(
        f"insurance:medicare-reminder:member:{m.pk}" for m in members)


# ---------------------------------------------------------------------------------------------------------------
# Yearly verification of other coverage
# ---------------------------------------------------------------------------------------------------------------

def enrolled_since(begins):
    member = ClaimedMemberFactory(status=Member.Status.RETIRED)
    enrolment = enrol_at_retirement(member, retirement_effective_date=begins,
                                    received=begins - datetime.timedelta(days=60))
    return member, enrolment


def test_the_verification_is_asked_on_the_anniversary_once():
    member, enrolment = enrolled_since(D(2025, 11, 1))
    assert services.run_other_coverage_verification(today=D(2026, 10, 31)) == (0, 0)
    assert services.run_other_coverage_verification(today=D(2026, 11, 1)) == (1, 0)
    assert services.run_other_coverage_verification(today=D(2026, 11, 1)) == (0, 0)
    verification = OtherCoverageVerification.objects.get(enrolment=enrolment)
    assert (verification.requested_on, verification.answer_due) == (D(2026, 11, 1), D(2026, 12, 1))
    [notice] = notices("verification-request")
    assert notice.to == member.user.email and "December 1, 2026" in notice.body


def test_an_answered_verification_keeps_the_coverage(member_client, member):
    enrolment = enrol_at_retirement(member, retirement_effective_date=D(2025, 11, 1), received=D(2025, 9, 1))
    services.run_other_coverage_verification(today=D(2026, 11, 1))
    response = member_client.post(reverse("insurance:verification"), {"has_other_coverage": "no"})
    assert response.status_code == 302
    assert services.run_other_coverage_verification(today=D(2026, 12, 2)) == (0, 0)
    enrolment.refresh_from_db()
    assert enrolment.ends_on is None and notices("verification-cancelled") == []


def test_no_answer_cancels_the_coverage_with_one_notice():
    member, enrolment = enrolled_since(D(2025, 11, 1))
    services.run_other_coverage_verification(today=D(2026, 11, 1))
    assert services.run_other_coverage_verification(today=D(2026, 12, 1)) == (0, 0)  # the last day to answer
    assert services.run_other_coverage_verification(today=D(2026, 12, 2)) == (0, 1)
    assert services.run_other_coverage_verification(today=D(2026, 12, 2)) == (0, 0)
    enrolment.refresh_from_db()
    assert enrolment.ends_on == D(2026, 12, 31)
    assert enrolment.end_reason == Enrolment.EndReason.NO_VERIFICATION_ANSWER
    [notice] = notices("verification-cancelled")
    assert "December 31, 2026" in notice.body


@pytest.mark.django_db(transaction=True)
def test_a_verification_batch_interrupted_half_way_finishes_on_the_rerun_without_duplicates():
    enrolments = [enrolled_since(D(2025, 11, day))[1] for day in (1, 1, 1)]
    services.run_other_coverage_verification(today=D(2026, 11, 1))
    with crash_on(2), pytest.raises(Crash):
        services.run_other_coverage_verification(today=D(2026, 12, 2))
    assert len(notices("verification-cancelled")) == 1
    assert OtherCoverageVerification.objects.filter(outcome="EXPIRED").count() == 1  # the crash rolled its claim back
    with on(D(2026, 12, 2)):
        assert tuple(tasks.verify_other_coverage_task.delay().get()) == (0, 2)
        assert tuple(tasks.verify_other_coverage_task.delay().get()) == (0, 0)
    assert len(notices("verification-cancelled")) == 3 and len(notices("verification-request")) == 3
    for enrolment in enrolments:
        enrolment.refresh_from_db()
        assert enrolment.ends_on == D(2026, 12, 31)


def test_the_medicare_reminder_says_the_age_and_the_date():
    enrolled(D(1962, 2, 20))
    services.send_medicare_reminders(today=D(2026, 11, 20))
    [notice] = notices("medicare-reminder")
    assert notice.subject == "Enrol in Medicare before age 65"
    assert "turns 65 soon" in notice.body and "by February 1, 2027" in notice.body


def test_a_coverage_cancelled_for_no_answer_is_in_the_audit_trail():
    member, enrolment = enrolled_since(D(2025, 11, 1))
    services.run_other_coverage_verification(today=D(2026, 11, 1))
    services.run_other_coverage_verification(today=D(2026, 12, 2))
    assert AuditEntry.objects.filter(member=member, action="insurance.verification.expired").count() == 1
